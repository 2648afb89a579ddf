"""Issue 17, item 6: the mechanical renames, re-runnable on any tree (delete this file later).

Run from the repository root: ``.venv/bin/python scripts/refactor/rename_17.py``. It is
idempotent: a second run changes nothing. It works by pattern, not by line number, so code
that others wrote with the old names is rewritten too. What it does:

1. ``Area`` -> ``Kern`` in the code: the model, ``area``/``areas``/``area_id`` and every
   identifier made of them (``admin_areas`` -> ``admin_kernen``, ``AreaForm`` -> ``KernForm``),
   also in templates and tests, and the template ``consultations/admin_areas.html``.
   Kept on purpose (see KEEP): API v1's JSON fields ``area``/``areas``; the audit actions
   ``area.create``/``area.rename``/``area.import`` already in the append-only audit log; the
   key ``area`` of nlp's records and of the demo corpus file (``nlp/`` knows no models and
   its JSONL format is documented); ``TextAreaField`` and ``textarea``. Migrations, docs,
   ``nlp/`` and the translations are not touched by this step.
2. The ``analysis`` blueprint is called ``themes``, like its package.
3. ``dialogue/mail*.py`` become the package ``dialogue/mail/`` (``outbox``, ``delivery``,
   ``background``, ``links``); imports and paths in docs follow.
4. One Dutch word per entity: "inbreng" (not "bijdrage") for a resident's text; every
   replacement is listed in DUTCH below. Then the catalogue is extracted and updated.

The schema change (table ``kern``, column ``kern_id``) is a hand-written migration, not here.
"""

# ruff: noqa: S603, S607

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SELF = Path(__file__).resolve()

# --------------------------------------------------------------------------- 1. Area -> Kern

AREA_WORDS = {
    "area": "kern",
    "areas": "kernen",
    "Area": "Kern",
    "Areas": "Kernen",
    "AREA": "KERN",
    "AREAS": "KERNEN",
}
#: A word part: not after a letter or digit (so not "textarea", "TextAreaField"), not before
#: a lower-case letter or digit; "_", ".", quotes and capitals (AreaForm) may surround it.
AREA_RE = re.compile(r"(?<![A-Za-z0-9])(areas|area|Areas|Area|AREAS|AREA)(?![a-z0-9])")

#: Files the Area rename reads (globs from the repository root).
AREA_GLOBS = [
    "dialogue/**/*.py",
    "templates/**/*.html",
    "templates/**/*.txt",
    "tests/**/*.py",
    "benchmarks/**/*.py",
    "scripts/**/*.py",
    "wsgi.py",
]
#: Never renamed: nlp's own records, migrations, this script.
AREA_SKIP = [
    "nlp/",
    "tests/nlp/",
    "benchmarks/bench_signals.py",
    "migrations/",
    "scripts/refactor/",
    "dialogue/translations/",
]
QUOTED_AREA = r"""(?<![\w.])(["'])areas?\1"""
#: (path prefix, regex): text matched here keeps its spelling.
KEEP: list[tuple[str, str]] = [
    # Audit actions already written to the append-only log.
    ("", r"""(["'])area\.(?:create|rename|import)\1"""),
    # API v1 request and response fields.
    ("dialogue/api/", QUOTED_AREA),
    ("tests/api/", QUOTED_AREA),
    # nlp records (theme, area, created_at, negative) and nlp's Alert.area.
    ("dialogue/signals/services.py", QUOTED_AREA),
    ("dialogue/signals/services.py", r"\bitem\.area\b"),
    ("tests/themes/test_signal_", QUOTED_AREA),
    # The demo corpus file's field.
    ("dialogue/demo/", QUOTED_AREA),
    ("scripts/demo/", QUOTED_AREA),
    ("tests/test_demo_corpus.py", QUOTED_AREA),
    ("tests/browser/seed", QUOTED_AREA),
]

