"""Communities that merge distinct subjects are split, and only such ones."""

from __future__ import annotations

import numpy as np

from nlp.themes import graph, splitting


def cluster_points(centres: np.ndarray, per_centre: int, spread: float, seed: int) -> np.ndarray:
    """Return unit vectors scattered around each centre."""
    rng = np.random.default_rng(seed)
    points = np.repeat(centres, per_centre, axis=0)
    points = points + spread * rng.normal(size=points.shape) / np.sqrt(centres.shape[1])
    return (points / np.linalg.norm(points, axis=1, keepdims=True)).astype(np.float32)


def communities_with_one_oversized(merged_subjects: int, seed: int = 0) -> tuple:
    """Return points of 6 subjects of 40 and one community of 120 (given as one)."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(6 + merged_subjects, 60))
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    normal = cluster_points(centres[:6], 40, 0.6, seed)
    big = cluster_points(centres[6:], 120 // merged_subjects, 0.6, seed + 1)
    points = np.vstack([normal, big])
    community = np.concatenate([np.repeat(np.arange(6), 40), np.full(len(big), 6)])
    return points, community, np.ones(len(points))


def split(points: np.ndarray, community: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Return `splitting.split_oversized` of the points' own kNN graph (seed 0)."""
    return splitting.split_oversized(points, community, weights, 0, graph.knn_graph(points))


def test_a_community_merging_three_subjects_is_split_into_them():
    points, community, weights = communities_with_one_oversized(3)
    result = split(points, community, weights)
    assert np.array_equal(result[:240], community[:240])  # the others are untouched
    parts = result[240:]
    assert len(np.unique(parts)) == 3
    for subject in range(3):  # each subject's 40 points end up in one part
        assert len(np.unique(parts[subject * 40 : (subject + 1) * 40])) == 1


def test_a_large_community_of_one_subject_stays_whole():
    points, community, weights = communities_with_one_oversized(1)
    result = split(points, community, weights)
    assert np.array_equal(result, community)


def test_nothing_is_split_when_no_community_is_oversized():
    points, community, weights = communities_with_one_oversized(3)
    community[240:] = np.repeat([6, 7, 8], 40)
    assert np.array_equal(split(points, community, weights), community)


def labelled_when_one_subject(subject_of: np.ndarray):
    """Return a `labelled` test that holds for groups of points of one subject only."""
    return lambda members: len(np.unique(subject_of[members])) == 1


def test_a_community_without_a_label_is_split_into_its_labelled_subjects():
    points, community, weights = communities_with_one_oversized(3)
    subject = np.concatenate([np.arange(240) // 40, 6 + np.arange(120) // 40])
    asked = []

    def labelled(members: np.ndarray) -> bool:
        asked.append(len(members))
        return labelled_when_one_subject(subject)(members)

    result = splitting.split_unlabelled(points, community, weights, 0, labelled)
    assert np.array_equal(result[:240], community[:240])  # labelled: untouched
    parts = result[240:]
    assert len(np.unique(parts)) == 3 and not set(parts.tolist()) & set(range(7))
    for number in range(3):
        assert len(np.unique(parts[number * 40 : (number + 1) * 40])) == 1
    assert 120 in asked  # the catch-all itself was asked first


def test_parts_without_a_label_stay_in_their_community():
    points, community, weights = communities_with_one_oversized(3)
    never = splitting.split_unlabelled(points, community, weights, 0, lambda members: False)
    assert np.array_equal(never, community)


def test_the_graph_centres_follow_a_refined_grouping():
    points, _, weights = communities_with_one_oversized(3)
    seen = []

    def refine(labels: np.ndarray) -> np.ndarray:  # one community split in two halves
        seen.append(labels)
        members = np.flatnonzero(labels == 0)
        split = labels.copy()
        split[members[: len(members) // 2]] = labels.max() + 1
        return split

    plain, plain_centres = graph.communities(points, weights, seed=0)
    labels, centres = graph.communities(points, weights, seed=0, refine=refine)
    assert np.array_equal(seen[0], plain)  # refine sees the labels by nearest centre
    assert len(centres) == len(plain_centres) + 1
    assert np.allclose(np.linalg.norm(centres, axis=1), 1, atol=1e-5)
    assert np.array_equal(labels, (points @ centres.T).argmax(axis=1))
    unchanged, same = graph.communities(points, weights, seed=0, refine=lambda found: found)
    assert np.array_equal(unchanged, plain) and np.allclose(same, plain_centres)


def test_a_community_that_lost_its_label_is_split_though_its_sample_has_one():
    points, community, weights = communities_with_one_oversized(3)
    subject = np.concatenate([np.arange(240) // 40, 6 + np.arange(120) // 40])

    def labelled(members: np.ndarray) -> bool:  # the merged community has a label too
        return len(np.unique(subject[members])) == 1 or len(members) == 120

    kept = splitting.split_unlabelled(points, community, weights, 0, labelled)
    assert np.array_equal(kept, community)
    drowned = splitting.split_unlabelled(points, community, weights, 0, labelled, numbers=[6])
    assert np.array_equal(drowned[:240], community[:240])
    assert len(np.unique(drowned[240:])) == 3


def test_an_unlabelled_community_of_one_wording_sent_many_times_stays_as_it_is():
    # A distinct text stands for all its copies: a community of one such point can hold
    # the weight of a large one, but has no graph of its own to be split by.
    points, community, weights = communities_with_one_oversized(3)
    community[240:] = 6
    community[0] = 7
    weights[0] = 100.0
    result = splitting.split_unlabelled(points, community, weights, 0, lambda members: False)
    assert np.array_equal(result, community)


def test_a_graph_without_edges_leaves_each_point_alone():
    assert graph.louvain(graph.knn_graph(np.ones((1, 4), np.float32)), 1.0, 0).tolist() == [0]
