"""Build nlp/data/lemma_keep_en.txt: English word forms the lemma lookup reduces wrongly.

A development tool, run once; its output is package data. spaCy's English lookup table
gives every form one lemma, and for some frequent nouns it picks a rare reading: "number"
becomes "numb", "rent" "rend", "ground" "grind", "data" "datum", "taxes" "taxis". Across
languages those lemmas then met the wrong Dutch word ("numb" nerveus, "rend" getto). A form
keeps itself when it is common (Zipf frequency of at least 3.5 by `wordfreq` 3.1.1, a
build-time dependency in the `dev` extra, never imported by the app) and its lemma is at
least one Zipf step rarer than the form: "number" 5.6 against "numb" 3.5 keeps "number",
while "saw" 5.3 against "see" 6.1 still becomes "see" and "found" becomes "find". German is
left out: there the rule would keep inflected adjectives ("anderen" against "ander").

    .venv/bin/python -m scripts.build_lemma_keep            # writes the list
    .venv/bin/python -m scripts.build_lemma_keep --check    # exit 1 when it differs
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

import spacy_lookups_data

ROOT = Path(__file__).resolve().parents[1]
LIST_PATH = ROOT / "nlp" / "data" / "lemma_keep_en.txt"
#: A form this common in English (Zipf) may keep itself ...
MIN_FORM_ZIPF = 3.5
#: ... when its lookup lemma is at least this many Zipf steps rarer.
RARER_BY = 1.0


def build() -> str:
    """Return the list's text: a header, then one form a line, sorted."""
    from wordfreq import zipf_frequency

    data = Path(spacy_lookups_data.__file__).parent / "data" / "en_lemma_lookup.json.gz"
    with gzip.open(data, "rt", encoding="utf-8") as file:
        table: dict[str, str] = json.load(file)
    kept = sorted(
        form
        for form, lemma in table.items()
        if form != lemma
        and form == form.lower()
        and (common := zipf_frequency(form, "en")) >= MIN_FORM_ZIPF
        and zipf_frequency(lemma, "en") <= common - RARER_BY
    )
    header = [
        "# English forms that keep themselves as lemma (scripts/build_lemma_keep.py; derived from",
        "# spacy-lookups-data (MIT) and wordfreq 3.1.1 frequencies (data CC BY-SA 4.0)).",
    ]
    return "\n".join(header + kept) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the list differs")
    args = parser.parse_args()
    text = build()
    if args.check:
        sys.exit(0 if LIST_PATH.read_text("utf-8") == text else 1)
    LIST_PATH.write_text(text, "utf-8")
    print(f"wrote {LIST_PATH} ({text.count(chr(10)) - 2} forms)")


if __name__ == "__main__":
    main()
