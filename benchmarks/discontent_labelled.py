"""Discontent scores on labelled JSONL in any language, per part of the file.

    .venv/bin/python benchmarks/discontent_labelled.py FILE.jsonl [FILE.jsonl ...] \
        [--by part]

Each line has `text` and `negative` (true/false), as `build_labelled_corpus.py
germeval2017sentiment` writes them. Printed per file (and per value of `--by`, such as the
part a text came from): texts, share negative, the languages the enrichment detected,
ROC-AUC of `Enrichment.discontent`, macro-F1 of `Enrichment.negative` (the shipped
threshold) and the best macro-F1 over thresholds with that threshold.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from sklearn.metrics import f1_score, roc_auc_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp.components.discontent_calibration import best_threshold  # noqa: E402
from nlp.pipeline import enrich  # noqa: E402


def row(name: str, texts: list[str], labels: list[bool]) -> str:
    """Return one table row for the texts and their labels."""
    enriched = enrich(texts)
    scores = [e.discontent for e in enriched]
    flags = [e.negative for e in enriched]
    languages = Counter(e.language for e in enriched).most_common(3)
    threshold, best = best_threshold(scores, labels)
    return (
        f"| {name} | {len(texts):,} | {sum(labels) / len(labels):.0%} | "
        f"{', '.join(f'{code} {n}' for code, n in languages)} | "
        f"{roc_auc_score(labels, scores):.3f} | {f1_score(labels, flags, average='macro'):.3f} | "
        f"{best:.3f} at {threshold:.2f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--by", default="", help="a field to report separately, e.g. part")
    args = parser.parse_args()
    print("| data | texts | negative | languages | ROC-AUC | macro-F1 | best macro-F1 |")
    print("|---|---|---|---|---|---|---|")
    for path in args.paths:
        groups: dict[str, tuple[list[str], list[bool]]] = defaultdict(lambda: ([], []))
        for line in path.open(encoding="utf-8"):
            item = json.loads(line)
            for key in ("all", f"{args.by}={item.get(args.by)}" if args.by else None):
                if key:
                    groups[key][0].append(item["text"])
                    groups[key][1].append(bool(item["negative"]))
        for key, (texts, labels) in groups.items():
            print(row(f"{path.name} ({key})", texts, labels), flush=True)


if __name__ == "__main__":
    main()
