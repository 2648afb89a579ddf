"""Opinion groups on the shared Pol.is conversations: Kernpunt's method against a variant.

Reads each folder's votes.csv (comments the moderator removed left out, later votes count)
straight into nlp.common_ground, without the app, and prints the ARI against the group-id
Pol.is gave each participant (participants-votes.csv), per conversation and the median.
The same figures as `flask polis evaluate` for the method in use (docs/nlp.md).

    PYTHONPATH=. .venv/bin/python benchmarks/polis_group_variants.py [--method two-level] \
        ../shared/data/polis/*/

two-level: Pol.is's own way of clustering: about 100 base clusters by k-means on the
projection, then 2-5 groups by k-means on the base clusters' centres weighted by their
size, the number by the silhouette of the centres. Tried on 2026-12-04, not kept (the
median ARI fell from 0.38 to 0.32).
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score, silhouette_score
from threadpoolctl import threadpool_limits

from nlp.common_ground import VoteMatrix, build_matrix, find_groups
from nlp.common_ground.groups import _largest_first, clustered_participants, projection


def load(folder: Path) -> tuple[VoteMatrix, dict[int, str]]:
    """The vote matrix of a Pol.is folder and Pol.is's group per participant."""
    with (folder / "comments.csv").open(newline="", encoding="utf-8") as handle:
        removed = {r["comment-id"] for r in csv.DictReader(handle) if r["moderated"] == "-1"}
    with (folder / "votes.csv").open(newline="", encoding="utf-8") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda r: int(r["timestamp"]))
    votes = [
        (int(r["voter-id"]), int(r["comment-id"]), float(r["vote"]))
        for r in rows
        if r["comment-id"] not in removed
    ]
    with (folder / "participants-votes.csv").open(newline="", encoding="utf-8") as handle:
        theirs = {
            int(r["participant"]): r["group-id"]
            for r in csv.DictReader(handle)
            if r.get("group-id", "").strip()
        }
    return build_matrix(votes), theirs


def two_level(matrix: VoteMatrix, base_k: int = 100, seed: int = 0) -> tuple[np.ndarray, int]:
    """Pol.is's base clusters, then groups of base clusters (weighted by size)."""
    points = projection(matrix)
    included = clustered_participants(matrix)
    labels = np.full(points.shape[0], -1)
    chosen = points[included]
    k_base = min(base_k, len(np.unique(chosen.round(9), axis=0)))
    base = KMeans(n_clusters=k_base, n_init=1, random_state=seed).fit(chosen)
    centres, weights = base.cluster_centers_, np.bincount(base.labels_, minlength=k_base)
    best: tuple[float, np.ndarray, int] | None = None
    for k in range(2, min(5, k_base - 1) + 1):
        fitted = KMeans(n_clusters=k, n_init=4, random_state=seed)
        fitted.fit(centres, sample_weight=weights)
        if len(set(fitted.labels_)) < 2:
            continue
        score = float(silhouette_score(centres, fitted.labels_))
        if best is None or score > best[0] + 1e-9:
            best = (score, fitted.labels_, k)
    if best is None:
        return labels, 0
    _score, groups, k = best
    labels[included] = _largest_first(groups[base.labels_], k)
    return labels, k


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--method", choices=("kernpunt", "two-level"), default="kernpunt")
    args = parser.parse_args()
    scores = []
    for folder in args.folders:
        if (
            not (folder / "votes.csv").is_file()
            or not (folder / "participants-votes.csv").is_file()
        ):
            continue
        matrix, theirs = load(folder)
        with threadpool_limits(1):
            if args.method == "kernpunt":
                found = find_groups(matrix)
                ours, k = found.labels, found.count
            else:
                ours, k = two_level(matrix)
        names = sorted(set(theirs.values()))
        polis = np.array(
            [names.index(theirs[p]) if p in theirs else -1 for p in matrix.participants]
        )
        both = (ours >= 0) & (polis >= 0)
        score = float(adjusted_rand_score(polis[both], ours[both]))
        scores.append(score)
        print(
            f"{folder.name}: groups {k} / {len(names)}, {int(both.sum())} compared, ARI {score:.2f}"
        )
    print(
        f"median ARI {np.median(scores):.3f}, mean {np.mean(scores):.3f} ({len(scores)} conversations)"
    )


if __name__ == "__main__":
    main()
