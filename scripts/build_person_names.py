"""Build nlp/data/person_names.txt: first names and surnames that never name a theme.

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
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "nlp" / "data" / "person_names.txt"
LOCALES = ("nl_NL", "nl_BE", "en", "en_US", "en_GB", "de_DE", "fr_FR", "tr_TR", "ar_AA", "pl_PL")
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


def names(wheel: Path) -> tuple[str, list[str]]:
    """Return Faker's version and the sorted lower-case name words of LOCALES."""
    sys.path.insert(0, str(wheel))
    version = re.search(r"faker-([\d.]+)-", wheel.name)
    words: set[str] = set()
    for locale in LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for name in [*provider.first_names, *provider.last_names]:
            for part in re.split(r"[\s\-]+", name.lower()):
                part = part.strip(".'")
                if len(part) > 1 and part not in PARTICLES:
                    words.add(part)
    return (version.group(1) if version else "?"), sorted(words)


def render(version: str, words: list[str]) -> str:
    """Return the file's text: a header with source and licence, then one name a line."""
    header = [
        "# First names and surnames that may never name a theme (nlp/themes/phrases.py).",
        f"# Built by scripts/build_person_names.py from Faker {version} (MIT, (c) 2012 Daniele",
        f"# Faraglia), person providers {', '.join(LOCALES)}; see nlp/data/LICENSES.md.",
    ]
    return "\n".join([*header, *words]) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("wheel", type=Path)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    text = render(*names(args.wheel.resolve()))
    if args.check:
        sys.exit(0 if OUT.read_text("utf-8") == text else 1)
    OUT.write_text(text, "utf-8")
    print(f"{text.count(chr(10)) - 3:,} names -> {OUT}")


if __name__ == "__main__":
    main()
