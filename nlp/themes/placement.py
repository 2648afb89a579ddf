"""Where each text goes: its theme, how sure that is, and keeping its previous theme.

Every placement gets a confidence: how clearly the text's own theme centre beats the next
best, (s1 - s2) / s1 for cosines s1 and s2, from 0 (another theme is as close) to 1 (no
other theme is close). In a re-analysis a text keeps the theme it had when that theme
persists and is nearly as close as the new best one: without this, a small change in the
input moves texts that sit between two themes back and forth. For the same reason a
re-analysis does not cluster from scratch: the centres are those of the previous themes
(the mean of their texts in this run's vectors) plus the fresh communities that hold
mostly input without a theme before (a new subject, or a group that was in "Overig"),
and they stay where they are: five rounds of k-means from them let a broad theme grow
and moved 7% of the texts of an unchanged input (docs/nlp.md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from sklearn.preprocessing import normalize

#: A text keeps its previous theme when its cosine to it is at least this share of its
#: cosine to the new best theme (docs/nlp.md, stability).
KEEP_PREVIOUS_SHARE = 0.8
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
        if before >= KEEP_PREVIOUS_SHARE * max(now, REMAINDER_SIMILARITY):
            own[row] = old
    return own


def warm_start(
    points: np.ndarray,
    fresh: tuple[np.ndarray, np.ndarray],
    previous_themes: Sequence[str | None],
    weights: np.ndarray,
    min_size: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str | None]]:
    """Return a theme number per point, the unit centres of a re-analysis, floors, owners.

    The centres are each previous theme still present (`theme_centres`), and each fresh
    cluster whose texts mostly had no theme before (new input or "Overig": a new
    subject). Every point goes to its nearest centre, but keeps its previous theme when
    that is nearly as close (`keep_previous`); it goes to "Overig" when its cosine to its
    centre is below its floor (`remainder_floors`). `points` are distinct texts and
    `weights` how often each occurs, so a theme's size counts every text: a theme of 300
    texts in 50 wordings is not too small to keep. `fresh` holds the fresh clusters'
    labels and centres. A text without a theme before is None, or an empty string
    (`large.NEW`) for new input. `owners` holds the previous theme each centre stands for
    (None for a fresh cluster): that theme's id is kept, whatever the texts say.
    """
    labels, fresh_centres = fresh
    groups = _groups(previous_themes)
    owners = [theme for theme, rows in groups.items() if weights[rows].sum() >= min_size]
    found = theme_centres(points, weights, fresh, previous_themes)
    starts = [found[theme] for theme in owners]
    for cluster in range(len(fresh_centres)):
        members = np.flatnonzero(labels == cluster)
        if len(members) == 0:
            continue
        without = sum(weights[row] for row in members if not previous_themes[row])
        if without >= 0.5 * weights[members].sum():
            starts.append(fresh_centres[cluster])
    if not starts:
        floors = np.full(len(points), REMAINDER_SIMILARITY)
        return labels, fresh_centres, floors, [None] * len(fresh_centres)
    centres = normalize(np.vstack(starts))
    scores = points @ centres.T
    position_of = {theme: number for number, theme in enumerate(owners)}
    labels = keep_previous(scores, scores.argmax(axis=1), previous_themes, position_of)
    floors = remainder_floors(labels, previous_themes, position_of)
    return labels, centres, floors, owners + [None] * (len(starts) - len(owners))


def theme_centres(
    points: np.ndarray,
    weights: np.ndarray,
    fresh: tuple[np.ndarray, np.ndarray],
    previous_themes: Sequence[str | None],
) -> dict[str, np.ndarray]:
    """Return the centre of each previous theme among the points (not normalised).

    The weighted mean of its texts; but a theme whose texts a fresh cluster holds
    exactly (every text of the theme in it, no text of another theme nor new input) takes that
    cluster's centre, as the first analysis did: with the same input the re-analysis then
    places every text as before, where the mean of a theme's texts differs from the centre
    of the community that placed them (the texts of a small community went to the
    nearest centre).
    """
    labels, fresh_centres = fresh
    groups = _groups(previous_themes)
    centres = {theme: weights[rows] @ points[rows] for theme, rows in groups.items()}
    for cluster, centre in enumerate(fresh_centres):
        members = np.flatnonzero(labels == cluster)
        held = {previous_themes[row] for row in members} - {None}
        theme = held.pop() if len(held) == 1 else None
        if theme in groups and set(groups[theme]) <= set(members.tolist()):
            centres[theme] = centre
    return centres


def remainder_floors(
    labels: np.ndarray, previous_themes: Sequence[str | None], position_of: Mapping[str, int]
) -> np.ndarray:
    """Return per point the cosine to its centre below which it goes to "Overig".

    `REMAINDER_SIMILARITY`, with the margin of `keep_previous` on both sides: a point
    in its previous theme stays until its cosine falls below `KEEP_PREVIOUS_SHARE` x that,
    and a point that was in "Overig" (None, not new input) leaves it only above
    that / `KEEP_PREVIOUS_SHARE`.
    """
    floors = np.full(len(labels), REMAINDER_SIMILARITY)
    for row, theme in enumerate(previous_themes):
        if theme is None:
            floors[row] = REMAINDER_SIMILARITY / KEEP_PREVIOUS_SHARE
        elif position_of.get(theme) == labels[row]:
            floors[row] = KEEP_PREVIOUS_SHARE * REMAINDER_SIMILARITY
    return floors


def _groups(previous_themes: Sequence[str | None]) -> dict[str, list[int]]:
    """Return the rows of each previous theme (not "Overig", not new input)."""
    groups: dict[str, list[int]] = {}
    for row, theme in enumerate(previous_themes):
        if theme:
            groups.setdefault(theme, []).append(row)
    return groups
