"""Benchmark theme discovery and assignment on a large generated Dutch corpus.

    .venv/bin/python benchmarks/bench_themes.py [--texts 100000] [--vector-texts 2000]
        [--clustering default|graph-sample] [--seed 0] [--jsonl LABELLED.jsonl]

The corpus recombines sentences of the demo corpus (dialogue/demo/corpus_nl.jsonl) within
their category and adds typos, so texts are distinct but keep a topic; the category is
its label (generated texts are easier than real input: every text is on-topic). Reports
the time to enrich, the time of `discover` (given the enrichments) with ARI / NMI against
the categories, the time of its boilerplate step alone, the end-to-end time (enrich +
discover), the peak memory of the process (enrichment included) and the latency of
`assign` per text. `--clustering graph-sample` replaces k-means above `graph.GRAPH_LIMIT`
distinct texts by the kNN-graph communities of a seeded sample of that many distinct
texts, every text then labelled by its nearest community centre (tried and not kept,
docs/nlp.md). `--jsonl` measures real text instead: the first `--texts` rows of a labelled
JSONL file (`id`, `text`, `category`, as benchmarks/build_labelled_corpus.py writes), and
`assign` on the 2,000 rows after them (or on the first 2,000 if there are no more).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import re
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp import enrich, enrich_one  # noqa: E402
from nlp.themes import assign, boilerplate, discover, graph  # noqa: E402
from nlp.themes.discovery import _analyse_sentences  # noqa: E402
from nlp.themes.features import content_tokens  # noqa: E402

SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def generate(count: int, seed: int = 0) -> list[str]:
    """Return `count` texts recombined from demo-corpus sentences, with typos."""
    return generate_labelled(count, seed)[0]


def generate_labelled(count: int, seed: int = 0) -> tuple[list[str], list[str]]:
    """Return `count` generated texts and the demo category each was drawn from."""
    rng = random.Random(seed)
    pools: dict[str, list[str]] = defaultdict(list)
    for line in (ROOT / "dialogue/demo/corpus_nl.jsonl").read_text("utf-8").splitlines():
        row = json.loads(line)
        pools[row["category"]].extend(s for s in SENTENCE_END.split(row["text"]) if s.strip())
    categories = sorted(pools)
    texts, labels = [], []
    for _ in range(count):
        category = rng.choice(categories)
        pool = pools[category]
        text = " ".join(rng.sample(pool, k=min(len(pool), rng.randint(1, 3))))
        texts.append(typos(text, rng))
        labels.append(category)
    return texts, labels


def typos(text: str, rng: random.Random) -> str:
    """Swap or drop a few letters, as people type on a phone."""
    letters = list(text)
    for _ in range(rng.randint(0, 3)):
        if len(letters) < 4:
            break
        i = rng.randrange(len(letters) - 1)
        if rng.random() < 0.5:
            letters[i], letters[i + 1] = letters[i + 1], letters[i]
        else:
            del letters[i]
    return "".join(letters)


_GRAPH_COMMUNITIES = graph.communities
GRAPH_SAMPLE = graph.GRAPH_LIMIT


def sampled_graph_communities(
    points: np.ndarray, weights: np.ndarray, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Find graph communities on a seeded sample of distinct points; label all by centre."""
    if len(points) <= GRAPH_SAMPLE:
        return _GRAPH_COMMUNITIES(points, weights, seed)
    chosen = np.sort(np.random.default_rng(seed).choice(len(points), GRAPH_SAMPLE, replace=False))
    _, centres = _GRAPH_COMMUNITIES(points[chosen], weights[chosen], seed)
    return np.asarray((points @ centres.T).argmax(axis=1)), centres


def use_clustering(name: str) -> None:
    """Select how `discover(k="auto")` clusters above graph.GRAPH_LIMIT distinct texts."""
    if name == "graph-sample":
        graph.GRAPH_LIMIT = 10**12
        graph.communities = sampled_graph_communities
    else:
        graph.GRAPH_LIMIT = GRAPH_SAMPLE
        graph.communities = _GRAPH_COMMUNITIES


