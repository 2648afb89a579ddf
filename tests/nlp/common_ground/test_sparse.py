"""The sparse analysis against the dense computation it replaced, on a real Pol.is conversation.

The dense reference below is the earlier code of nlp/common_ground (a NaN-filled participants
× statements matrix, the statements × statements covariance and its eigenvectors, counts per
column of the dense matrix), kept here to check that the sparse code gives the same result.
"""

from __future__ import annotations

import csv
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score
from threadpoolctl import threadpool_limits

from nlp.common_ground import AGREE, DISAGREE, PASS, VoteMatrix, analyse, build_matrix
from nlp.common_ground.consensus import group_informed_consensus, statement_stats
from nlp.common_ground.groups import (
    cluster,
    clustered_participants,
    leading_directions,
    projection,
)
from nlp.common_ground.matrix import matrix_from_arrays

SEATTLE = Path(__file__).parents[2] / "data" / "polis" / "15-per-hour-seattle"


def _read(name: str) -> list[dict[str, str]]:
    with (SEATTLE / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _seattle() -> tuple[VoteMatrix, np.ndarray, int]:
    """The vote matrix (removed comments left out, later votes count) and Pol.is's groups."""
    removed = {r["comment-id"] for r in _read("comments.csv") if r["moderated"] == "-1"}
    rows = sorted(_read("votes.csv"), key=lambda r: int(r["timestamp"]))
    matrix = build_matrix(
        (int(r["voter-id"]), int(r["comment-id"]), float(r["vote"]))
        for r in rows
        if r["comment-id"] not in removed
    )
    theirs = {
        int(r["participant"]): r["group-id"]
        for r in _read("participants-votes.csv")
        if r["group-id"].strip()
    }
    names = sorted(set(theirs.values()))
    labels = np.array([names.index(theirs[p]) if p in theirs else -1 for p in matrix.participants])
    return matrix, labels, len(names)


def _dense_projection(values: np.ndarray) -> np.ndarray:
    """The earlier projection: dense centring, eigenvectors of the covariance, the scaling."""
    voted = ~np.isnan(values)
    seen = voted.sum(axis=0)
    means = np.divide(
        np.nansum(values, axis=0), seen, out=np.zeros(values.shape[1]), where=seen > 0
    )
    centred = np.where(voted, values - means, 0.0)
    eigenvalues, eigenvectors = np.linalg.eigh(centred.T @ centred)
    projected = centred @ eigenvectors[:, np.argsort(eigenvalues)[::-1][:2]]
    projected = projected * np.sqrt(values.shape[1] / np.maximum(voted.sum(axis=1), 1))[:, None]
    if projected.shape[1] < 2:
        projected = np.hstack([projected, np.zeros((projected.shape[0], 1))])
    return projected


def _dense_consensus(values: np.ndarray, labels: np.ndarray, groups: int) -> np.ndarray:
    """The earlier group-informed consensus from counts over the dense matrix's columns."""
    agree = np.array([(values[labels == g] == AGREE).sum(axis=0) for g in range(groups)])
    seen = np.array([(~np.isnan(values[labels == g])).sum(axis=0) for g in range(groups)])
    return group_informed_consensus(agree.astype(float), seen.astype(float))


def _top(consensus: np.ndarray, agree: np.ndarray, statements: list, top: int = 10) -> set:
    order = sorted(range(len(statements)), key=lambda c: (-consensus[c], -agree[c]))
    return {statements[c] for c in order[:top]}


def test_sparse_equals_dense_on_a_pol_is_conversation_and_keeps_the_documented_figures():
    matrix, polis, polis_groups = _seattle()
    dense = matrix.to_dense()
    with threadpool_limits(1):
        points = projection(matrix)
        reference = _dense_projection(dense)
        result = analyse(matrix)
        dense_groups = cluster(reference, clustered_participants(matrix))

    signs = np.sign((points * reference).sum(axis=0))
    assert np.allclose(points, reference * signs, atol=1e-9)
    assert np.array_equal(result.groups.labels, dense_groups.labels)
    assert result.groups.count == dense_groups.count == 2

    labels = result.groups.labels
    consensus = {s.statement: s.consensus for s in result.statements}
    dense_consensus = _dense_consensus(dense, labels, result.groups.count)
    assert [consensus.get(s, 0.0) for s in matrix.statements] == pytest.approx(
        dense_consensus.tolist(), rel=1e-12
    )
    agree = (dense == AGREE).sum(axis=0)
    for stats, column in ((s, matrix.statements.index(s.statement)) for s in result.statements):
        assert stats.agree == agree[column]
        assert stats.disagree == (dense[:, column] == DISAGREE).sum()
        assert stats.passed == (dense[:, column] == PASS).sum()

    # docs/nlp.md, "Against Pol.is's own groups": ARI 0.58, top-10 overlap 8/10 for Seattle.
    both = (labels >= 0) & (polis >= 0)
    assert round(adjusted_rand_score(polis[both], labels[both]), 2) == 0.58
    assert round(adjusted_rand_score(polis[both], dense_groups.labels[both]), 2) == 0.58
    theirs = statement_stats(matrix, polis, polis_groups)
    top_theirs = _top(
        np.array([s.consensus for s in theirs]),
        np.array([s.agree for s in theirs]),
        matrix.statements,
    )
    top_ours = {s.statement for s in result.statements[:10]}
    top_dense = _top(dense_consensus, agree, matrix.statements)
    assert top_ours == top_dense
    assert len(top_theirs & top_ours) == 8


def test_the_sign_of_each_direction_is_fixed():
    matrix, _polis, _groups = _seattle()
    first = projection(matrix)
    assert np.array_equal(first, projection(matrix))
    seen = matrix.votes_per_statement()
    means = np.bincount(matrix.columns, weights=matrix.votes, minlength=len(seen)) / seen
    directions = leading_directions(matrix.csr(matrix.votes - means[matrix.columns]))
    largest = directions[np.argmax(np.abs(directions), axis=0), [0, 1]]
    assert (largest > 0).all()


def test_the_matrix_keeps_passes_and_the_later_vote_and_makes_subsets():
    matrix = matrix_from_arrays(
        np.array(["b", "a", "a", "b", "a"]),
        np.array([2, 1, 2, 1, 1]),
        np.array([PASS, AGREE, DISAGREE, PASS, DISAGREE]),
    )
    assert matrix.participants == ["a", "b"] and matrix.statements == [1, 2]
    assert matrix.vote_count == 4
    expected = np.array([[DISAGREE, DISAGREE], [PASS, PASS]])
    assert np.array_equal(matrix.to_dense(), expected)
    assert matrix.csr().nnz == 4  # the passes are stored, not dropped as zeros
    assert matrix.votes_per_participant().tolist() == [2, 2]
    part = matrix.subset([1])
    assert part.participants == ["b"] and np.array_equal(part.to_dense(), expected[[1]])
    assert matrix.subset([]).vote_count == 0


def test_small_and_degenerate_matrices_project_as_before():
    for votes in (
        [("p1", "s1", AGREE), ("p2", "s1", DISAGREE), ("p3", "s1", PASS)],
        [("p1", "s1", AGREE), ("p1", "s2", DISAGREE), ("p1", "s3", AGREE)],
        [(f"p{i}", f"s{j}", AGREE) for i in range(4) for j in range(5)],
        [
            (f"p{i}", f"s{j}", AGREE if (i + j) % 2 else DISAGREE)
            for i in range(6)
            for j in range(4)
        ],
    ):
        matrix = build_matrix(votes)
        points, reference = projection(matrix), _dense_projection(matrix.to_dense())
        assert points.shape == (len(matrix.participants), 2)
        assert np.allclose(np.abs(points), np.abs(reference), atol=1e-9)


def test_twenty_thousand_input_and_forty_thousand_voters_stay_small_in_memory():
    """3 votes per input: the dense matrix alone would be 6.4 GB; the analysis stays far below."""
    rng = np.random.default_rng(3)
    statements = np.repeat(np.arange(20_000), 3)
    voters = rng.integers(0, 40_000, size=len(statements))
    votes = rng.choice([AGREE, DISAGREE, PASS], size=len(statements))
    tracemalloc.start()
    try:
        result = analyse(matrix_from_arrays(voters, statements, votes))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(result.groups.labels) == len(np.unique(voters))
    assert len(result.statements) == 20_000
    assert peak < 200 * 2**20
