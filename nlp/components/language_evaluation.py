"""Measure how often kernpunt_language gives the expected language per data set.

Run: ``.venv/bin/python -m nlp.components.language_evaluation --polis ../shared/data/polis
--jsonl tests/data/discontent_nl.jsonl [--reviews PATH] [--samples tests/nlp/components/language_samples.tsv]``.
Prints one Markdown row per data set: texts, expected language, accuracy, languages found.
"""

from __future__ import annotations

import argparse
import collections
import csv
import json
from pathlib import Path

from nlp.components.discontent_calibration import read_reviews
from nlp.pipeline import enrich


def row(name: str, texts: list[str], expected: str) -> str:
    """Return a Markdown row with the share of texts detected as ``expected``."""
    found = collections.Counter(result.language for result in enrich(texts))
    accuracy = found[expected] / len(texts) if texts else 0.0
    return f"| {name} | {len(texts)} | {expected} | {accuracy:.1%} | {dict(found.most_common(4))} |"


def polis_comments(folder: Path) -> list[str]:
    """Return the comment bodies of all Pol.is conversations in ``folder``."""
    texts = []
    for path in sorted(folder.glob("*/comments.csv")):
        with path.open(encoding="utf-8") as handle:
            texts += [
                r["comment-body"] for r in csv.DictReader(handle) if r["comment-body"].strip()
            ]
    return texts


def main() -> None:
    """Print the accuracy table for the data sets given."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--polis", type=Path)
    parser.add_argument("--jsonl", type=Path)
    parser.add_argument("--reviews", type=Path)
    parser.add_argument("--samples", type=Path)
    args = parser.parse_args()
    print("| data set | texts | expected | accuracy | languages found |")
    print("|---|---|---|---|---|")
    if args.samples:
        lines = args.samples.read_text(encoding="utf-8").splitlines()
        pairs = [line.split("\t", 1) for line in lines if line.strip() and not line.startswith("#")]
        for code in sorted({code for code, _ in pairs}):
            texts = [text for language, text in pairs if language == code]
            print(row(f"{args.samples.name} ({code})", texts, code))
    if args.polis:
        print(row("Pol.is comments (English)", polis_comments(args.polis), "en"))
    if args.jsonl:
        lines = args.jsonl.read_text(encoding="utf-8").splitlines()
        texts = [json.loads(line)["text"] for line in lines if line.strip()]
        print(row(f"{args.jsonl.name} (Dutch, with some English)", texts, "nl"))
    if args.reviews:
        print(row("bol.com reviews (Dutch)", read_reviews(args.reviews)[0], "nl"))


if __name__ == "__main__":
    main()
