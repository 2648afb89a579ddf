"""The English catalog is complete, up to date with the source, and used when English is chosen."""

from __future__ import annotations

import hashlib
import html
import io
import os
import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.util import pathmatch
from flask import Flask
from flask.testing import FlaskClient

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "dialogue" / "translations"
ENGLISH_PO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
TEMPLATE_POT = TRANSLATIONS / "messages.pot"
#: The same extra keywords as `make extract-messages` (pybabel extract -k _l -k lazy_gettext).
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]")
EXTRACTION_CACHE = "kernpunt/i18n-extraction"
FIX_CATALOG = "run `make extract-messages` and translate the new entries in {po}"


@cache
def read_catalog(path: Path) -> Catalog:
    """Parse a .po or .pot file once per test session."""
    with path.open("rb") as handle:
        return read_po(handle)


def messages(catalog: Catalog) -> list[Message]:
    """Return the catalog's entries without the header."""
    return [message for message in catalog if message.id]


def forms(value: str | tuple[str, ...]) -> tuple[str, ...]:
    """Return the singular and plural forms of a msgid or msgstr as a tuple."""
    return value if isinstance(value, tuple) else (value,)


def key(message_id: str | tuple[str, ...]) -> str:
    """Identify a message by its singular msgid (plural entries share it)."""
    return forms(message_id)[0]


def mapped_source_files() -> list[tuple[str, str, dict]]:
    """List (path, method, options) for every file babel.cfg maps, walking like pybabel extract."""
    with (ROOT / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle, "babel.cfg")
    top_dirs = {pattern.split("/", 1)[0] for pattern, _method in method_map}
    files = []
    for directory, dirnames, filenames in os.walk(ROOT):
        relative_dir = Path(directory).relative_to(ROOT)
        dirnames[:] = sorted(
            name
            for name in dirnames
            if not name.startswith((".", "_")) and (relative_dir.parts or name in top_dirs)
        )
        for filename in sorted(filenames):
            relative = (relative_dir / filename).as_posix()
            for pattern, method in method_map:
                if pathmatch(pattern, relative):
                    files.append((relative, method, options_map[pattern]))
                    break
    return files


@pytest.fixture(scope="session")
def source_messages(request: pytest.FixtureRequest) -> dict[str, str]:
    """Extract the messages of the source; map each msgid to its first location.

    Results are cached per file content in pytest's cache, so only changed files are parsed again.
    """
    store = getattr(request.config, "cache", None)
    known = store.get(EXTRACTION_CACHE, {}) if store else {}
    fresh, found = {}, {}
    for relative, method, options in mapped_source_files():
        content = (ROOT / relative).read_bytes()
        digest = hashlib.sha256(content + repr(sorted(KEYWORDS)).encode()).hexdigest()
        entry = known.get(relative)
        if not entry or entry["digest"] != digest:
            extracted = extract(method, io.BytesIO(content), keywords=KEYWORDS, options=options)
            entry = {"digest": digest, "messages": [[key(m[1]), m[0]] for m in extracted]}
        fresh[relative] = entry
        for msgid, lineno in entry["messages"]:
            found.setdefault(msgid, f"{relative}:{lineno}")
    if store:
        store.set(EXTRACTION_CACHE, fresh)
    return found


def test_english_catalog_is_complete_and_reviewed():
    untranslated, fuzzy = [], []
    for message in messages(read_catalog(ENGLISH_PO)):
        if message.fuzzy:
            fuzzy.append(key(message.id))
        if not all(forms(message.string)):
            untranslated.append(key(message.id))
    assert not untranslated, (
        f"untranslated entries ({FIX_CATALOG.format(po=ENGLISH_PO.name)}):\n"
        + "\n".join(untranslated)
    )
    assert not fuzzy, (
        "fuzzy entries: check each translation, then remove the fuzzy flag:\n" + "\n".join(fuzzy)
    )
    assert not read_catalog(ENGLISH_PO).obsolete, (
        "remove the obsolete (#~) entries from the catalog"
    )


def test_english_translations_keep_every_placeholder():
    catalog = read_catalog(ENGLISH_PO)
    broken = []
    for message in messages(catalog):
        ids, strings = forms(message.id), forms(message.string)
        for index, string in enumerate(strings):
            source = ids[min(index, len(ids) - 1)]
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(string)):
                broken.append(f"{source!r} -> {string!r}")
    broken += [f"{key(message.id)!r}: {errors}" for message, errors in catalog.check()]
    assert not broken, "placeholders differ from the msgid:\n" + "\n".join(broken)