#: (path prefix, regex, replacement) applied before the rename where it would make two names
#: one: the view import_areas would become the service import_kernen; IntakeRow has a `kern`
#: (the name in the file) besides its `area` (the row found); show.html's option loop would
#: hide the chosen `kern`.
PRE: list[tuple[str, str, str]] = [
    ("", r"\bimport_areas\b", "upload_kernen"),
    ("dialogue/intake/services.py", r"\brow\.area\b", "row.matched_kern"),
    # submit_contribution and edit_contribution: the argument `area` and the kern it resolves
    # to, `kern`.
    ("dialogue/contributions/authoring.py", r"\bcleaned = kern = None", "cleaned = found_kern = None"),
    ("dialogue/contributions/authoring.py", r"(?m)^(\s+)kern = resolve_area\(", r"\1found_kern = resolve_area("),
    ("dialogue/contributions/authoring.py", r"\bcontribution\.area = kern\b", "contribution.area = found_kern"),
    ("dialogue/contributions/services.py", r"\bemail = kern = None", "email = found_kern = None"),
    ("dialogue/contributions/services.py", r"(?m)^(\s+)kern = value$", r"\1found_kern = value"),
    ("dialogue/contributions/services.py", r"=kern\.id if kern is not None", "=found_kern.id if found_kern is not None"),
    ("dialogue/intake/services.py", r"(?m)^(\s+)area: (Area \| None = None)$", r"\1matched_kern: \2"),
    ("templates/consultations/show.html",
     r"\{% for area in consultation\.areas %\}<option value=\"\{\{ area\.id \}\}\"\{% if kern and kern\.id == area\.id %\} selected\{% endif %\}>\{\{ area\.name \}\}",
     '{% for choice in consultation.areas %}<option value="{{ choice.id }}"{% if kern and kern.id == choice.id %} selected{% endif %}>{{ choice.name }}'),
]  # fmt: skip

TEMPLATE_MOVES = {
    "templates/consultations/admin_areas.html": "templates/consultations/admin_kernen.html",
}

# --------------------------------------------------------------- 2. analysis -> themes blueprint

#: Endpoints of the blueprint when this script was written; more are read from themes/routes.py.
ANALYSIS_ENDPOINTS = {
    "answer", "dashboard", "job", "merge", "move", "pin", "place", "reanalyse", "rename",
    "split", "status", "theme", "themes", "uncertain",
}  # fmt: skip
BLUEPRINT_GLOBS = ["dialogue/**/*.py", "templates/**/*.html", "templates/**/*.txt", "tests/**/*.py",
                   "benchmarks/**/*.py", "docs/**/*.md"]  # fmt: skip

# ----------------------------------------------------------------------- 3. dialogue/mail/

MAIL_MOVES = {
    "dialogue/mail.py": "dialogue/mail/outbox.py",
    "dialogue/mail_delivery.py": "dialogue/mail/delivery.py",
    "dialogue/mail_background.py": "dialogue/mail/background.py",
    "dialogue/mail_links.py": "dialogue/mail/links.py",
}
MAIL_MODULES = [
    (r"\bdialogue\.mail_delivery\b", "dialogue.mail.delivery"),
    (r"\bdialogue\.mail_background\b", "dialogue.mail.background"),
    (r"\bdialogue\.mail_links\b", "dialogue.mail.links"),
    (r"\bdialogue/mail_delivery\.py\b", "dialogue/mail/delivery.py"),
    (r"\bdialogue/mail_background\.py\b", "dialogue/mail/background.py"),
    (r"\bdialogue/mail_links\.py\b", "dialogue/mail/links.py"),
    (r"\bdialogue/mail\.py\b", "dialogue/mail/outbox.py"),
]
MAIL_GLOBS = ["dialogue/**/*.py", "tests/**/*.py", "benchmarks/**/*.py", "scripts/**/*.py",
              "docs/**/*.md", "*.md", "Makefile", "pyproject.toml", "Dockerfile"]  # fmt: skip
MAIL_INIT = '''"""Outgoing e-mail: the outbox row (`outbox`), its delivery over SMTP (`delivery`, `background`)
and the one-time links in mails (`links`)."""

from dialogue.mail import delivery as delivery
from dialogue.mail.outbox import OutboxMessage, mail, send_email

__all__ = ["OutboxMessage", "delivery", "mail", "send_email"]
'''

