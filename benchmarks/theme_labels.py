"""The labels and keywords an official would see, per input, for reading them side by side.

    .venv/bin/python benchmarks/theme_labels.py INPUT [INPUT ...]

Each INPUT is a JSONL file with a `text` per line (benchmarks/build_labelled_corpus.py
writes them from real public text) or a Pol.is conversation folder with its
`comments.csv` (../shared/data/polis/NAME: its comments that the moderator did not
remove). Every input is enriched and its themes found as `python -m nlp analyze` finds
them (seed 0, sentence vectors by size); printed per theme: size, label, first six
keywords. Used to compare labels before and after a change (docs/nlp.md, *Labels in Dutch
from English and German input*): run it from two checkouts and diff the output.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp import enrich  # noqa: E402
from nlp.themes import discover  # noqa: E402

KEYWORDS_SHOWN = 6


def read_texts(source: Path) -> list[str]:
    """Return the texts of a JSONL file or of a Pol.is conversation folder."""
    if source.is_dir():
        with (source / "comments.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        return [
            r["comment-body"] for r in rows if r["moderated"] != "-1" and r["comment-body"].strip()
        ]
    with source.open(encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line in handle if line.strip()]


def theme_lines(texts: list[str]) -> list[str]:
    """Return one line per theme: size, label and keywords."""
    model = discover(texts, ids=[str(i) for i in range(len(texts))], enrichments=enrich(texts))
    return [
        f"{theme.size}\t{theme.label}\t{', '.join(theme.keywords[:KEYWORDS_SHOWN])}"
        for theme in model.themes
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", type=Path, nargs="+")
    args = parser.parse_args()
    for source in args.inputs:
        print(f"== {source.name}")
        for line in theme_lines(read_texts(source)):
            print(line, flush=True)


if __name__ == "__main__":
    main()
