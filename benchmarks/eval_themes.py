"""Compare theme-discovery variants on real (Pol.is) and demo text: ARI and NMI per variant.

    .venv/bin/python benchmarks/eval_themes.py [--max-per-conversation 150]
    .venv/bin/python benchmarks/eval_themes.py --compare-clustering [--seeds 0,1,2,3,4]

Pol.is (../shared/data/polis/*/comments.csv, CC BY 4.0): comments of twelve conversations
are mixed; the conversation is the label to recover. Demo: dialogue/demo/corpus_nl.jsonl,
its `category` is the label. Every variant clusters the same enriched texts; "true k" uses
the number of labels, "auto" the automatic choice of `nlp.themes`. The last row per data
set is `discover()` itself (with its "Overig" remainder; coverage = share not in Overig).
`--compare-clustering` runs `discover()` (k="auto") per seed with each way of finding the
themes (`discovery.AUTO_CLUSTERING`) on the demo corpus and on Pol.is, and prints one table.
`--compare-large` does the same above `graph.GRAPH_LIMIT` on the generated corpora of
`benchmarks/bench_themes.py` (category = label; easier than real text): the default there
(k-means until 2026-12-05; now the graph of a hashed sample with sentence vectors, the rest
placed by a classifier, `nlp/themes/large.py`) against graph communities of a seeded sample
of 5,000 distinct texts on the lexical views alone.

    .venv/bin/python benchmarks/eval_themes.py --compare-large --sizes 20000,100000 --seeds 0,1,2
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.decomposition import NMF
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from sklearn.preprocessing import normalize

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_themes import generate_labelled, use_clustering  # noqa: E402
from nlp import enrich  # noqa: E402
from nlp.themes import clustering, discover, discovery  # noqa: E402
from nlp.themes.encoder import sentence_encoder  # noqa: E402
from nlp.themes.features import LexicalVectoriser, content_tokens  # noqa: E402

POLIS = ROOT.parent / "shared" / "data" / "polis"


def polis(max_per_conversation: int, seed: int = 0) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    texts, labels = [], []
    for path in sorted(POLIS.glob("*/comments.csv")):
        with path.open(encoding="utf-8") as handle:
            rows = [r["comment-body"] for r in csv.DictReader(handle) if r["comment-body"].strip()]
        rng.shuffle(rows)
        rows = rows[:max_per_conversation]
        texts += rows
        labels += [path.parent.name] * len(rows)
    return texts, labels


def demo() -> tuple[list[str], list[str]]:
    rows = [json.loads(line) for line in (ROOT / "dialogue/demo/corpus_nl.jsonl").open()]
    return [r["text"] for r in rows], [r["category"] for r in rows]


def score(labels, predicted) -> str:
    ari = adjusted_rand_score(labels, predicted)
    nmi = normalized_mutual_info_score(labels, predicted)
    return f"{ari:.3f} | {nmi:.3f}"


def evaluate(name: str, texts: list[str], labels: list[str]) -> None:
    true_k = len(set(labels))
    enrichments = enrich(texts)
    tokens = [content_tokens(e.lemmas) for e in enrichments]
    vectoriser = LexicalVectoriser()
    words, chars = vectoriser.fit_transform(tokens)
    rows = np.flatnonzero((words.getnnz(axis=1) + chars.getnnz(axis=1)) > 0)
    truth = [labels[i] for i in rows]
    sentences = sentence_encoder().encode([texts[i] for i in rows])
    ones = np.ones(len(rows))
    word_view = clustering.reduce(words[rows], 0)
    char_view = clustering.reduce(chars[rows], 0)
    weight = clustering.LEXICAL_WEIGHT
    views = {
        "lemma TF-IDF (LSA)": word_view,
        "lemma + char 3-5-grams": normalize(np.hstack([word_view, char_view])),
        "sentence vectors only": sentences,
        "lemma + char + sentence vectors": normalize(
            np.hstack([weight * word_view, weight * char_view, sentences])
        ),
    }
    print(f"\n### {name}: {len(texts)} texts, {true_k} labels, {len(rows)} with content\n")
    print("| variant | ARI (true k) | NMI (true k) | auto k | ARI (auto) | NMI (auto) |")
    print("|---|---|---|---|---|---|")
    topics = NMF(true_k, init="nndsvda", random_state=0, max_iter=400).fit_transform(words[rows])
    print(f"| NMF on lemma TF-IDF | {score(truth, topics.argmax(axis=1))} | – | – | – |")
    for variant, points in views.items():
        fixed, _ = clustering.spherical_kmeans(points, true_k, ones, 0)
        auto_k = clustering.choose_k(points, ones, 0)
        auto, _ = clustering.spherical_kmeans(points, auto_k, ones, 0)
        print(f"| spherical k-means, {variant} | {score(truth, fixed)} | {auto_k} | "
              f"{score(truth, auto)} |")  # fmt: skip
    for vectors in (False, True):
        line = []
        for k in (true_k, "auto"):
            started = time.perf_counter()
            model = discover(texts, enrichments=enrichments, k=k, sentence_vectors=vectors)
            seconds = time.perf_counter() - started
            predicted = [model.assignment[str(i)] or "Overig" for i in range(len(texts))]
            coverage = np.mean([p != "Overig" for p in predicted])
            line.append((score(labels, predicted), len(model.themes), coverage, seconds))
        (fixed, _, cov_fixed, _), (auto, auto_k, cov_auto, seconds) = line
        print(f"| `discover()` {'with' if vectors else 'without'} sentence vectors "
              f"(coverage {cov_fixed:.0%} / {cov_auto:.0%}, {seconds:.1f} s auto) | "
              f"{fixed} | {auto_k} | {auto} |")  # fmt: skip


def compare_clustering(seeds: list[int], max_per_conversation: int) -> None:
    corpora = {
        "demo": demo(),
        "Pol.is balanced": polis(max_per_conversation),
        "Pol.is all": polis(10**9),
    }
    print("| corpus | vectors | clustering | themes | ARI mean (range) | NMI mean (range) | "
          "coverage | s per run (median) |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    for name, (texts, labels) in corpora.items():
        enrichments = enrich(texts)
        for vectors in ("auto", False):
            for method in ("kmeans", "graph"):
                discovery.AUTO_CLUSTERING = method
                runs = []
                for seed in seeds:
                    started = time.perf_counter()
                    model = discover(
                        texts, enrichments=enrichments, seed=seed, sentence_vectors=vectors
                    )
                    seconds = time.perf_counter() - started
                    predicted = [model.assignment[str(i)] or "Overig" for i in range(len(texts))]
                    runs.append(
                        (
                            adjusted_rand_score(labels, predicted),
                            normalized_mutual_info_score(labels, predicted),
                            len(model.themes),
                            np.mean([p != "Overig" for p in predicted]),
                            seconds,
                        )
                    )
                ari, nmi, themes, coverage, seconds = np.asarray(runs).T
                print(f"| {name} | {'yes' if vectors else 'no'} | {method} | {themes.mean():.0f} "
                      f"| {ari.mean():.3f} ({ari.min():.3f}–{ari.max():.3f}) "
                      f"| {nmi.mean():.3f} ({nmi.min():.3f}–{nmi.max():.3f}) "
                      f"| {coverage.mean():.1%} | {np.median(seconds):.1f} |", flush=True)  # fmt: skip
    discovery.AUTO_CLUSTERING = "graph"


def compare_large(sizes: list[int], seeds: list[int]) -> None:
    print("| texts | clustering | themes | ARI mean (range) | NMI mean (range) | coverage | "
          "s per run (median) | load |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    for size in sizes:
        runs: dict[str, list[tuple[float, ...]]] = {"default": [], "graph-sample": []}
        for seed in seeds:
            texts, labels = generate_labelled(size, seed)
            enrichments = enrich(texts)
            for method, results in runs.items():
                use_clustering(method)
                started = time.perf_counter()
                model = discover(texts, enrichments=enrichments, seed=seed)
                seconds = time.perf_counter() - started
                predicted = [model.assignment[str(i)] or "Overig" for i in range(len(texts))]
                results.append(
                    (
                        adjusted_rand_score(labels, predicted),
                        normalized_mutual_info_score(labels, predicted),
                        len(model.themes),
                        np.mean([p != "Overig" for p in predicted]),
                        seconds,
                    )
                )
                print(f"  {size} seed {seed} {method}: ARI {results[-1][0]:.3f} "
                      f"NMI {results[-1][1]:.3f} themes {results[-1][2]} {seconds:.1f} s "
                      f"load {os.getloadavg()[0]:.1f}", file=sys.stderr, flush=True)  # fmt: skip
            del enrichments
        use_clustering("default")
        for method, results in runs.items():
            ari, nmi, themes, coverage, seconds = np.asarray(results).T
            name = "default" if method == "default" else "lexical graph on a 5,000 sample"
            print(f"| {size:,} | {name} | {themes.mean():.0f} ({themes.min():.0f}–{themes.max():.0f}) "
                  f"| {ari.mean():.3f} ({ari.min():.3f}–{ari.max():.3f}) "
                  f"| {nmi.mean():.3f} ({nmi.min():.3f}–{nmi.max():.3f}) "
                  f"| {coverage.mean():.1%} | {np.median(seconds):.1f} "
                  f"| {os.getloadavg()[0]:.1f} |", flush=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-per-conversation", type=int, default=150)
    parser.add_argument("--write-polis", type=Path, help="only write Pol.is as labelled JSONL")
    parser.add_argument("--compare-clustering", action="store_true")
    parser.add_argument("--seeds", default="0,1,2,3,4")
    parser.add_argument("--compare-large", action="store_true")
    parser.add_argument("--sizes", default="20000,100000")
    args = parser.parse_args()
    if args.compare_large:
        sizes = [int(size) for size in args.sizes.split(",")]
        compare_large(sizes, [int(seed) for seed in args.seeds.split(",")])
        return
    if args.compare_clustering:
        seeds = [int(seed) for seed in args.seeds.split(",")]
        compare_clustering(seeds, args.max_per_conversation)
        return
    if args.write_polis:
        texts, labels = polis(args.max_per_conversation)
        with args.write_polis.open("w", encoding="utf-8") as handle:
            for number, (text, label) in enumerate(zip(texts, labels, strict=True)):
                row = {"id": f"p{number}", "text": text, "category": label}
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    evaluate("Pol.is, balanced", *polis(args.max_per_conversation))
    evaluate("Pol.is, all comments", *polis(10**9))
    evaluate("Demo corpus", *demo())


if __name__ == "__main__":
    main()