# ------------------------------------------------------------------------- 4. Dutch words
#: One Dutch word for a resident's text: "inbreng" (used more than "bijdrage": 148 against 120
#: msgids, 141 against 106 times in templates). "Inbreng" has no plural and is a "de"-word:
#: "de/deze inbreng", "die is", "uw inbreng". Where a number counts texts, the sentence is
#: turned round ("Inbreng goedgekeurd: 3.") or counts "teksten" ("minder dan 5 teksten").
#: "Reactie" (a resident's reply) and "antwoord" (the municipality's answer) were already
#: kept apart; nothing changes there. URL paths (/bijdrage/<id>), file and sheet names, the
#: #bijdragen anchor and the signal explanations that nlp/ writes (parsed by
#: dialogue/signals/privacy.py) keep "bijdrage".
#: (regex, replacement), applied in this order to templates, Python, tests and msgids.
_N = r"(%\(num\)[ds]|\d+)"
_B = r"(?<![\w%])"
_E = r"(?![\w])"
_S = r"(?:(?<=[\"'>(])|^)"  # at the start of a message (or of a msgid)
DUTCH: list[tuple[str, str]] = [
    # Counted results of moderation and intake: turned round, one form for 1 and many.
    (_S + _N + r" bijdragen? (?:is|zijn) ingevoerd\.", r"Inbreng ingevoerd: \1."),
    (_S + _N + r" bijdragen? (goedgekeurd|verborgen|afgewezen|teruggezet|gevonden)(\.?)", r"Inbreng \2: \1\3"),
    (_S + _N + r" bijdragen? zonder persoonsgegevens gepubliceerd\.", r"Inbreng zonder persoonsgegevens gepubliceerd: \1."),
    (_S + _N + r" bijdragen? had u zojuist al behandeld\.", r"Inbreng die u zojuist al behandelde: \1."),
    (_S + _N + r" bijdragen? (?:is|zijn) overgeslagen: deze actie", r"Inbreng overgeslagen: \1. Deze actie"),
    (_S + _N + r" bijdragen? (?:is|zijn) overgeslagen", r"Inbreng overgeslagen: \1"),
    (_S + _N + r" bijdragen? (?:was|waren) al door iemand anders behandeld\.", r"Inbreng die al door iemand anders behandeld was: \1."),
    (_S + _N + r" bijdragen? invoeren", r"Inbreng invoeren (\1)"),
    (r"Onzeker: " + _N + r" bijdragen? wachte?n? op uw keuze", r"Onzeker: inbreng (\1) wacht op uw keuze"),
    (_S + _N + r" bijdragen? wachte?n? op uw keuze\.", r"Inbreng die op uw keuze wacht: \1."),
    (r"(\{\w+\}|\d+) onbevestigde bijdragen en (\{\w+\}|\d+) onbevestigde accounts", r"onbevestigde inbreng (\1) en onbevestigde accounts (\2)"),
    (r"(\d+) onbevestigde bijdragen", r"onbevestigde inbreng (\1)"),
    # Counted in running text: "tekst"/"teksten".
    (_B + r"bijdrage wacht op beoordeling\.", "tekst wacht op beoordeling."),
    (_B + r"bijdragen wachten op beoordeling\.", "teksten wachten op beoordeling."),
    (r"</strong> bijdragen wachten", "</strong> teksten wachten"),
    (r"U steunt " + _N + r" bijdrage van iemand anders", r"U steunt \1 tekst van iemand anders"),
    (r"U steunt " + _N + r" bijdragen van anderen", r"U steunt \1 teksten van anderen"),
    (r"minder dan (\S+) bijdragen", r"minder dan \1 teksten"),
    (r"(\S+) of meer bijdragen heeft", r"\1 of meer teksten heeft"),
    (r"([Aa]antal (?:\w+ )?)bijdragen", r"\1teksten"),
    (r"Bijdragen (\S+–\S+ van \S+)", r"Teksten \1"),
    (r"\{len\(rows\)\} bijdragen", "{len(rows)} teksten"),
    (r"(Eén|Één|één) bijdrage" + _E, r"\1 tekst"),
    (r"Per bijdrage telt", "Per tekst telt"),
    (_B + _N + r" bijdrage" + _E, r"\1 tekst"),
    (_B + _N + r" bijdragen" + _E, r"\1 teksten"),
    # Plural verbs become singular with "inbreng".
    (r"Kies de bijdragen die naar het nieuwe thema gaan", "Kies de inbreng die naar het nieuwe thema gaat"),
    (r"Bijdragen die op elkaar lijken, komen samen", "Inbreng die op elkaar lijkt, komt samen"),
    (r"Bijdragen die naar het nieuwe thema gaan", "Inbreng die naar het nieuwe thema gaat"),
    (r"ingetrokken bijdragen \(alleen bij gegevens; ze zijn gemarkeerd\)", "ingetrokken inbreng (alleen bij gegevens; die is gemarkeerd)"),
    (r"Alle bijdragen van dit thema gaan", "Alle inbreng van dit thema gaat"),
    (r"bijdragen die op uw keuze wachten", "inbreng die op uw keuze wacht"),
    (r"Ze tellen nog bij geen enkel thema mee\.", "Die telt nog bij geen enkel thema mee."),
    (r"Er wachten geen bijdragen", "Er wacht geen inbreng"),
    (r"Er zijn geen verborgen bijdragen", "Er is geen verborgen inbreng"),
    (r"de bijdragen worden veel negatiever", "de inbreng wordt veel negatiever"),
    (r"komen in een week veel meer bijdragen dan normaal", "komt in een week veel meer inbreng dan normaal"),
    (r"veel meer bijdragen kwamen dan", "veel meer inbreng kwam dan"),
    (r"veel meer bijdragen negatief waren", "veel meer inbreng negatief was"),
    (r"Zijn er al bijdragen van meer dan een jaar", "Is er al inbreng van meer dan een jaar"),
    (r"Kies eerst een of meer bijdragen of reacties", "Kies eerst inbreng of reacties"),
    (r"alle bijdragen over dit onderwerp gelezen\. De wethouder bespreekt ze", "alle inbreng over dit onderwerp gelezen. De wethouder bespreekt die"),
    # Articles: "inbreng" takes none where "bijdrage" took "een".
    (_B + r"Een bijdrage" + _E, "Inbreng"),
    (_B + r"een bijdrage" + _E, "inbreng"),
    # Everything else: the word itself.
    (_B + r"Bijdragen" + _E, "Inbreng"),
    (_B + r"bijdragen" + _E, "inbreng"),
    (_B + r"Bijdrage" + _E, "Inbreng"),
    (_B + r"bijdrage" + _E, "inbreng"),
]  # fmt: skip
#: Never changed: URL paths, anchors, file and sheet names ("bijdragen" alone in quotes).
DUTCH_KEEP = [
    r"/bijdragen?\b",
    r"#bijdragen\b",
    r"\bid=\"bijdragen\"",
    r"\banchor='bijdragen'",
    r"-bijdragen\b",
    r"(?<![(\w])([\"'])bijdragen?\1",
]
#: Rules applied before DUTCH_KEEP: the msgid "bijdrage" (a kind of audit object).
DUTCH_FIRST = [(r"""_l\(\"bijdrage\"\)""", '_l("inbreng")')]

