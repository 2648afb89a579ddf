"""Keep theme ids stable across runs by matching new themes to the previous ones."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy.optimize import linear_sum_assignment

if TYPE_CHECKING:
    from nlp.themes.model import ThemeModel

MATCH_THRESHOLD = 0.35
#: A group keeps the label of the previous theme that at least this share of its texts had.
KEEP_LABEL_SHARE = 0.5


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Return the cosine similarity of two sparse term -> weight vectors."""
    if len(a) > len(b):
        a, b = b, a
    dot = sum(value * b.get(term, 0.0) for term, value in a.items())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def jaccard(a: set[str], b: set[str]) -> float:
    """Return the overlap of two member sets."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def match(
    new_members: Sequence[set[str]],
    new_centroids: Sequence[Mapping[str, float]],
    old_members: Sequence[set[str]],
    old_centroids: Sequence[Mapping[str, float]],
) -> dict[int, int]:
    """Pair new themes with old ones (Hungarian on member overlap and centroid cosine)."""
    if not new_members or not old_members:
        return {}
    shared_ids = set().union(*new_members) & set().union(*old_members)
    score = np.zeros((len(new_members), len(old_members)))
    for i, (members, centre) in enumerate(zip(new_members, new_centroids, strict=True)):
        for j, (old, old_centre) in enumerate(zip(old_members, old_centroids, strict=True)):
            similarity = cosine(centre, old_centre)
            if shared_ids:
                overlap = jaccard(members & shared_ids, old & shared_ids)
                similarity = 0.5 * similarity + 0.5 * overlap
            score[i, j] = similarity
    score[score < MATCH_THRESHOLD] = 0.0  # a weak pair must not buy a better total elsewhere
    rows, cols = linear_sum_assignment(-score)
    return {
        int(i): int(j) for i, j in zip(rows, cols, strict=True) if score[i, j] >= MATCH_THRESHOLD
    }


def previous_label(previous: ThemeModel | None, members: Sequence[str]) -> str | None:
    """Return the label of the previous theme that most of these texts (ids) were in, if any.

    A re-analysis asks for it when a group's phrases fell just below the share a label
    needs: a theme that persists keeps its name instead of going to "Overig" (docs/nlp.md).
    """
    if previous is None or not members:
        return None
    theme, count = Counter(previous.assignment.get(key) for key in members).most_common(1)[0]
    if theme is None or count < KEEP_LABEL_SHARE * len(members):
        return None
    return next((t.label for t in previous.themes if t.id == theme), None)


def theme_ids(
    drafts: list[dict[str, Any]], keys: list[str], previous: ThemeModel | None
) -> tuple[list[str], dict[int, int], int]:
    """Return an id per draft (kept from the matching previous theme), the matches, next index.

    A draft that a re-analysis started from a previous theme (its "owner") is that theme;
    the others are matched to the remaining previous themes (`match`).
    """
    matched: dict[int, int] = {}
    if previous is not None and previous.themes:
        index = {theme.id: number for number, theme in enumerate(previous.themes)}
        matched = {p: index[d["owner"]] for p, d in enumerate(drafts) if d["owner"] in index}
        free = [p for p in range(len(drafts)) if p not in matched]
        old = [n for n in range(len(previous.themes)) if n not in matched.values()]
        found = match(
            [{keys[i] for i in drafts[p]["members"]} for p in free],
            [drafts[p]["centroid"] for p in free],
            [set(previous.members(previous.themes[n].id)) for n in old],
            [previous.themes[n].centroid for n in old],
        )
        matched.update({free[i]: old[j] for i, j in found.items()})
    next_index = previous.next_index if previous else 1
    ids = []
    for position in range(len(drafts)):
        if position in matched:
            ids.append(previous.themes[matched[position]].id)  # type: ignore[union-attr]
        else:
            ids.append(f"t{next_index}")
            next_index += 1
    return ids, matched, next_index
