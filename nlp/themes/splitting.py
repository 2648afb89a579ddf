"""Split communities that are not one subject, before their texts are placed or described.

Two kinds: a community far larger than the others (modularity cannot see communities below
a size that grows with the graph, its resolution limit), and a community whose texts share
no phrase that could name it (a catch-all of texts with no clear neighbours; its texts
would all go to "Overig"). Each is split by the communities of its own kNN graph, and only
parts that stand on their own become communities (docs/nlp.md).
"""

from __future__ import annotations

from collections.abc import Callable, Collection

import numpy as np
from scipy import sparse

from nlp.themes import graph

#: A community over this many times the median size is split (resolution limit).
SPLIT_FACTOR = 2.0
#: ... and a part of it becomes a community when its share of edge weight inside is at least
#: this times the median community's (0.85 split too little on Stack Overflow, 0.75 too
#: much on HuffPost; docs/nlp.md).
SPLIT_COHESION = 0.8


def split_oversized(
    points: np.ndarray,
    community: np.ndarray,
    weights: np.ndarray,
    seed: int,
    adjacency: sparse.csr_matrix,
) -> np.ndarray:
    """Return the communities with cohesive parts of oversized ones made communities.

    Modularity cannot see communities below a size that grows with the graph (its
    resolution limit): in a 3,000-text sample of the Stack Overflow titles, Qt, OS X and
    Cocoa (about 150 texts each) formed one community three times the usual size, and the
    classifier then drew a fifth of the input into it (docs/nlp.md). A community of more
    than `SPLIT_FACTOR` x the median size is split by the communities of its own kNN graph,
    and a part becomes a community of its own when it holds at least the smallest
    community size and keeps as large a share of its edge weight inside as a typical
    community does (`SPLIT_COHESION` x the median share); the other parts stay together.
    `adjacency` is the points' `graph.knn_graph`.
    """
    sizes = np.bincount(community, weights=weights)
    oversized = np.flatnonzero(sizes > SPLIT_FACTOR * float(np.median(sizes[sizes > 0])))
    if len(oversized) == 0:
        return community
    degree = np.asarray(adjacency.sum(axis=1)).ravel()

    def cohesion(mask: np.ndarray) -> float:
        return float(adjacency[mask][:, mask].sum() / max(degree[mask].sum(), 1e-12))

    typical = float(np.median([cohesion(community == c) for c in np.unique(community)]))

    def stands_alone(inside: np.ndarray) -> bool:
        mask = np.zeros(len(points), dtype=bool)
        mask[inside] = True
        return cohesion(mask) >= SPLIT_COHESION * typical

    return _split(points, community, weights, seed, (oversized, stands_alone))


def split_unlabelled(
    points: np.ndarray,
    community: np.ndarray,
    weights: np.ndarray,
    seed: int,
    labelled: Callable[[np.ndarray], bool] | None,
    numbers: Collection[int] | None = None,
) -> np.ndarray:
    """Return the communities with the labelled parts of unlabelled ones made communities.

    `labelled(members)` tells whether a group of points would get a label (a phrase shared
    by enough of its texts). A community that would not (or each of `numbers`, known to
    have lost its label), and holds at least twice the smallest community size, is split
    by the communities of its own kNN graph; each part of at least the smallest size that
    would get a label becomes a community, the rest stays together. On 100,000 WordNet
    glosses such catch-alls held up to half of the texts, all in "Overig" (docs/nlp.md).
    Without `labelled` (no phrase index) the communities stay as they are.
    """
    if labelled is None:
        return community
    if numbers is None:
        numbers = [n for n in np.unique(community) if not labelled(np.flatnonzero(community == n))]
    smallest = graph.smallest_community(weights)
    numbers = [n for n in numbers if weights[community == n].sum() >= 2 * smallest]
    return _split(points, community, weights, seed, (numbers, labelled))


def _split(
    points: np.ndarray,
    community: np.ndarray,
    weights: np.ndarray,
    seed: int,
    chosen: tuple[Collection[int], Callable[[np.ndarray], bool]],
) -> np.ndarray:
    """Return the communities with each part of the `chosen` ones (split by the communities
    of their own kNN graph) that holds the smallest community size and passes the test
    made a community of its own; the other parts stay together."""
    numbers, keeps = chosen
    smallest = graph.smallest_community(weights)
    result = community.copy()
    following = int(community.max()) + 1
    for number in numbers:
        members = np.flatnonzero(community == number)
        if len(members) < 2:  # one distinct text, however often sent: nothing to split
            continue
        parts, _ = graph.communities(points[members], weights[members], seed)
        for part in np.unique(parts):
            inside = members[parts == part]
            if weights[inside].sum() >= smallest and keeps(inside):
                result[inside] = following
                following += 1
    return result