def load_labelled(
    path: Path | None, count: int, seed: int
) -> tuple[list[str], list[str], list[str]]:
    """Return texts, their categories and 2,000 probe texts for `assign`."""
    if path is None:
        texts, categories = generate_labelled(count, seed)
        return texts, categories, generate(2_000, seed=seed + 1)
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]
    texts = [row["text"] for row in rows[:count]]
    probe = [row["text"] for row in rows[count : count + 2_000]] or texts[:2_000]
    return texts, [row["category"] for row in rows[:count]], probe


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--texts", type=int, default=100_000)
    parser.add_argument("--vector-texts", type=int, default=2_000)
    parser.add_argument("--clustering", choices=("default", "graph-sample"), default="default")
    parser.add_argument("--seed", type=int, default=0, help="of the corpus and of discover")
    parser.add_argument("--jsonl", type=Path, help="real labelled texts instead of generated")
    args = parser.parse_args()
    use_clustering(args.clustering)

    texts, categories, probe = load_labelled(args.jsonl, args.texts, args.seed)
    started = time.perf_counter()
    enrichments = enrich(texts)
    enrich_seconds = time.perf_counter() - started
    print(f"enrich {len(texts):,} texts: {enrich_seconds:.1f} s", flush=True)

    started = time.perf_counter()
    model = discover(texts, enrichments=enrichments, seed=args.seed)
    discover_seconds = time.perf_counter() - started
    found_themes = [model.assignment[str(i)] or "Overig" for i in range(len(texts))]
    print(
        f"discover {len(texts):,} texts ({model.method}, {args.clustering}): "
        f"{discover_seconds:.1f} s, {len(model.themes)} themes, "
        f"ARI {adjusted_rand_score(categories, found_themes):.3f} "
        f"NMI {normalized_mutual_info_score(categories, found_themes):.3f}, "
        f"peak RSS of the process {peak_mb():,.0f} MB, load {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    print(f"end to end (enrich + discover): {enrich_seconds + discover_seconds:.1f} s", flush=True)
    started = time.perf_counter()
    tokens = [content_tokens(e.lemmas) for e in enrichments]
    found = boilerplate.find(texts, tokens, _analyse_sentences)
    print(
        f"  of which boilerplate.find (with content_tokens): {time.perf_counter() - started:.1f} s, "
        f"{len(found.sentences)} boilerplate sentences",
        flush=True,
    )
    del tokens

    probe_enrichments = enrich(probe)
    # The 100,000 enrichments above make every full garbage collection slow; a web worker
    # does not hold them. Freeze them out of the collector, as a long-lived server would.
    gc.collect()
    gc.freeze()
    for label, items in (("text (incl. enrich_one)", probe), ("enrichment", probe_enrichments)):
        assign(model, items[0])
        wall, cpu = [], []
        for item in items:
            started, started_cpu = time.perf_counter(), time.process_time()
            assign(model, item)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        p50, p99 = np.percentile(wall, [50, 99])
        cpu50, cpu99 = np.percentile(cpu, [50, 99])
        print(
            f"assign per {label}: wall p50 {p50:.3f} ms, p99 {p99:.3f} ms; "
            f"CPU time p50 {cpu50:.3f} ms, p99 {cpu99:.3f} ms",
            flush=True,
        )
    enrich_one("warm")

    small = texts[: args.vector_texts]
    started = time.perf_counter()
    vector_model = discover(small, enrichments=enrichments[: len(small)], sentence_vectors=True)
    print(
        f"discover {len(small):,} texts ({vector_model.method}, cold vector cache): "
        f"{time.perf_counter() - started:.1f} s",
        flush=True,
    )
    started = time.perf_counter()
    discover(small, enrichments=enrichments[: len(small)], sentence_vectors=True)
    print(f"  again (warm vector cache): {time.perf_counter() - started:.1f} s")
    print(f"peak RSS of the process: {peak_mb():,.0f} MB")
    print(f"load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
