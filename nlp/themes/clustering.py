"""Cluster the combined feature views with spherical k-means and pick the number of themes."""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize

from nlp.components.language import main_language

SVD_DIMENSIONS = 40  #: 40 beat 100 and 200 on the demo corpus, tied on Pol.is (docs/nlp.md)
#: Weight of each lexical view beside the sentence vectors (weight 1), unless the input's
#: main language has its own below (docs/nlp.md, *The lexical views' weight*).
LEXICAL_WEIGHT = 0.5
#: Where most texts are in one of these languages, each lexical view weighs this instead:
#: on all five real English sets (comments, reviews, titles, headlines, glosses) 0.35 put
#: more of the subject in the themes than 0.5, while German and Dutch sets disagreed among
#: themselves and the Dutch demo's early warning needs 0.5 (docs/nlp.md, *English input*;
#: Dutch at 0.45 was measured and not kept: *Dutch input at 0.45*).
MAIN_LANGUAGE_LEXICAL_WEIGHT: dict[str, float] = {"en": 0.35}
SAMPLE_FOR_K = 2000
FIT_SAMPLE = 20_000  #: rows used to fit the SVD and the k-means centres
MAX_THEMES = 40
SMALL_INPUT = 5_000  #: up to this many points k-means tries 10 starts instead of 3


def reduce(matrix: sparse.csr_matrix, seed: int, dimensions: int = SVD_DIMENSIONS) -> np.ndarray:
    """Project a sparse view onto its leading singular directions (LSA), rows unit length."""
    rows, columns = matrix.shape
    dimensions = min(dimensions, columns - 1, rows - 1)
    if dimensions < 2:
        return normalize(matrix.toarray().astype(np.float32)) if columns else np.zeros((rows, 0))
    svd = TruncatedSVD(dimensions, algorithm="randomized", n_iter=4, random_state=seed)
    if rows > FIT_SAMPLE:  # the directions settle on a sample; projecting the rest is cheap
        chosen = np.random.default_rng(seed).choice(rows, FIT_SAMPLE, replace=False)
        svd.fit(matrix[np.sort(chosen)])
        return normalize((matrix @ svd.components_.T).astype(np.float32))
    return normalize(svd.fit_transform(matrix).astype(np.float32))


def weight_for_languages(languages: Sequence[str]) -> float:
    """Return the weight of each lexical view for an input whose texts are in `languages`."""
    return MAIN_LANGUAGE_LEXICAL_WEIGHT.get(main_language(languages), LEXICAL_WEIGHT)


def embed(
    words: sparse.csr_matrix,
    chars: sparse.csr_matrix,
    sentences: np.ndarray | None,
    seed: int,
    lexical_weight: float | None = None,
    languages: Sequence[str] = (),
) -> np.ndarray:
    """Combine the views into one unit-length dense row per text; with sentence vectors,
    each lexical view counts `lexical_weight` against their 1, or when that is None the
    weight for an input in `languages` (`weight_for_languages`)."""
    parts = [reduce(words, seed), reduce(chars, seed)]
    if sentences is not None:
        weight = weight_for_languages(languages) if lexical_weight is None else lexical_weight
        parts = [weight * part for part in parts] + [sentences.astype(np.float32)]
    return normalize(np.hstack(parts))


def spherical_kmeans(
    points: np.ndarray, k: int, weights: np.ndarray, seed: int, n_init: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Return labels and unit-length centres of k clusters of unit vectors."""
    if n_init is None:  # small inputs are cheap, and one bad start changes their themes
        n_init = 10 if len(points) <= SMALL_INPUT else 3
    model = KMeans(n_clusters=k, n_init=n_init, random_state=seed, max_iter=100)
    sample, sample_weights = points, weights
    if len(points) > FIT_SAMPLE:  # fit the centres on a sample, then label every point
        chosen = np.sort(np.random.default_rng(seed).choice(len(points), FIT_SAMPLE, replace=False))
        sample, sample_weights = points[chosen], weights[chosen]
    with warnings.catch_warnings():  # near-duplicate points may leave fewer distinct clusters
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(sample, sample_weight=sample_weights)
    centres = normalize(model.cluster_centers_)
    labels = np.asarray((points @ centres.T).argmax(axis=1))
    return labels, centres


def candidate_ks(n_points: int) -> list[int]:
    """Return the numbers of themes worth trying for this many distinct texts."""
    upper = int(min(MAX_THEMES, max(2, np.sqrt(n_points / 2)), n_points - 1))
    if upper < 2:
        return []
    return sorted({round(k) for k in np.geomspace(2, upper, num=min(upper - 1, 10))})


def choose_k(points: np.ndarray, weights: np.ndarray, seed: int) -> int:
    """Pick k by the cosine silhouette of spherical k-means on a sample."""
    rng = np.random.default_rng(seed)
    if len(points) > SAMPLE_FOR_K:
        chosen = rng.choice(len(points), SAMPLE_FOR_K, replace=False, p=weights / weights.sum())
        chosen = np.unique(chosen)
        points, weights = points[chosen], np.ones(len(chosen))
    best_k, best_score = 0, -1.0
    for k in candidate_ks(len(points)):
        labels, _ = spherical_kmeans(points, k, weights, seed, n_init=1)
        if len(set(labels.tolist())) < 2:
            continue
        score = silhouette_score(points, labels, metric="cosine")
        if score > best_score:
            best_k, best_score = k, score
    return best_k


def deduplicate(points: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the first index of each distinct row, each point's row and the row counts."""
    rounded = np.round(points, 4)
    index: dict[bytes, int] = {}
    inverse = np.empty(len(points), dtype=np.int64)
    for position, row in enumerate(rounded):
        inverse[position] = index.setdefault(row.tobytes(), len(index))
    first = np.zeros(len(index), dtype=np.int64)
    first[inverse[::-1]] = np.arange(len(points))[::-1]
    counts = np.bincount(inverse).astype(np.float64)
    return first, inverse, counts
