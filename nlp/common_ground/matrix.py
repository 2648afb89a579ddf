"""The vote matrix: participants × statements, NaN where a participant did not vote."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

import numpy as np

AGREE = 1.0
DISAGREE = -1.0
PASS = 0.0


@dataclass(frozen=True)
class VoteMatrix:
    """Votes as +1 (agree), -1 (disagree), 0 (pass) and NaN (no vote)."""

    participants: list[Hashable]
    statements: list[Hashable]
    values: np.ndarray

    @property
    def voted(self) -> np.ndarray:
        """Boolean mask of the cells with a vote (pass included)."""
        return ~np.isnan(self.values)


def build_matrix(votes: Iterable[tuple[Hashable, Hashable, float]]) -> VoteMatrix:
    """Build the matrix from (participant, statement, value) triples; a later vote counts.

    Participants and statements are in sorted order (ids of one type each).
    """
    triples = list(votes)
    if not triples:
        return matrix_from_arrays(np.empty(0), np.empty(0), np.empty(0))
    # Three comprehensions: much faster than zip(*triples) on a million votes.
    return matrix_from_arrays(
        np.asarray([triple[0] for triple in triples]),
        np.asarray([triple[1] for triple in triples]),
        np.asarray([triple[2] for triple in triples], dtype=np.float64),
    )


def matrix_from_arrays(
    participants: np.ndarray, statements: np.ndarray, values: np.ndarray
) -> VoteMatrix:
    """Build the matrix from three equally long arrays (one vote per position, later ones count).

    Vectorised: no Python work per vote. Participants and statements come out sorted.
    """
    if len(values) == 0:
        return VoteMatrix([], [], np.full((0, 0), np.nan))
    row_ids, rows = np.unique(participants, return_inverse=True)
    column_ids, columns = np.unique(statements, return_inverse=True)
    matrix = np.full((len(row_ids), len(column_ids)), np.nan, dtype=np.float64)
    # With repeated cells NumPy keeps the last assignment: the later vote.
    matrix[rows, columns] = np.asarray(values, dtype=np.float64)
    return VoteMatrix(row_ids.tolist(), column_ids.tolist(), matrix)
