"""The sampled path splits a community that merges distinct subjects, and only such a one."""

from __future__ import annotations

import numpy as np

from nlp.themes import large


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


def test_a_community_merging_three_subjects_is_split_into_them():
    points, community, weights = communities_with_one_oversized(3)
    result = large.split_oversized(points, community, weights, seed=0)
    assert np.array_equal(result[:240], community[:240])  # the others are untouched
    parts = result[240:]
    assert len(np.unique(parts)) == 3
    for subject in range(3):  # each subject's 40 points end up in one part
        assert len(np.unique(parts[subject * 40 : (subject + 1) * 40])) == 1


def test_a_large_community_of_one_subject_stays_whole():
    points, community, weights = communities_with_one_oversized(1)
    result = large.split_oversized(points, community, weights, seed=0)
    assert np.array_equal(result, community)


def test_nothing_is_split_when_no_community_is_oversized():
    points, community, weights = communities_with_one_oversized(3)
    community[240:] = np.repeat([6, 7, 8], 40)
    assert np.array_equal(large.split_oversized(points, community, weights, seed=0), community)
