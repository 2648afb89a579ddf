"""Themes at several weights of the lexical views beside the sentence vectors.

    .venv/bin/python benchmarks/eval_lexical_weight.py LABELLED.jsonl [...] \
        [--weights 0.5,0.4,0.35] [--seeds 0,1,2,3,4] [--scaled-large]

Each LABELLED.jsonl has `id`, `text` and `category` per line (written by
benchmarks/build_labelled_corpus.py, or the demo corpus). For every file and weight (set
for the run as `clustering.LEXICAL_WEIGHT`, for every language: `force_lexical_weight`),
`discover` runs once per seed; printed per weight: ARI, NMI (means over the seeds, "Overig"
counted as a cluster), coverage, the number of themes, and spherical k-means on the sentence
vectors alone with the same number of themes per seed (the baseline of issue 20). Inputs of
at most `graph.GRAPH_LIMIT` distinct texts take the graph path; above it the sample's graph
takes the same weight unless `large.SAMPLE_LEXICAL_WEIGHT` is set (eval_sample_vs_whole.py
`--sample-lexical-weight` measures such inputs). `--scaled-large` runs the large path on
these small sets instead, scaled down to the proportions of a 20,000-text input (the graph
limit and the sample a quarter of the texts, a tenth encoded as the least clear), and sets
the weight of the sample's graph: a way to see the large path's weight on real sets that
have no 20,000 texts, such as the German complaints.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp import enrich  # noqa: E402
from nlp.themes import clustering, discover, discovery, graph, large  # noqa: E402
from nlp.themes.encoder import sentence_encoder  # noqa: E402


def evaluate(
    path: Path, weights: list[float], seeds: list[int], scaled_large: bool = False
) -> list[str]:
    """Return one table row per weight for the labelled file at path."""
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    texts = [row["text"] for row in rows]
    labels = [row["category"] for row in rows]
    enrichments = enrich(texts)
    vectors = sentence_encoder().encode(texts)
    if scaled_large:
        _scale_large_path(len(texts))
    table = []
    for weight in weights:
        if scaled_large:
            large.SAMPLE_LEXICAL_WEIGHT = weight
        else:
            force_lexical_weight(weight)
        found, baseline, coverage, themes = [], [], [], []
        for seed in seeds:
            model = discover(texts, enrichments=enrichments, seed=seed)
            assigned = [model.assignment[str(i)] for i in range(len(texts))]
            predicted = [theme if theme is not None else "Overig" for theme in assigned]
            found.append(_scores(labels, predicted))
            coverage.append(np.mean([theme is not None for theme in assigned]))
            themes.append(len(model.themes))
            k = max(len(model.themes), 2)
            kmeans, _ = clustering.spherical_kmeans(vectors, k, np.ones(len(texts)), seed=seed)
            baseline.append(_scores(labels, kmeans.tolist()))
        ari, nmi = np.mean(found, axis=0)
        base_ari, base_nmi = np.mean(baseline, axis=0)
        table.append(
            f"| {path.name} | {len(texts):,} | {weight} | {ari:.3f} / {nmi:.3f} | "
            f"{np.mean(coverage):.1%} | {min(themes)}–{max(themes)} | "
            f"{base_ari:.3f} / {base_nmi:.3f} |"
        )
        print(table[-1], flush=True)
    return table


def force_lexical_weight(weight: float) -> None:
    """Give every input's lexical views this weight on the graph path, whatever its main
    language (`clustering.weight_for_languages` gives English input its own otherwise)."""
    clustering.LEXICAL_WEIGHT = weight
    clustering.MAIN_LANGUAGE_LEXICAL_WEIGHT = {}


def _scale_large_path(texts: int) -> None:
    """Send an input of this many texts down the large path, at 20,000 texts' proportions:
    5,000 of them in the sample (a quarter) and 2,000 encoded as least clear (a tenth)."""
    graph.GRAPH_LIMIT = large.SAMPLE_SIZE = discovery.SENTENCE_VECTOR_LIMIT = texts // 4
    large.UNSURE_ENCODED = texts // 10


def _scores(labels: list[str], predicted: list) -> tuple[float, float]:
    return (
        adjusted_rand_score(labels, predicted),
        normalized_mutual_info_score(labels, predicted),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", type=Path, nargs="+")
    parser.add_argument("--weights", default="0.5,0.4,0.35")
    parser.add_argument("--seeds", default="0,1,2,3,4")
    parser.add_argument("--scaled-large", action="store_true")
    args = parser.parse_args()
    weights = [float(weight) for weight in args.weights.split(",")]
    seeds = [int(seed) for seed in args.seeds.split(",")]
    print("| data | texts | lexical weight | ARI / NMI | coverage | themes | USE k-means |")
    print("|---|---|---|---|---|---|---|", flush=True)
    for path in args.paths:
        evaluate(path, weights, seeds, args.scaled_large)


if __name__ == "__main__":
    main()
