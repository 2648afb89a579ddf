"""Describe clusters: keywords, a readable Dutch label, examples and a lexical centroid."""

from __future__ import annotations

import math

import numpy as np
from scipy import sparse

KEYWORDS_PER_THEME = 8
CENTROID_TERMS = 400
EXAMPLES_PER_THEME = 3
MIN_ASSIGN_SIMILARITY = 0.05


def lexical_matrix(words: sparse.csr_matrix, chars: sparse.csr_matrix) -> sparse.csr_matrix:
    """Join the two views per row the way `LexicalVectoriser.vector` does."""
    has_word = np.asarray(words.getnnz(axis=1) > 0)
    has_char = np.asarray(chars.getnnz(axis=1) > 0)
    both = has_word & has_char
    scale = np.where(both, 1 / math.sqrt(2), 1.0).astype(np.float32)
    scaled = sparse.diags(scale) @ sparse.hstack([words, chars]).tocsr()
    return scaled.tocsr()


def keywords(presence: sparse.csr_matrix, members: np.ndarray, terms: list[str]) -> list[str]:
    """Return the terms most typical of the members against the whole corpus."""
    if presence.shape[1] == 0 or len(members) == 0:
        return []
    share_all = np.asarray(presence.mean(axis=0)).ravel()
    share_in = np.asarray(presence[members].mean(axis=0)).ravel()
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(share_in > 0, share_in * np.log(share_in / share_all), 0.0)
    chosen: list[str] = []
    covered: set[str] = set()
    for column in np.argsort(-score)[: KEYWORDS_PER_THEME * 4]:
        if score[column] <= 0 or len(chosen) == KEYWORDS_PER_THEME:
            break
        term = terms[column]
        words = set(term.split())
        if words <= covered:
            continue
        chosen.append(term)
        covered |= words
    return chosen


def label(words: list[str], taken: set[str]) -> str:
    """Build a 2-4 word Dutch label from the leading keywords, unique among `taken`."""
    if not words:
        return _unique("Thema", taken)
    first = words[0]
    first_words = set(first.split())
    rest = [
        w
        for w in words[1:]
        if len(first.split()) + len(w.split()) <= 3 and not first_words & set(w.split())
    ]
    candidates = [first]
    if rest:
        candidates.insert(0, f"{first} en {rest[0]}")
        if len(rest) > 1 and len(first.split()) == 1:
            candidates.append(f"{first}, {rest[0]} en {rest[1]}")
    for candidate in candidates:
        text = candidate[:1].upper() + candidate[1:]
        if text not in taken:
            taken.add(text)
            return text
    return _unique(candidates[0][:1].upper() + candidates[0][1:], taken)


def _unique(text: str, taken: set[str]) -> str:
    number = 2
    result = text
    while result in taken:
        result = f"{text} ({number})"
        number += 1
    taken.add(result)
    return result


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
    return round(max(MIN_ASSIGN_SIMILARITY, float(np.percentile(similarities, 10))), 5)


def examples(member_ids: list[str], similarity: np.ndarray, texts: list[str]) -> list[str]:
    """Return ids of the members closest to the centre, skipping repeated texts."""
    seen: set[str] = set()
    chosen = []
    for position in np.argsort(-similarity):
        text = texts[position].strip().lower()
        if text in seen:
            continue
        seen.add(text)
        chosen.append(member_ids[position])
        if len(chosen) == EXAMPLES_PER_THEME:
            break
    return chosen
