"""Describe clusters: examples, a lexical centroid and the threshold for assignment."""

from __future__ import annotations

import math
import re

import numpy as np
from scipy import sparse

CENTROID_TERMS = 400
#: Members kept as a theme's examples, closest to its centre first: the app quotes the first
#: few that are no copies of each other (residents repost with a greeting or thanks added).
EXAMPLES_PER_THEME = 10
MIN_ASSIGN_SIMILARITY = 0.05
NOT_ALPHANUMERIC = re.compile(r"[\W_]+")
#: A new text joins a theme when it is as close as the theme's own 5% least typical members.
ASSIGN_PERCENTILE = 5


def lexical_matrix(words: sparse.csr_matrix, chars: sparse.csr_matrix) -> sparse.csr_matrix:
    """Join the two views per row: scaled by 1/sqrt(2) where both have a term (as
    `scoring.CentroidScorer` does for one new text)."""
    has_word = np.asarray(words.getnnz(axis=1) > 0)
    has_char = np.asarray(chars.getnnz(axis=1) > 0)
    both = has_word & has_char
    scale = np.where(both, 1 / math.sqrt(2), 1.0).astype(np.float32)
    scaled = sparse.diags(scale) @ sparse.hstack([words, chars]).tocsr()
    return scaled.tocsr()


def centroid(lexical: sparse.csr_matrix, members: np.ndarray, terms: list[str]) -> dict[str, float]:
    """Return the unit-length mean lexical vector of the members, pruned to its top terms."""
    mean = np.asarray(lexical[members].mean(axis=0)).ravel()
    top = np.argsort(-mean)[:CENTROID_TERMS]
    top = top[mean[top] > 0]
    norm = float(np.linalg.norm(mean[top]))
    if norm == 0:
        return {}
    return {terms[i]: round(float(mean[i] / norm), 5) for i in top}


def assign_threshold(similarities: np.ndarray) -> float:
    """Return the lowest lexical similarity that still counts as belonging to a theme."""
    if len(similarities) == 0:
        return 1.0
    return round(
        max(MIN_ASSIGN_SIMILARITY, float(np.percentile(similarities, ASSIGN_PERCENTILE))), 5
    )


def examples(member_ids: list[str], similarity: np.ndarray, texts: list[str]) -> list[str]:
    """Return ids of the members closest to the centre, skipping repeated texts (the same
    letters and digits)."""
    seen: set[str] = set()
    chosen = []
    for position in np.argsort(-similarity, kind="stable"):
        text = NOT_ALPHANUMERIC.sub("", texts[position].lower())
        if text in seen:
            continue
        seen.add(text)
        chosen.append(member_ids[position])
        if len(chosen) == EXAMPLES_PER_THEME:
            break
    return chosen


def unique_label(text: str, taken: set[str]) -> str:
    """Return text, or text with a number, that is not yet in `taken`; add it there."""
    number = 2
    result = text
    while result.lower() in {t.lower() for t in taken}:
        result = f"{text} ({number})"
        number += 1
    taken.add(result)
    return result
