"""Themes on non-Dutch and mixed-language input against sentence-vector k-means.

    .venv/bin/python benchmarks/eval_languages.py --polis /tmp/polis150.jsonl

`--polis` is Pol.is written as labelled JSONL (`benchmarks/eval_themes.py --write-polis`,
English, the conversation is the label); the mixed set adds the Dutch demo corpus
(dialogue/demo/corpus_nl.jsonl, its category is the label). The baseline is spherical
k-means on the multilingual sentence vectors alone (USE v3) with the same number of themes
that `discover` found; "Overig" counts as one more cluster for `discover`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp import enrich  # noqa: E402
from nlp.themes import clustering, discover  # noqa: E402
from nlp.themes.features import sentence_encoder  # noqa: E402


def read(path: Path) -> tuple[list[str], list[str]]:
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    return [r["text"] for r in rows], [r["category"] for r in rows]


def compare(name: str, texts: list[str], labels: list[str]) -> None:
    enrichments = enrich(texts)
    languages = Counter(e.language for e in enrichments)
    model = discover(texts, enrichments=enrichments)
    found = [model.assignment[str(i)] or "Overig" for i in range(len(texts))]
    k = max(len(model.themes), 2)
    vectors = sentence_encoder().encode(texts)
    baseline, _ = clustering.spherical_kmeans(vectors, k, np.ones(len(texts)), seed=0)
    for method, predicted in (("discover", found), (f"USE k-means, k={k}", baseline.tolist())):
        print(f"| {name} | {len(texts)} | {method} | "
              f"{adjusted_rand_score(labels, predicted):.3f} | "
              f"{normalized_mutual_info_score(labels, predicted):.3f} |", flush=True)  # fmt: skip
    print(f"languages detected in {name}: {dict(languages.most_common(4))}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--polis", type=Path, required=True)
    args = parser.parse_args()
    polis = read(args.polis)
    demo = read(ROOT / "dialogue" / "demo" / "corpus_nl.jsonl")
    print("| data | texts | method | ARI | NMI |\n|---|---|---|---|---|")
    compare("Pol.is (English)", *polis)
    compare("Pol.is + demo (English and Dutch)", polis[0] + demo[0], polis[1] + demo[1])


if __name__ == "__main__":
    main()
