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
    """Build the matrix from (participant, statement, value) triples; the last vote counts."""
    rows: dict[Hashable, int] = {}
    columns: dict[Hashable, int] = {}
    cells: list[tuple[int, int, float]] = []
    for participant, statement, value in votes:
        row = rows.setdefault(participant, len(rows))
        column = columns.setdefault(statement, len(columns))
        cells.append((row, column, float(value)))
    values = np.full((len(rows), len(columns)), np.nan, dtype=np.float64)
    if cells:
        row_index, column_index, vote = (np.array(part) for part in zip(*cells, strict=True))
        values[row_index.astype(int), column_index.astype(int)] = vote
    return VoteMatrix(list(rows), list(columns), values)
