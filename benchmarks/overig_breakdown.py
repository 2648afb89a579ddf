"""Where "Overig" comes from in `discover`, on a labelled corpus (whole and seeded samples).

    .venv/bin/python benchmarks/overig_breakdown.py LABELLED.jsonl [--sample 5000]
        [--seeds 0] [--whole-seed 0] [--show 8]

LABELLED.jsonl has `id`, `text` and `category` per line (benchmarks/build_labelled_corpus.py).
`discover` runs unchanged; this script only watches the step that names the clusters
(`discovery._describe_clusters`) and splits the texts that end in "Overig" by cause:

- *no content*: no content word or n-gram left (boilerplate and stop words removed);
- *far from centre*: cosine to its cluster centre below `placement.REMAINDER_SIMILARITY`;
- *small cluster*: its cluster has fewer than `max(MIN_THEME_SIZE, MIN_THEME_SHARE * n)`;
- *no label*: its cluster has no phrase shared by enough of its texts.

For the largest unlabelled clusters it prints their size, main category (and its share)
and two texts. "clusters as found" scores the clusters before naming (every cluster and
the far texts one group each): how good the grouping itself is, apart from the labels.
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
from nlp.themes import assign, discover, discovery, graph  # noqa: E402
from nlp.themes.model import ThemeModel  # noqa: E402

_DESCRIBE = discovery._describe_clusters
_COMMUNITIES = graph.communities
SEEN: list[dict] = []
SAMPLED: list[np.ndarray] = []


def watching_communities(points, weights, seed, *args, **kwargs):
    """Call the real graph step and keep the communities it found (the sample's, if sampled)."""
    community, centres = _COMMUNITIES(points, weights, seed, *args, **kwargs)
    SAMPLED.append(np.repeat(community, np.asarray(weights, dtype=np.int64)))
    return community, centres


def watching_describe(clusters, labels, rows, keys_and_texts, *args, **kwargs):
    """Call the real step and keep what it was given and which clusters got a label."""
    drafts, kept = _DESCRIBE(clusters, labels, rows, keys_and_texts, *args, **kwargs)
    SEEN.append(
        {"clusters": list(clusters), "labels": labels.copy(), "rows": rows.copy(), "kept": kept}
    )
    return drafts, kept


def breakdown(
    texts: list[str], enrichments: list, truth: list[str], seed: int, show: int, name: str
) -> None:
    """Run `discover` on the texts; print the causes of "Overig" and the unlabelled clusters."""
    SEEN.clear()
    SAMPLED.clear()
    model = discover(texts, enrichments=enrichments, seed=seed)
    seen = SEEN[-1]
    n = len(texts)
    cause = np.full(n, "no content", dtype=object)
    labels, rows, kept = seen["labels"], seen["rows"], set(seen["kept"])
    sizeable = set(seen["clusters"])
    for row, label in zip(rows, labels, strict=True):
        if label < 0:
            cause[row] = "far from centre"
        elif label not in sizeable:
            cause[row] = "small cluster"
        else:
            cause[row] = "theme" if label in kept else "no label"
    counts = Counter(cause)
    found = np.full(n, -2)
    found[rows] = labels
    print(f"\n{name}: {n:,} texts, {len(model.themes)} themes, method {model.method}")
    print("  " + ", ".join(f"{key} {counts[key] / n:.1%}" for key in sorted(counts)))
    print(f"  clusters as found: {len(set(labels) - {-1})}, ARI "
          f"{adjusted_rand_score(truth, found):.3f}, NMI "
          f"{normalized_mutual_info_score(truth, found):.3f}")  # fmt: skip
    replaced(model, enrichments, truth)
    sampled = model.method.endswith("(sample)") and SAMPLED
    unnamed = Counter(int(label) for label in labels if label in sizeable - kept)
    for cluster, size in unnamed.most_common(show):
        members = rows[labels == cluster]
        main, share = Counter(truth[i] for i in members).most_common(1)[0]
        example = " | ".join(texts[i][:70] for i in members[:2])
        part = f", {np.mean(SAMPLED[-1] == cluster):.1%} of the sample" if sampled else ""
        print(
            f"  no label: {size:,} texts ({size / n:.1%}{part}), {main} {share / size:.0%}: {example}"
        )


def scored(truth: list[str], themes: list[str | None]) -> str:
    """Return ARI, NMI, coverage and ARI / NMI without "Overig" (None) as one line."""
    found = [theme or "Overig" for theme in themes]
    kept = [i for i, theme in enumerate(themes) if theme is not None]
    inner = [truth[i] for i in kept], [found[i] for i in kept]
    return (
        f"ARI {adjusted_rand_score(truth, found):.3f}, NMI "
        f"{normalized_mutual_info_score(truth, found):.3f}, coverage {len(kept) / len(truth):.1%}, "
        f"without Overig {adjusted_rand_score(*inner):.3f} / "
        f"{normalized_mutual_info_score(*inner):.3f}"
    )


def replaced(model: ThemeModel, enrichments: list, truth: list[str]) -> None:
    """Print the scores as found and with every "Overig" text given to `assign` once more.

    `assign` places a new text by the lexical centres of the named themes (or leaves it in
    "Overig" below a theme's threshold): what the texts of unlabelled clusters would get
    if they were placed among the named themes only.
    """
    themes = [model.assignment[str(i)] for i in range(len(truth))]
    print(f"  as found: {scored(truth, themes)}")
    again = [theme or assign(model, enrichments[i]) for i, theme in enumerate(themes)]
    print(f'  "Overig" placed again by assign: {scored(truth, again)}')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path", type=Path)
    parser.add_argument("--sample", type=int, default=5_000)
    parser.add_argument("--seeds", default="0")
    parser.add_argument("--whole-seed", type=int, default=0)
    parser.add_argument("--show", type=int, default=8)
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.path.read_text("utf-8").splitlines() if line]
    texts = [row["text"] for row in rows]
    truth = [row["category"] for row in rows]
    enrichments = enrich(texts)
    discovery._describe_clusters = watching_describe
    graph.communities = watching_communities
    whole = f"whole, seed {args.whole_seed}"
    breakdown(texts, enrichments, truth, args.whole_seed, args.show, whole)
    for seed in [int(s) for s in args.seeds.split(",")]:
        chosen = np.sort(np.random.default_rng(seed).choice(len(texts), args.sample, replace=False))
        picked = [texts[i] for i in chosen], [enrichments[i] for i in chosen]
        breakdown(*picked, [truth[i] for i in chosen], seed, args.show, f"sample {seed}")


if __name__ == "__main__":
    main()
