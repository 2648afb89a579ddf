"""Where each text goes: its theme, how sure that is, and keeping its previous theme.

Every placement gets a confidence: how clearly the text's own theme centre beats the next
best, (s1 - s2) / s1 for cosines s1 and s2, from 0 (another theme is as close) to 1 (no
other theme is close). In a re-analysis a text keeps the theme it had when that theme
persists and is nearly as close as the new best one: without this, a small change in the
input moves texts that sit between two themes back and forth. For the same reason a
re-analysis starts k-means from the previous themes (plus the clusters that hold mostly
new input), instead of clustering from scratch.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence

import numpy as np
from sklearn.cluster import KMeans
from sklearn.exceptions import ConvergenceWarning
from sklearn.preprocessing import normalize

#: A text keeps its previous theme when its cosine to it is at least this share of its
#: cosine to the new best theme (docs/nlp.md, stability).
KEEP_PREVIOUS_SHARE = 0.8
#: k-means rounds from the previous themes in a re-analysis.
REFINE_ITERATIONS = 5
#: Cosine below which a text belongs to no theme ("Overig").
REMAINDER_SIMILARITY = 0.2


def confidence(scores: np.ndarray, own: np.ndarray) -> np.ndarray:
    """Return how clearly each placed row's own theme beats the next best one, 0..1."""
    result = np.zeros(len(own))
    placed = np.flatnonzero(own >= 0)
    if len(placed) == 0:
        return result
    if scores.shape[1] < 2:
        result[placed] = 1.0
        return result
    chosen = scores[placed].astype(np.float64)
    best = chosen[np.arange(len(placed)), own[placed]]
    chosen[np.arange(len(placed)), own[placed]] = -np.inf
    second = np.maximum(chosen.max(axis=1), 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        margin = np.where(best > 0, (best - second) / best, 0.0)
    result[placed] = np.clip(margin, 0.0, 1.0)
    return result


def keep_previous(
    scores: np.ndarray,
    own: np.ndarray,
    previous_themes: Sequence[str | None],
    position_of: Mapping[str, int],
) -> np.ndarray:
    """Return `own` with rows moved back to their previous theme where it is nearly as close.

    `previous_themes` holds each row's theme id in the previous run, `position_of` maps
    the ids of previous themes that persist to their column in `scores`.
    """
    own = own.copy()
    for row, old_id in enumerate(previous_themes):
        old = position_of.get(old_id) if old_id is not None else None
        if old is None or old == own[row]:
            continue
        before = scores[row, old]
        now = scores[row, own[row]] if own[row] >= 0 else REMAINDER_SIMILARITY
        if before >= REMAINDER_SIMILARITY and before >= KEEP_PREVIOUS_SHARE * now:
            own[row] = old
    return own


def warm_start(
    points: np.ndarray,
    fresh: tuple[np.ndarray, np.ndarray],
    previous_themes: Sequence[str | None],
    weights: np.ndarray,
    min_size: int,
) -> np.ndarray:
    """Return start centres: each previous theme still present, and each fresh cluster
    whose texts mostly had no theme before (new input or "Overig": a new subject).

    `points` are distinct texts and `weights` how often each occurs, so a theme's size
    counts every text: a theme of 300 texts in 50 wordings is not too small to keep.
    `fresh` holds the fresh clusters' labels and centres. A text without a theme before is
    None, or an empty string (`large.NEW`) for new input.
    """
    labels, fresh_centres = fresh
    groups: dict[str, list[int]] = {}
    for row, theme in enumerate(previous_themes):
        if theme:
            groups.setdefault(theme, []).append(row)
    starts = [
        weights[rows] @ points[rows] for rows in groups.values() if weights[rows].sum() >= min_size
    ]
    for cluster in range(len(fresh_centres)):
        members = np.flatnonzero(labels == cluster)
        if len(members) == 0:
            continue
        without = sum(weights[row] for row in members if not previous_themes[row])
        if without >= 0.5 * weights[members].sum():
            starts.append(fresh_centres[cluster])
    return normalize(np.vstack(starts)) if starts else fresh_centres


def refine(
    points: np.ndarray, weights: np.ndarray, starts: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Return labels and unit centres of spherical k-means started from `starts`."""
    model = KMeans(n_clusters=len(starts), init=starts, n_init=1, max_iter=REFINE_ITERATIONS)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(points, sample_weight=weights)
    centres = normalize(model.cluster_centers_)
    return np.asarray((points @ centres.T).argmax(axis=1)), centres