DUTCH_GLOBS = ["dialogue/**/*.py", "templates/**/*.html", "templates/**/*.txt", "tests/**/*.py"]
#: nlp's signal explanations (stored text, parsed by signals/privacy.py) keep "bijdragen".
DUTCH_SKIP = [
    "dialogue/translations/",
    "dialogue/signals/privacy.py",
    "tests/nlp/",
    "tests/themes/test_signal_privacy.py",
    "tests/themes/test_signal_service.py",
    "tests/themes/test_signal_decisions.py",
    "tests/factories.py",
    "tests/browser/seed_analysis.py",
]

# ------------------------------------------------------------ 5. entity names in the code
#: Identifiers that called a Contribution "input".
ENTITY_NAMES = {
    "_is_input": "_is_contribution",
    "_accepts_input": "_accepts_contributions",
    "uncertain_input": "uncertain_contributions",
    "_chosen_input": "_chosen_contribution",
    "InputRow": "ContributionRow",
    "load_input": "load_contributions",
}
ENTITY_GLOBS = ["dialogue/**/*.py", "templates/**/*.html", "tests/**/*.py", "benchmarks/**/*.py"]


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def files(globs: list[str], skip: list[str] = ()) -> list[Path]:
    found: dict[str, Path] = {}
    for pattern in globs:
        for path in ROOT.glob(pattern):
            name = rel(path)
            if (
                path.is_file()
                and path.resolve() != SELF
                and not any(name.startswith(s) for s in skip)
            ):
                found[name] = path
    return [found[name] for name in sorted(found)]


