"""Scoring one new text against a model's lexical theme centres, as a post needs it.

Every published post is placed while the resident waits (dialogue/themes/analysis.py), so
this runs once per request, with the rest of the request between two calls: whatever it
touches is out of the CPU's caches each time, and the straightforward way (build the text's
TF-IDF as a dict of prefixed term names, then look each name up again in the centres'
columns) cost about four times its hot-loop time in a request (docs/performance.md, "API
post, round 7"). Here each term is looked up once, in a table of (column, idf) built once
per model, and the character n-grams of a word the model has seen before come from a
small cache instead of being cut out again.

The numbers are the analysis's lexical rows (`LexicalVectoriser.fit_transform`, joined by
`describe.lexical_matrix`) for one new text, followed by the centres' dot products:
sublinear TF-IDF per view, each view of unit length, both views together scaled by
1/sqrt(2). (`LexicalVectoriser.vector`, the dict-based copy of it for one text, is gone.)
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np

from nlp.themes.features import LexicalVectoriser, char_terms

#: Distinct words whose n-grams are kept per model; the cache starts again when full.
GRAM_CACHE_SIZE = 50_000
#: A term the centres do not hold (it still counts for the text's vector length).
NO_COLUMN = -1


class CentroidScorer:
    """A model's theme centres as a dense matrix, with one lookup table per view."""

    def __init__(self, vectoriser: LexicalVectoriser, centroids: Sequence[dict[str, float]]):
        terms = sorted({term for centroid in centroids for term in centroid})
        column = {term: i for i, term in enumerate(terms)}
        self.matrix = np.zeros((len(centroids), len(terms)), dtype=np.float32)
        for row, centroid in enumerate(centroids):
            for term, value in centroid.items():
                self.matrix[row, column[term]] = value
        self._words = {
            word: (column.get("w:" + word, NO_COLUMN), idf)
            for word, idf in vectoriser.word_idf.items()
        }
        self._grams = {
            gram: (column.get("c:" + gram, NO_COLUMN), idf)
            for gram, idf in vectoriser.char_idf.items()
        }
        self._grams_of: dict[str, tuple[str, ...]] = {}

    def scores(self, tokens: Sequence[str]) -> np.ndarray | None:
        """Return the cosine of the text's lexical vector to each centre (None: no shared term)."""
        words = _weighted(Counter(t for t in tokens if t in self._words), self._words)
        grams = _weighted(Counter(self._known_grams(tokens)), self._grams)
        scale = 1 / math.sqrt(2) if words[2] and grams[2] else 1.0
        positions: list[int] = []
        values: list[float] = []
        for view_positions, view_values, length in (words, grams):
            if length:
                factor = scale / length
                positions.extend(view_positions)
                values.extend(value * factor for value in view_values)
        if not positions:
            return None
        return self.matrix[:, positions] @ np.asarray(values, dtype=np.float32)

    def _known_grams(self, tokens: Sequence[str]) -> list[str]:
        grams: list[str] = []
        cache = self._grams_of
        for token in tokens:
            known = cache.get(token)
            if known is None:
                if len(cache) >= GRAM_CACHE_SIZE:
                    cache.clear()
                known = cache[token] = tuple(g for g in char_terms([token]) if g in self._grams)
            grams.extend(known)
        return grams


def margin(scores: np.ndarray, best: int) -> float:
    """Return how clearly the best centre beats the next one, 0..1 (as placement.confidence)."""
    top = float(scores[best])
    if len(scores) < 2:
        return 1.0
    if top <= 0:
        return 0.0
    rest = np.delete(scores, best)
    second = max(float(rest.max()), 0.0)
    return min(max((top - second) / top, 0.0), 1.0)


def _weighted(
    counts: Counter[str], table: dict[str, tuple[int, float]]
) -> tuple[list[int], list[float], float]:
    """Return the columns and sublinear TF-IDF weights of the counted terms that have a
    column, and the length of the whole view's vector (every counted term)."""
    positions: list[int] = []
    values: list[float] = []
    squares = 0.0
    for term, count in counts.items():
        column, idf = table[term]
        value = (1 + math.log(count)) * idf
        squares += value * value
        if column != NO_COLUMN:
            positions.append(column)
            values.append(value)
    return positions, values, math.sqrt(squares)
