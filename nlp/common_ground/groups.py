"""Opinion groups: PCA on the vote matrix with missing votes handled, then k-means (2-5 groups).

As in Pol.is: each statement's column is centred on its mean vote, a missing vote counts as
that mean (so it pulls nowhere), and a participant's projection is scaled up by
sqrt(statements / statements voted on) so that people who voted on little are not all drawn
to the centre. Only participants with enough votes take part. The number of groups is the
one with the best silhouette.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from nlp.common_ground.matrix import VoteMatrix

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
    """Project every participant onto the first two principal components (Pol.is style)."""
    values = matrix.values
    voted = matrix.voted
    seen = voted.sum(axis=0)
    means = np.divide(
        np.nansum(values, axis=0), seen, out=np.zeros(values.shape[1]), where=seen > 0
    )
    centred = np.where(voted, values - means, 0.0)
    components = min(2, *centred.shape)
    if components == 0:
        return np.zeros((values.shape[0], 2))
    # The two leading right singular vectors via the small statements × statements matrix.
    covariance = centred.T @ centred
    eigenvalues, eigenvectors = np.linalg.eigh(covariance)
    leading = eigenvectors[:, np.argsort(eigenvalues)[::-1][:2]]
    projected = centred @ leading
    counts = voted.sum(axis=1)
    scale = np.sqrt(values.shape[1] / np.maximum(counts, 1))
    projected = projected * scale[:, None]
    if projected.shape[1] < 2:
        projected = np.hstack([projected, np.zeros((projected.shape[0], 1))])
    return projected


def clustered_participants(matrix: VoteMatrix, min_votes: int = MIN_VOTES) -> np.ndarray:
    """Mask of participants with enough votes (all statements, when there are fewer)."""
    needed = min(min_votes, matrix.values.shape[1])
    return matrix.voted.sum(axis=1) >= max(needed, 1)


def find_groups(matrix: VoteMatrix, *, min_votes: int = MIN_VOTES, seed: int = 0) -> OpinionGroups:
    """Cluster the participants with enough votes into 2-5 groups by the best silhouette."""
    # scikit-learn is imported here, not at the top: web processes import this module at
    # start-up (the votes pages) and need scikit-learn only when they compute groups.
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    points = projection(matrix)
    included = clustered_participants(matrix, min_votes)
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