def write_if_changed(path: Path, old: str, new: str, changed: list[str]) -> None:
    if new != old:
        path.write_text(new, encoding="utf-8")
        changed.append(rel(path))


def git_mv(source: str, target: str) -> bool:
    src, dst = ROOT / source, ROOT / target
    if not src.exists() or dst.exists():
        return False
    dst.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "mv", source, target], cwd=ROOT, check=True)
    return True


def rename_area(text: str, name: str) -> str:
    """Rename Area words in text, except what a KEEP rule for this file protects."""
    kept: list[str] = []

    def hide(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f"\x00{len(kept) - 1}\x00"

    for prefix, pattern in KEEP:
        if name.startswith(prefix):
            text = re.sub(pattern, hide, text)
    if AREA_RE.search(text):  # only while the file has old names: a second run changes nothing
        for prefix, pattern, replacement in PRE:
            if name.startswith(prefix):
                text = re.sub(pattern, replacement, text)
    text = AREA_RE.sub(lambda m: AREA_WORDS[m.group(1)], text)
    return re.sub("\x00(\\d+)\x00", lambda m: kept[int(m.group(1))], text)


def step_area(changed: list[str]) -> None:
    for source, target in TEMPLATE_MOVES.items():
        if git_mv(source, target):
            changed.append(target)
    for path in files(AREA_GLOBS, AREA_SKIP):
        old = path.read_text(encoding="utf-8")
        write_if_changed(path, old, rename_area(old, rel(path)), changed)


def analysis_endpoints() -> set[str]:
    endpoints = set(ANALYSIS_ENDPOINTS)
    for path in (ROOT / "dialogue/themes").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        endpoints |= set(
            re.findall(r"@bp\.(?:route|get|post)\([^)]*\)\s*(?:@[^\n]+\s*)*def (\w+)", text)
        )
    return endpoints


def step_blueprint(changed: list[str]) -> None:
    names = "|".join(sorted(analysis_endpoints(), key=len, reverse=True))
    endpoint = re.compile(rf"""(?<=["'])analysis\.({names})\b""")
    for path in files(BLUEPRINT_GLOBS):
        old = path.read_text(encoding="utf-8")
        new = endpoint.sub(r"themes.\1", old)
        if rel(path).startswith("dialogue/themes/"):
            new = re.sub(r"""Blueprint\((["'])analysis\1""", r'Blueprint("themes"', new)
        if rel(path) == "dialogue/__init__.py":
            new = re.sub(r"(routes import bp as) analysis\b", r"\1 themes", new)
            new = re.sub(r"(?m)^(\s+)analysis,$", r"\1themes,", new)
        write_if_changed(path, old, new, changed)


def step_mail(changed: list[str]) -> None:
    for source, target in MAIL_MOVES.items():
        if git_mv(source, target):
            changed.append(target)
    init = ROOT / "dialogue/mail/__init__.py"
    if (ROOT / "dialogue/mail/outbox.py").exists() and not init.exists():
        init.write_text(MAIL_INIT, encoding="utf-8")
        subprocess.run(["git", "add", rel(init)], cwd=ROOT, check=True)
        changed.append(rel(init))
    for path in files(MAIL_GLOBS, ["scripts/refactor/"]):
        old = path.read_text(encoding="utf-8")
        new = old
        for pattern, replacement in MAIL_MODULES:
            new = re.sub(pattern, replacement, new)
        if rel(path).startswith("dialogue/mail/") and rel(path) != "dialogue/mail/__init__.py":
            # Inside the package the model comes from its module, so the package imports cleanly.
            new = re.sub(r"\bfrom dialogue\.mail import\b", "from dialogue.mail.outbox import", new)
        write_if_changed(path, old, new, changed)


def replace_dutch(text: str) -> str:
    """Apply DUTCH to text; a space in a rule also matches a line break and indentation."""
    for pattern, replacement in DUTCH_FIRST:
        text = re.sub(pattern, replacement, text)
    kept: list[str] = []

    def hide(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f"\x00{len(kept) - 1}\x00"

    for pattern in DUTCH_KEEP:
        text = re.sub(pattern, hide, text)
    for pattern, replacement in DUTCH:
        text = re.sub(pattern.replace(" ", r"\s+"), replacement, text)
    return re.sub("\x00(\\d+)\x00", lambda m: kept[int(m.group(1))], text)


def step_entities(changed: list[str]) -> None:
    names = re.compile(r"\b(" + "|".join(ENTITY_NAMES) + r")\b")
    for path in files(ENTITY_GLOBS):
        old = path.read_text(encoding="utf-8")
        write_if_changed(path, old, names.sub(lambda m: ENTITY_NAMES[m.group(1)], old), changed)


def step_dutch(changed: list[str]) -> None:
    for path in files(DUTCH_GLOBS, DUTCH_SKIP):
        old = path.read_text(encoding="utf-8")
        write_if_changed(path, old, replace_dutch(old), changed)
    rename_catalogue_msgids(changed)


def rename_catalogue_msgids(changed: list[str]) -> None:
    """Give the English catalogue the new msgids, so that its translations are kept."""
    from babel.messages.pofile import read_po, write_po

    path = ROOT / "dialogue/translations/en/LC_MESSAGES/messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    renamed = []
    for message in list(catalog):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        new_ids = tuple(replace_dutch(i) for i in ids)
        if new_ids != ids:
            renamed.append((message, new_ids))
    if not renamed:
        return
    for message, new_ids in renamed:
        del catalog[message.id]
        new_id = new_ids if isinstance(message.id, tuple) else new_ids[0]
        key = new_id[0] if isinstance(new_id, tuple) else new_id
        if key in catalog and catalog[key].string:
            continue  # the new wording already has a translation
        catalog.add(new_id, message.string, list(message.locations), flags=message.flags,
                    auto_comments=message.auto_comments, user_comments=message.user_comments,
                    context=message.context)  # fmt: skip
    with path.open("wb") as handle:
        write_po(handle, catalog, width=76)
    changed.append(rel(path))


def step_catalogue(changed: list[str]) -> None:
    """Extract and update like `make extract-messages`; keep files whose only change is a date."""
    targets = [
        ROOT / "dialogue/translations/messages.pot",
        ROOT / "dialogue/translations/en/LC_MESSAGES/messages.po",
    ]
    before = {path: path.read_text(encoding="utf-8") for path in targets}
    pybabel = str(ROOT / ".venv/bin/pybabel")
    subprocess.run([pybabel, "-q", "extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext",
                    "-o", "dialogue/translations/messages.pot", "."], cwd=ROOT, check=True)  # fmt: skip
    subprocess.run([pybabel, "-q", "update", "-i", "dialogue/translations/messages.pot",
                    "-d", "dialogue/translations"], cwd=ROOT, check=True)  # fmt: skip
    dated = re.compile(r'"POT-Creation-Date: [^"]*"\n')
    for path, old in before.items():
        new = path.read_text(encoding="utf-8")
        if dated.sub("", new) == dated.sub("", old):
            path.write_text(old, encoding="utf-8")
        elif new != old:
            changed.append(rel(path))


def step_tidy(changed: list[str]) -> None:
    """Sort the imports and format the Python files this script changed (names sort anew)."""
    python = [
        name for name in sorted(set(changed)) if name.endswith(".py") and (ROOT / name).exists()
    ]
    if python:
        ruff = str(ROOT / ".venv/bin/ruff")
        subprocess.run([ruff, "check", "-q", "--fix", "--select", "I001,RUF022", *python], cwd=ROOT)
        subprocess.run([ruff, "format", "-q", *python], cwd=ROOT, check=True)


def main() -> int:
    changed: list[str] = []
    step_area(changed)
    step_blueprint(changed)
    step_mail(changed)
    step_entities(changed)
    step_dutch(changed)
    step_tidy(changed)
    step_catalogue(changed)
    for name in sorted(set(changed)):
        print("changed", name)
    print(f"{len(set(changed))} files changed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
