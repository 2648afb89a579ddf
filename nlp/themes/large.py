"""Themes for inputs above `graph.GRAPH_LIMIT` distinct texts: find them on a sample, place the rest.

Sentence vectors and the kNN graph are what make themes agree with people's categories
(docs/nlp.md), but encoding 100,000 texts takes minutes and the graph splits too finely at
that size. So the communities are found on a sample of at most `SAMPLE_SIZE` distinct texts
with both (as `discover` does for a small input), and every other text goes to the theme
that most of its nearest sampled texts are in, on the lexical views alone. The sample is
chosen by a seeded hash of each text, so the same input gives the same sample, and adding
or removing a few texts changes it by those texts only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import sparse
from sklearn.preprocessing import normalize

from nlp.themes import clustering, graph
from nlp.themes.features import sentence_encoder

#: Distinct texts the communities are found on (encoded with sentence vectors).
SAMPLE_SIZE = 5_000
#: Sampled texts that vote on the theme of each other text.
VOTERS = 10
BLOCK_ROWS = 2048  # rows of the similarity matrix held at once


@dataclass
class SampleViews:
    """The rows the graph is built on for sampled distinct texts, computed when asked."""

    words: sparse.csr_matrix  #: word TF-IDF of every distinct text
    chars: sparse.csr_matrix  #: character n-gram TF-IDF of every distinct text
    texts: list[str]  #: every distinct text, without boilerplate
    sentence_vectors: bool | Literal["auto"]  #: False: lexical views only
    seed: int
    method: str = "lexical"  #: what the model reports; set when the sample is used

    def __call__(self, indices: np.ndarray) -> np.ndarray:
        """Return unit rows of the lexical views (+ sentence vectors) of those texts."""
        sentences = None
        self.method = "lexical (sample)"
        if self.sentence_vectors is not False:
            sentences = sentence_encoder().encode([self.texts[i] for i in indices])
            self.method = "lexical+sentence (sample)"
        return clustering.embed(self.words[indices], self.chars[indices], sentences, self.seed)


def choose_sample(texts: Sequence[str], size: int, seed: int) -> np.ndarray:
    """Return the sorted indices of the `size` texts with the smallest seeded hash."""
    if len(texts) <= size:
        return np.arange(len(texts))
    salt = str(seed).encode()
    keys = [
        hashlib.blake2b(text.encode("utf-8"), digest_size=8, salt=salt).digest() for text in texts
    ]
    order = sorted(range(len(texts)), key=lambda i: (keys[i], i))
    return np.sort(np.asarray(order[:size], dtype=np.int64))


def sample_communities(
    lexical: np.ndarray,
    weights: np.ndarray,
    texts: Sequence[str],
    sample_points: Callable[[np.ndarray], np.ndarray],
    seed: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Return a theme number per distinct text and unit-length lexical centres.

    `lexical` holds the unit lexical rows of the distinct texts, `texts` their text (for
    the sample), `sample_points(indices)` the rows the graph is built on for those texts
    (lexical views plus sentence vectors). Sampled texts keep their community; the others
    take the weighted vote of their `VOTERS` nearest sampled texts by lexical cosine.
    """
    chosen = choose_sample(texts, SAMPLE_SIZE, seed)
    community, _ = graph.communities(sample_points(chosen), weights[chosen], seed)
    labels = np.empty(len(lexical), dtype=np.int64)
    labels[chosen] = community
    rest = np.setdiff1d(np.arange(len(lexical)), chosen, assume_unique=True)
    if len(rest):
        labels[rest] = vote(lexical[rest], lexical[chosen], community, weights[chosen])
    return _renumber(labels, lexical, weights)


def vote(
    points: np.ndarray, voters: np.ndarray, voter_labels: np.ndarray, voter_weights: np.ndarray
) -> np.ndarray:
    """Return, per point, the label with the largest cosine-weighted vote of its neighbours."""
    count = min(VOTERS, len(voters))
    n_labels = int(voter_labels.max()) + 1
    out = np.empty(len(points), dtype=np.int64)
    for start in range(0, len(points), BLOCK_ROWS):
        block = points[start : start + BLOCK_ROWS] @ voters.T
        nearest = np.argpartition(-block, count - 1, axis=1)[:, :count]
        strength = np.maximum(np.take_along_axis(block, nearest, axis=1), 0.0)
        strength = strength * voter_weights[nearest] + 1e-9  # ties go to the closest
        tally = np.zeros((len(block), n_labels))
        rows = np.repeat(np.arange(len(block)), count)
        np.add.at(tally, (rows, voter_labels[nearest].ravel()), strength.ravel())
        out[start : start + len(block)] = tally.argmax(axis=1)
    return out


def _renumber(
    labels: np.ndarray, lexical: np.ndarray, weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Drop empty labels and return consecutive labels with their lexical centres."""
    used, labels = np.unique(labels, return_inverse=True)
    sums = np.zeros((len(used), lexical.shape[1]), dtype=np.float64)
    np.add.at(sums, labels, weights[:, None] * lexical)
    return labels.astype(np.int64), normalize(sums).astype(np.float32)
