"""Find themes as communities (Louvain, modularity) of a cosine nearest-neighbour graph."""

from __future__ import annotations

import networkx as nx
import numpy as np
from sklearn.preprocessing import normalize

#: Above this many distinct texts the graph is built on a sample only (`large.py`): with
#: the same resolution the graph split a generated 20,000-text corpus into 50 themes, and
#: encoding every text for it takes minutes (docs/nlp.md).
GRAPH_LIMIT = 5_000
NEIGHBOURS = 20  #: 10, 15, 20 and 30 were measured; 15-30 scored alike (docs/nlp.md)
RESOLUTION = 1.0  #: modularity resolution; 0.3 and 0.5 gave too few themes at 2,000 texts
MIN_COMMUNITY_SHARE = 0.005  #: smaller communities give no centre; their points join others
BLOCK_ROWS = 1024  # rows of the similarity matrix held at once


def nearest_neighbours(points: np.ndarray, neighbours: int) -> tuple[np.ndarray, np.ndarray]:
    """Return the indices and cosine similarities of each unit row's nearest other rows."""
    count = len(points)
    neighbours = min(neighbours, count - 1)
    index = np.empty((count, neighbours), dtype=np.int64)
    similarity = np.empty((count, neighbours), dtype=np.float32)
    for start in range(0, count, BLOCK_ROWS):
        block = points[start : start + BLOCK_ROWS] @ points.T
        rows = np.arange(len(block))
        block[rows, rows + start] = -np.inf  # a point is not its own neighbour
        chosen = np.argpartition(-block, neighbours - 1, axis=1)[:, :neighbours]
        index[start : start + len(block)] = chosen
        similarity[start : start + len(block)] = np.take_along_axis(block, chosen, axis=1)
    return index, similarity


def knn_graph(points: np.ndarray, neighbours: int = NEIGHBOURS) -> nx.Graph:
    """Join each point to its nearest neighbours (either direction), weighted by cosine."""
    count = len(points)
    index, similarity = nearest_neighbours(points, neighbours)
    source = np.repeat(np.arange(count), index.shape[1])
    target = index.ravel()
    low, high = np.minimum(source, target), np.maximum(source, target)
    keys, first = np.unique(low * count + high, return_index=True)
    # a zero or negative weight would leave a point outside every community
    weights = np.maximum(similarity.ravel()[first], 1e-6).astype(float)
    graph = nx.Graph()
    graph.add_nodes_from(range(count))
    graph.add_weighted_edges_from(
        zip((keys // count).tolist(), (keys % count).tolist(), weights.tolist(), strict=True)
    )
    return graph


def communities(
    points: np.ndarray,
    weights: np.ndarray,
    seed: int,
    neighbours: int = NEIGHBOURS,
    resolution: float = RESOLUTION,
) -> tuple[np.ndarray, np.ndarray]:
    """Return labels and unit-length centres of the graph communities of unit vectors.

    Communities smaller than max(3, 0.5%) of the weight give no centre; every point is then
    labelled with its nearest centre, as the k-means path does.
    """
    found = nx.community.louvain_communities(
        knn_graph(points, neighbours), weight="weight", resolution=resolution, seed=seed
    )
    membership = np.empty(len(points), dtype=np.int64)
    for number, members in enumerate(found):
        membership[list(members)] = number
    sizes = np.bincount(membership, weights=weights)
    kept = np.flatnonzero(sizes >= max(3.0, MIN_COMMUNITY_SHARE * weights.sum()))
    if len(kept) == 0:
        kept = np.array([int(np.argmax(sizes))])
    sums = np.vstack(
        [(weights[membership == c, None] * points[membership == c]).sum(0) for c in kept]
    )
    centres = normalize(sums)
    labels = np.asarray((points @ centres.T).argmax(axis=1))
    return labels, centres
