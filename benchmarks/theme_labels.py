"""The labels and keywords an official would see, per input, for reading them side by side.

    .venv/bin/python benchmarks/theme_labels.py INPUT [INPUT ...] [--seeds 0]

Each INPUT is a JSONL file with a `text` per line (benchmarks/build_labelled_corpus.py
writes them from real public text) or a Pol.is conversation folder with its
`comments.csv` (../shared/data/polis/NAME: its comments that the moderator did not
remove). Every input is enriched and its themes found as `python -m nlp analyze` finds
them (sentence vectors by size), once per seed; printed per theme: size, label, first six
keywords, and where the JSONL has a `category` the share of the theme's most common one (a
catch-all, under `CATCH_ALL_SHARE`, is marked *). A JSONL's `area` values are the place
names, as `python -m nlp analyze` takes them; `--keywords N` prints N keywords. Used to
compare labels before and after a change (docs/nlp.md, *Labels in Dutch from English and
German input*): run it from two checkouts and diff the output.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp import enrich  # noqa: E402
from nlp.themes import discover  # noqa: E402

KEYWORDS_SHOWN = 6
#: A theme whose most common category holds less than this share of it is a catch-all.
CATCH_ALL_SHARE = 0.4


def read_texts(source: Path) -> tuple[list[str], list[str] | None, set[str]]:
    """Return the texts of a JSONL file or of a Pol.is conversation folder, the categories
    where the JSONL has them, and its place names (`area`)."""
    if source.is_dir():
        with (source / "comments.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        texts = [r["comment-body"] for r in rows if r["moderated"] != "-1"]
        return [t for t in texts if t.strip()], None, set()
    with source.open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    categories = [str(r["category"]) for r in records] if "category" in records[0] else None
    places = {r["area"] for r in records if r.get("area")}
    return [r["text"] for r in records], categories, places


def theme_lines(
    texts: list[str],
    categories: list[str] | None,
    seed: int,
    places: set[str] | None = None,
    keywords: int = KEYWORDS_SHOWN,
) -> list[str]:
    """Return one line per theme: size, label and keywords (and its top category's share)."""
    ids = [str(i) for i in range(len(texts))]
    model = discover(texts, ids=ids, enrichments=enrich(texts), seed=seed, places=places or ())
    lines = []
    for theme in model.themes:
        line = f"{theme.size}\t{theme.label}\t{', '.join(theme.keywords[:keywords])}"
        if categories is not None:
            members = [categories[int(i)] for i, t in model.assignment.items() if t == theme.id]
            share = Counter(members).most_common(1)[0][1] / len(members)
            line += f"\t{share:.0%}{' *' if share < CATCH_ALL_SHARE else ''}"
        lines.append(line)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", type=Path, nargs="+")
    parser.add_argument("--seeds", default="0")
    parser.add_argument("--keywords", type=int, default=KEYWORDS_SHOWN)
    args = parser.parse_args()
    for source in args.inputs:
        texts, categories, places = read_texts(source)
        for seed in (int(seed) for seed in args.seeds.split(",")):
            print(f"== {source.name}" + (f", seed {seed}" if args.seeds != "0" else ""))
            for line in theme_lines(texts, categories, seed, places, args.keywords):
                print(line, flush=True)


if __name__ == "__main__":
    main()
