"""Linear classifiers that place texts into the communities a sample of them formed.

Above `graph.GRAPH_LIMIT` distinct texts the themes come from a sample (`large.py`); every
other text goes where ridge classifiers fitted on the sample put it. One classifier per view
(TF-IDF, word meaning or sentence vectors) gives decision values, and the views' values are
added (one classifier on both views was as good and ten times slower; docs/nlp.md).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy import sparse
from sklearn.linear_model import RidgeClassifier

#: Regularisation of the classifier that places the other texts (scikit-learn's default).
RIDGE_ALPHA = 1.0
#: Weight of the classifier on meaning (word meaning, or sentence vectors) against the one
#: on TF-IDF when their decision values are added (2 placed a little better on Stack
#: Overflow and HuffPost, but cost a theme on the WordNet glosses; docs/nlp.md).
MEANING_WEIGHT = 1.0
#: Rows of the texts outside the sample placed at a time (their word meaning is dense).
CHUNK = 10_000


def combined(lexical: np.ndarray, meaning: np.ndarray) -> np.ndarray:
    """Return the weighted mean of two classifiers' decision values (same classes)."""
    return (lexical + MEANING_WEIGHT * meaning) / (1.0 + MEANING_WEIGHT)


def decision_values(
    known: sparse.csr_matrix,
    known_labels: np.ndarray,
    known_weights: np.ndarray,
    rows: sparse.csr_matrix | np.ndarray,
    rows_of: Callable[[np.ndarray], sparse.csr_matrix] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Return the classes and, per row, the decision value of a ridge classifier for each.

    With `rows_of`, `rows` are indices whose feature rows it returns, taken `CHUNK` at a time.
    """
    classes = np.unique(known_labels)
    if len(classes) < 2:
        return classes, np.ones((rows.shape[0], len(classes)))
    model = RidgeClassifier(alpha=RIDGE_ALPHA)
    model.fit(known, known_labels, sample_weight=known_weights)
    if rows_of is None:
        scores = model.decision_function(rows)
    else:
        chunks = [rows[start : start + CHUNK] for start in range(0, len(rows), CHUNK)]
        scores = np.concatenate([model.decision_function(rows_of(c)) for c in chunks])
    if scores.ndim == 1:  # two classes: one value, positive for the second
        scores = np.column_stack([-scores, scores])
    return model.classes_.astype(np.int64), scores


def predict(
    known: sparse.csr_matrix,
    known_labels: np.ndarray,
    known_weights: np.ndarray,
    rows: sparse.csr_matrix,
) -> np.ndarray:
    """Return the label a ridge classifier, fitted on the known rows, gives each row."""
    classes, scores = decision_values(known, known_labels, known_weights, rows)
    return classes[np.argmax(scores, axis=1)].astype(np.int64)
