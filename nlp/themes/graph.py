"""Find themes as communities (Louvain, modularity) of a cosine nearest-neighbour graph.

The graph is a sparse adjacency matrix and its communities come from scikit-network's
Louvain (compiled): the same modularity as networkx's pure-Python Louvain on the samples of
real text measured, about twenty times faster (docs/nlp.md).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from scipy import sparse
from sklearn.preprocessing import normalize
from sknetwork.clustering import Louvain

from nlp.themes.encoder import encoder_threads

#: Above this many distinct texts the graph is built on a sample only (`large.py`): with
#: the same resolution the graph split a generated 20,000-text corpus into 50 themes, and
#: encoding every text for it takes minutes (docs/nlp.md).
GRAPH_LIMIT = 5_000
NEIGHBOURS = 20  #: 10, 15, 20 and 30 were measured; 15-30 scored alike (docs/nlp.md)
RESOLUTION = 1.0  #: modularity resolution; 0.3 and 0.5 gave too few themes at 2,000 texts
MIN_COMMUNITY_SHARE = 0.005  #: smaller communities give no centre; their points join others
BLOCK_ROWS = 1024  # rows of the similarity matrix held at once


def nearest_neighbours(points: np.ndarray, neighbours: int) -> tuple[np.ndarray, np.ndarray]:
    """Return the indices and cosine similarities of each unit row's nearest other rows.

    Blocks of rows are compared on the encoder's threads: the products and the partial
    sorts release the interpreter lock, and no block depends on another.
    """
    count = len(points)
    neighbours = min(neighbours, count - 1)
    index = np.empty((count, neighbours), dtype=np.int64)
    similarity = np.empty((count, neighbours), dtype=np.float32)
    opposite = -points.T  # once: the blocks' products are then negated cosines

    def block_of(start: int) -> None:
        negated = points[start : start + BLOCK_ROWS] @ opposite
        rows = np.arange(len(negated))
        negated[rows, rows + start] = np.inf  # a point is not its own neighbour
        chosen = np.argpartition(negated, neighbours - 1, axis=1)[:, :neighbours]
        index[start : start + len(negated)] = chosen
        similarity[start : start + len(negated)] = -np.take_along_axis(negated, chosen, axis=1)

    starts = range(0, count, BLOCK_ROWS)
    with ThreadPoolExecutor(min(encoder_threads(), len(starts)) or 1) as pool:
        list(pool.map(block_of, starts))
    return index, similarity


def knn_graph(points: np.ndarray, neighbours: int = NEIGHBOURS) -> sparse.csr_matrix:
    """Return the symmetric adjacency joining each point to its nearest neighbours (either
    direction), weighted by cosine, without self-loops."""
    count = len(points)
    index, similarity = nearest_neighbours(points, neighbours)
    source = np.repeat(np.arange(count), index.shape[1])
    # a zero or negative weight would leave a point outside every community
    weights = np.maximum(similarity.ravel(), 1e-6).astype(np.float64)
    directed = sparse.csr_matrix((weights, (source, index.ravel())), shape=(count, count))
    return directed.maximum(directed.T).tocsr()


def communities(
    points: np.ndarray,
    weights: np.ndarray,
    seed: int,
    neighbours: int = NEIGHBOURS,
    resolution: float = RESOLUTION,
    adjacency: sparse.csr_matrix | None = None,
    refine: Callable[[np.ndarray], np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Return labels and unit-length centres of the graph communities of unit vectors.

    `adjacency` is their `knn_graph` when the caller has built it already. Communities
    smaller than max(3, 0.5%) of the weight give no centre; every point is then labelled
    with its nearest centre, as the k-means path does. `refine` may then split those
    labels further (`splitting.py`), and the centres follow its labels.
    """
    if adjacency is None:
        adjacency = knn_graph(points, neighbours)
    labels, centres = nearest_centres(points, weights, louvain(adjacency, resolution, seed))
    if refine is None:
        return labels, centres
    refined = refine(labels)
    if np.array_equal(refined, labels):
        return labels, centres
    return nearest_centres(points, weights, refined)


def nearest_centres(
    points: np.ndarray, weights: np.ndarray, membership: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Return each point's nearest group centre, and the centres (unit length) of the groups
    large enough to have one."""
    sizes = np.bincount(membership, weights=weights)
    kept = np.flatnonzero(sizes >= smallest_community(weights))
    if len(kept) == 0:
        kept = np.array([int(np.argmax(sizes))])
    sums = np.vstack(
        [(weights[membership == c, None] * points[membership == c]).sum(0) for c in kept]
    )
    centres = normalize(sums)
    labels = np.asarray((points @ centres.T).argmax(axis=1))
    return labels, centres


def smallest_community(weights: np.ndarray) -> float:
    """Return the weight a community needs to have a centre: max(3, 0.5%) of all weight."""
    return max(3.0, MIN_COMMUNITY_SHARE * float(weights.sum()))


def louvain(adjacency: sparse.csr_matrix, resolution: float, seed: int) -> np.ndarray:
    """Return the Louvain community of every node (modularity as Newman defines it); the
    nodes are visited in an order the seed shuffles, so a seed gives the same partition.
    A graph without edges (a single point) leaves every node a community of its own."""
    if adjacency.nnz == 0:
        return np.arange(adjacency.shape[0], dtype=np.int64)
    method = Louvain(
        resolution=resolution, modularity="newman", shuffle_nodes=True, random_state=seed
    )
    return np.asarray(method.fit_predict(adjacency), dtype=np.int64)
