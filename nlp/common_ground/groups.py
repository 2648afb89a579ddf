"""Opinion groups: PCA on the vote matrix with missing votes handled, then k-means (2-5 groups).

As in Pol.is: each statement's column is centred on its mean vote, a missing vote counts as
that mean (so it pulls nowhere), and a participant's projection is scaled up by
sqrt(statements / statements voted on) so that people who voted on little are not all drawn
to the centre. Only participants with enough votes take part. The number of groups is the
one with the best silhouette.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from nlp.common_ground.matrix import VoteMatrix

if TYPE_CHECKING:
    from scipy.sparse import sparray

#: Pol.is clusters participants who voted on at least this many statements (or on all).
MIN_VOTES = 7
#: Fewest and most groups tried.
MIN_GROUPS, MAX_GROUPS = 2, 5
#: Above this many participants the silhouette is estimated on a fixed random sample.
SILHOUETTE_SAMPLE = 3000


@dataclass(frozen=True)
class OpinionGroups:
    """The group of every clustered participant (-1: too few votes) and the 2-D projection."""

    labels: np.ndarray
    projection: np.ndarray
    count: int
    silhouette: float | None = None
    sizes: list[int] = field(default_factory=list)


def projection(matrix: VoteMatrix) -> np.ndarray:
    """Project every participant onto the first two principal components (Pol.is style).

    Sparse throughout: a missing vote counts as its column's mean, so after centring only the
    cells with a vote are non-zero, and the centred matrix keeps the votes' sparsity.
    """
    participants, statements = matrix.shape
    if min(participants, statements) == 0:
        return np.zeros((participants, 2))
    seen = matrix.votes_per_statement()
    sums = np.bincount(matrix.columns, weights=matrix.votes, minlength=statements)
    means = np.divide(sums, seen, out=np.zeros(statements), where=seen > 0)
    centred = matrix.csr(matrix.votes - means[matrix.columns])
    projected = centred @ leading_directions(centred)
    scale = np.sqrt(statements / np.maximum(matrix.votes_per_participant(), 1))
    return projected * scale[:, None]


def leading_directions(centred: sparray, seed: int = 0) -> np.ndarray:
    """The two leading right singular vectors (statements × 2), each with a fixed sign.

    Truncated SVD (ARPACK, a fixed start vector) of the sparse matrix: the work grows with
    the votes, not with statements². Only a matrix too small for it (2 columns or rows, or
    fewer) goes through the dense statements × statements matrix, as before. A column is
    zero where there is no second direction (one column, or all votes alike).
    """
    statements = centred.shape[1]
    directions = np.zeros((statements, 2))
    if not np.any(centred.data):
        return directions
    if min(centred.shape) <= 2:
        eigenvalues, eigenvectors = np.linalg.eigh((centred.T @ centred).toarray())
        found = eigenvectors[:, np.argsort(eigenvalues)[::-1][:2]]
    else:
        from scipy.sparse.linalg import svds

        start = np.random.default_rng(seed).uniform(-1.0, 1.0, min(centred.shape))
        _u, values, vt = svds(centred, k=2, v0=start, random_state=seed)
        found = vt[np.argsort(values)[::-1]].T
    # The sign of a singular vector is arbitrary: make its largest entry positive.
    largest = found[np.argmax(np.abs(found), axis=0), np.arange(found.shape[1])]
    directions[:, : found.shape[1]] = found * np.where(largest < 0, -1.0, 1.0)
    return directions


def clustered_participants(matrix: VoteMatrix, min_votes: int = MIN_VOTES) -> np.ndarray:
    """Mask of participants with enough votes (all statements, when there are fewer)."""
    needed = min(min_votes, matrix.shape[1])
    return matrix.votes_per_participant() >= max(needed, 1)


def find_groups(matrix: VoteMatrix, *, min_votes: int = MIN_VOTES, seed: int = 0) -> OpinionGroups:
    """Cluster the participants with enough votes into 2-5 groups by the best silhouette.

    scikit-learn and scipy.sparse.linalg are imported where used, not at the top: web
    processes import this module at start-up (the votes pages) and need them only when they
    compute groups.
    """
    return cluster(projection(matrix), clustered_participants(matrix, min_votes), seed=seed)


def cluster(points: np.ndarray, included: np.ndarray, *, seed: int = 0) -> OpinionGroups:
    """k-means for 2-5 groups on the included points, the number with the best silhouette."""
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    labels = np.full(points.shape[0], -1, dtype=int)
    chosen = points[included]
    distinct = len(np.unique(chosen.round(9), axis=0))
    if distinct < MIN_GROUPS:
        return OpinionGroups(labels, points, 0)
    best: tuple[float, np.ndarray, int] | None = None
    sample = SILHOUETTE_SAMPLE if len(chosen) > SILHOUETTE_SAMPLE else None
    for k in range(MIN_GROUPS, min(MAX_GROUPS, distinct, len(chosen) - 1) + 1):
        fitted = KMeans(n_clusters=k, n_init=4, random_state=seed).fit(chosen)
        if len(set(fitted.labels_)) < 2:
            continue
        score = float(
            silhouette_score(chosen, fitted.labels_, sample_size=sample, random_state=seed)
        )
        if best is None or score > best[0] + 1e-9:
            best = (score, fitted.labels_, k)
    if best is None:
        return OpinionGroups(labels, points, 0)
    score, found, k = best
    labels[included] = _largest_first(found, k)
    sizes = [int((labels == group).sum()) for group in range(k)]
    return OpinionGroups(labels, points, k, score, sizes)


def _largest_first(labels: np.ndarray, k: int) -> np.ndarray:
    """Renumber the groups so that group 0 is the largest (stable names: A, B, …)."""
    order = np.argsort(-np.bincount(labels, minlength=k), kind="stable")
    renumber = np.empty(k, dtype=int)
    renumber[order] = np.arange(k)
    return renumber[labels]
