"""Themes on a whole labelled corpus against themes on seeded samples of it (like for like).

    .venv/bin/python benchmarks/eval_sample_vs_whole.py LABELLED.jsonl [--sample 5000]
        [--seeds 0,1,2] [--whole-seeds 0] [--clustering default|graph-sample]

LABELLED.jsonl has `id`, `text` and `category` per line (benchmarks/build_labelled_corpus.py
writes one from real public text). Every text is enriched once. `discover` runs on the
whole corpus and on each seeded sample of `--sample` texts; for every sample the table
shows ARI, NMI and coverage of the sample's own themes and of the whole's themes on the
same sample texts, so the comparison is like for like ("Overig" counts as one cluster).
`--clustering` chooses how the whole is clustered above `graph.GRAPH_LIMIT` distinct
texts: "default" (what `discover` does), "kmeans" (spherical k-means on the lexical
views, the default before 2026-12-05) or "graph-sample" (the lexical-only variant of
benchmarks/bench_themes.py); `--large-sample` fixes the whole's sample at that many distinct
texts (by default `large.sample_size` decides), `--unsure-encoded` sets `large.UNSURE_ENCODED`,
`--lexical-weight` one weight of the lexical views for every language (the graph path: the
samples alone; by default the input's main language decides) and
`--sample-lexical-weight` `large.SAMPLE_LEXICAL_WEIGHT` (the whole's sample; by default as
the graph path). Times are
wall-clock seconds of `discover` alone (the first run includes loading the encoder).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_themes import use_clustering  # noqa: E402
from benchmarks.eval_lexical_weight import force_lexical_weight  # noqa: E402
from nlp import enrich  # noqa: E402
from nlp.themes import discover, discovery, large  # noqa: E402


def scores(labels: list[str], predicted: list[str]) -> str:
    """Return ARI, NMI, coverage (share not in "Overig") and ARI / NMI without "Overig"."""
    kept = [i for i, p in enumerate(predicted) if p != "Overig"]
    inner = [labels[i] for i in kept], [predicted[i] for i in kept]
    return (
        f"{adjusted_rand_score(labels, predicted):.3f} "
        f"| {normalized_mutual_info_score(labels, predicted):.3f} "
        f"| {len(kept) / len(labels):.1%} "
        f"| {adjusted_rand_score(*inner):.3f} / {normalized_mutual_info_score(*inner):.3f}"
    )


def run(texts: list[str], enrichments: list, ids: list[str], seed: int) -> tuple[dict, float, int]:
    """Return the assignment ("Overig" for none), seconds and number of themes."""
    started = time.perf_counter()
    model = discover(texts, ids=ids, enrichments=enrichments, seed=seed)
    seconds = time.perf_counter() - started
    assignment = {key: theme or "Overig" for key, theme in model.assignment.items()}
    return assignment, seconds, len(model.themes)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path", type=Path)
    parser.add_argument("--sample", type=int, default=5_000)
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--whole-seeds", default="0")
    parser.add_argument(
        "--clustering", choices=("default", "graph-sample", "kmeans"), default="default"
    )
    parser.add_argument("--large-sample", type=int, help="the whole's sample, fixed")
    parser.add_argument("--unsure-encoded", type=int, default=large.UNSURE_ENCODED)
    parser.add_argument("--lexical-weight", type=float, help="one weight for every language")
    parser.add_argument("--sample-lexical-weight", type=float, default=large.SAMPLE_LEXICAL_WEIGHT)
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.path.read_text("utf-8").splitlines() if line]
    ids = [str(row["id"]) for row in rows]
    texts = [row["text"] for row in rows]
    category = {str(row["id"]): row["category"] for row in rows}
    started = time.perf_counter()
    enrichments = enrich(texts)
    print(f"{args.path.name}: {len(texts):,} texts, {len(set(category.values()))} categories, "
          f"enriched in {time.perf_counter() - started:.1f} s", flush=True)  # fmt: skip

    if args.large_sample is not None:
        large.SAMPLE_SIZE = large.MAX_SAMPLE_SIZE = args.large_sample
    large.UNSURE_ENCODED = args.unsure_encoded
    if args.lexical_weight is not None:
        force_lexical_weight(args.lexical_weight)
    large.SAMPLE_LEXICAL_WEIGHT = args.sample_lexical_weight
    print("| run | texts | themes | ARI | NMI | coverage | ARI / NMI without Overig | s | load |")
    print("|---|---|---|---|---|---|---|---|---|")
    use_clustering("graph-sample" if args.clustering == "graph-sample" else "default")
    discovery.AUTO_CLUSTERING = "kmeans" if args.clustering == "kmeans" else "graph"
    wholes = []
    for seed in [int(s) for s in args.whole_seeds.split(",")]:
        assignment, seconds, themes = run(texts, enrichments, ids, seed)
        figures = scores([category[i] for i in ids], [assignment[i] for i in ids])
        print(f"| whole ({args.clustering}), seed {seed} | {len(ids):,} | {themes} | {figures} "
              f"| {seconds:.1f} | {os.getloadavg()[0]:.1f} |", flush=True)  # fmt: skip
        wholes.append(assignment)
    use_clustering("default")
    discovery.AUTO_CLUSTERING = "graph"

    for seed in [int(s) for s in args.seeds.split(",")]:
        rng = np.random.default_rng(seed)
        chosen = np.sort(rng.choice(len(texts), min(args.sample, len(texts)), replace=False))
        keys = [ids[i] for i in chosen]
        truth = [category[k] for k in keys]
        assignment, seconds, themes = run(
            [texts[i] for i in chosen], [enrichments[i] for i in chosen], keys, seed
        )
        figures = scores(truth, [assignment[k] for k in keys])
        print(f"| sample {seed} alone | {len(keys):,} | {themes} | {figures} | {seconds:.1f} "
              f"| {os.getloadavg()[0]:.1f} |", flush=True)  # fmt: skip
        for number, whole in enumerate(wholes):
            figures = scores(truth, [whole[k] for k in keys])
            print(f"| sample {seed} in whole run {number} | {len(keys):,} | – | {figures} | – "
                  "| – |", flush=True)  # fmt: skip
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of the process {peak:,.0f} MB", flush=True)


if __name__ == "__main__":
    main()
