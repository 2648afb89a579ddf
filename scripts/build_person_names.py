"""Build nlp/data/person_names.txt (first names and surnames that never name a theme) and
nlp/data/first_names.txt (the first names alone: a capitalised word after one is a surname).

A development tool, run once; its output is package data. A theme label may be a proper
noun that residents use for a subject ("Schiphol", "Cocoa", "COA"), but never a personal
name (docs/nlp.md, Themes, step 5). The names come from the person providers of the PyPI
package Faker (MIT, © 2012 Daniele Faraglia): the first names and surnames of its Dutch,
Belgian-Dutch, English, American, British, German, French, Turkish, Arabic and Polish
locales, the names residents of a Dutch municipality are likely to write. Every name is
split into words ("de Vries" -> "vries", "Jan-Willem" -> "jan", "willem"), lower-cased,
and name particles ("van", "de", "ter"…) are left out. Faker is not a dependency: pass its
wheel (a zip file, imported from where it lies):

    pip download faker==40.40.0 --no-deps -d /tmp/faker
    .venv/bin/python -m scripts.build_person_names /tmp/faker/faker-40.40.0-py3-none-any.whl
    .venv/bin/python -m scripts.build_person_names WHEEL --check   # exit 1 when it differs
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from collections.abc import Iterable
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "nlp" / "data" / "person_names.txt"
FIRST_NAMES_OUT = OUT.with_name("first_names.txt")
LOCALES = ("nl_NL", "nl_BE", "en", "en_US", "en_GB", "de_DE", "fr_FR", "tr_TR", "ar_AA", "pl_PL")
#: The first names that mark the next word as a surname: not the English locales, whose
#: first names include "Texas", "Georgia" and "Green" ("Green Deal" in Dutch news).
FIRST_NAME_LOCALES = ("nl_NL", "nl_BE", "de_DE", "fr_FR", "tr_TR", "pl_PL")
PARTICLES = frozenset(
    [
        "van",
        "de",
        "der",
        "den",
        "het",
        "ter",
        "ten",
        "te",
        "in",
        "op",
        "'t",
        "la",
        "le",
        "du",
        "des",
        "von",
        "zu",
        "al",
        "el",
        "bin",
        "ben",
        "ibn",
        "mc",
    ]
)


def names(wheel: Path) -> tuple[str, list[str], list[str]]:
    """Return Faker's version, the sorted lower-case name words of LOCALES and those of
    their first names alone."""
    sys.path.insert(0, str(wheel))
    version = re.search(r"faker-([\d.]+)-", wheel.name)
    words: set[str] = set()
    first: set[str] = set()
    for locale in LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        words |= _name_words([*provider.first_names, *provider.last_names])
        if locale in FIRST_NAME_LOCALES:
            first |= _name_words(provider.first_names)
    return (version.group(1) if version else "?"), sorted(words), sorted(first)


def _name_words(found: Iterable[str]) -> set[str]:
    """Return the lower-case words of these names, particles left out."""
    words = set()
    for name in found:
        for part in re.split(r"[\s\-]+", name.lower()):
            part = part.strip(".'")
            if len(part) > 1 and part not in PARTICLES:
                words.add(part)
    return words


def render(version: str, words: list[str], what: str, locales: Iterable[str] = LOCALES) -> str:
    """Return a file's text: a header with source and licence, then one name a line."""
    header = [
        f"# {what} (nlp/themes/names.py).",
        f"# Built by scripts/build_person_names.py from Faker {version} (MIT, (c) 2012 Daniele",
        f"# Faraglia), person providers {', '.join(locales)}; see nlp/data/LICENSES.md.",
    ]
    return "\n".join([*header, *words]) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("wheel", type=Path)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    version, words, first = names(args.wheel.resolve())
    files = {
        OUT: render(version, words, "First names and surnames that may never name a theme"),
        FIRST_NAMES_OUT: render(
            version,
            first,
            "First names: a capitalised word after one is a surname",
            FIRST_NAME_LOCALES,
        ),
    }
    if args.check:
        sys.exit(0 if all(path.read_text("utf-8") == text for path, text in files.items()) else 1)
    for path, text in files.items():
        path.write_text(text, "utf-8")
        print(f"{text.count(chr(10)) - 3:,} names -> {path}")


if __name__ == "__main__":
    main()