def test_every_string_in_the_source_is_in_the_catalogs(source_messages):
    in_source = source_messages
    assert len(in_source) > 100, "extraction found almost nothing: is babel.cfg still right?"
    for path in (TEMPLATE_POT, ENGLISH_PO):
        known = {key(message.id) for message in messages(read_catalog(path))}
        missing = [
            f"{where}: {msgid!r}" for msgid, where in in_source.items() if msgid not in known
        ]
        assert not missing, (
            f"{path.name} lacks strings from the source; {FIX_CATALOG.format(po=ENGLISH_PO.name)}:\n"
            + "\n".join(missing)
        )


def test_english_catalog_has_no_strings_the_source_dropped(source_messages):
    stale = sorted(
        {key(message.id) for message in messages(read_catalog(ENGLISH_PO))} - set(source_messages)
    )
    assert not stale, (
        f"strings no longer in the source; {FIX_CATALOG.format(po=ENGLISH_PO.name)}:\n"
        + "\n".join(stale)
    )


@pytest.fixture
def english_ready_app(make_app, tmp_path: Path) -> Flask:
    """Build an app whose catalog is compiled from the current .po (no `make translations` needed)."""
    target = tmp_path / "translations" / "en" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "messages.mo").open("wb") as handle:
        write_mo(handle, read_catalog(ENGLISH_PO))
    return make_app(BABEL_TRANSLATION_DIRECTORIES=str(tmp_path / "translations"))


def switch_to_english(client: FlaskClient) -> None:
    """Use the language button like a visitor: POST /taal with the page's CSRF token."""
    page = client.get("/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token, "the language switch form has no CSRF token"
    response = client.post("/taal", data={"lang": "en", "next": "/", "csrf_token": token.group(1)})
    assert response.status_code == 302


def word_positions(text: str, phrase: str) -> list[int]:
    """Return where phrase occurs in text as whole words (plain search: regexes are too slow here)."""
    positions, start = [], text.find(phrase)
    while start != -1:
        end = start + len(phrase)
        if not (start and text[start - 1].isalnum()) and not (
            end < len(text) and text[end].isalnum()
        ):
            positions.append(start)
        start = text.find(phrase, start + 1)
    return positions


def catalog_strings_on(page: str) -> list[Message]:
    """Return the entries (without placeholders) whose Dutch text is on the page, longest first.

    A string found inside a longer one ("geen" in "Er zijn geen ...") does not count.
    """
    text = html.unescape(page)
    candidates = [
        message
        for message in messages(read_catalog(ENGLISH_PO))
        if "%" not in key(message.id)
        and key(message.id) != forms(message.string)[0]
        and len(key(message.id)) >= 4
    ]
    found = []
    for message in sorted(candidates, key=lambda message: -len(key(message.id))):
        msgid = key(message.id)
        positions = word_positions(text, msgid)
        if positions:
            found.append(message)
            for start in positions:
                text = text[:start] + "\0" * len(msgid) + text[start + len(msgid) :]
    return found


PAGES = {"/": 200, "/account/inloggen": 200, "/bestaat-niet": 404}


def test_pages_are_english_after_the_switch(english_ready_app):
    client = english_ready_app.test_client()
    dutch = {}
    for path, status in PAGES.items():
        response = client.get(path)
        assert response.status_code == status
        assert 'lang="nl"' in response.get_data(as_text=True)
        dutch[path] = catalog_strings_on(response.get_data(as_text=True))
        assert len(dutch[path]) >= 3, (
            f"{path} shows almost no catalog strings: the check proves nothing"
        )

    switch_to_english(client)
    for path, status in PAGES.items():
        response = client.get(path)
        assert response.status_code == status
        page = response.get_data(as_text=True)
        assert 'lang="en"' in page, path
        text = html.unescape(page)
        for message in dutch[path]:
            msgid, msgstr = key(message.id), forms(message.string)[0]
            assert msgstr in text, f"{path}: English text {msgstr!r} missing"
            assert not word_positions(text, msgid), f"{path}: Dutch {msgid!r} still shown"


def test_catalog_files_are_not_committed_compiled():
    assert "*.mo" in (ROOT / ".gitignore").read_text().split(), (
        "compiled catalogs belong in the build"
    )
