"""The vote matrix: participants × statements, sparse: only the cells with a vote are stored.

Votes are few next to the cells (3 votes per input from 40,000 residents on 20,000 input is
60,000 votes against 800 million cells), so the matrix keeps one entry per vote, in row
order, and nothing here or in its users builds the dense matrix.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from scipy.sparse import csr_array

AGREE = 1.0
DISAGREE = -1.0
PASS = 0.0


@dataclass(frozen=True)
class VoteMatrix:
    """Votes as +1 (agree), -1 (disagree) and 0 (pass); a cell without an entry has no vote.

    rows, columns and votes are equally long, one position per cell with a vote, sorted by
    row and then column (the order of a CSR matrix); no cell occurs twice.
    """

    participants: list[Hashable]
    statements: list[Hashable]
    rows: np.ndarray
    columns: np.ndarray
    votes: np.ndarray

    @property
    def shape(self) -> tuple[int, int]:
        """(participants, statements)."""
        return len(self.participants), len(self.statements)

    @property
    def vote_count(self) -> int:
        """Cells with a vote (passes included)."""
        return len(self.votes)

    def votes_per_participant(self) -> np.ndarray:
        """How many statements each participant voted on (passes included)."""
        return np.bincount(self.rows, minlength=self.shape[0])

    def votes_per_statement(self) -> np.ndarray:
        """How many participants voted on each statement (passes included)."""
        return np.bincount(self.columns, minlength=self.shape[1])

    def row_starts(self) -> np.ndarray:
        """Where each participant's votes start in rows/columns/votes (CSR indptr)."""
        starts = np.zeros(self.shape[0] + 1, dtype=self.columns.dtype)
        np.cumsum(self.votes_per_participant(), out=starts[1:])
        return starts

    def csr(self, data: np.ndarray | None = None) -> csr_array:
        """The matrix as a SciPy CSR array with one stored entry per vote (zeros kept).

        data replaces the votes (same order), e.g. the centred votes.
        """
        from scipy.sparse import csr_array

        values = self.votes if data is None else data
        return csr_array(
            (np.asarray(values, dtype=np.float64), self.columns, self.row_starts()),
            shape=self.shape,
        )

    def subset(self, rows: list[int] | np.ndarray) -> VoteMatrix:
        """The matrix of the given participants (in that order, distinct), every statement kept."""
        chosen = np.asarray(rows, dtype=np.int64)
        starts = self.row_starts()
        lengths = starts[chosen + 1] - starts[chosen]
        # Each chosen row's positions: its start, plus 0, 1, … up to its length.
        offsets = np.repeat(np.cumsum(lengths) - lengths, lengths)
        positions = np.repeat(starts[chosen], lengths) + np.arange(lengths.sum()) - offsets
        return VoteMatrix(
            [self.participants[r] for r in chosen],
            self.statements,
            np.repeat(np.arange(len(chosen), dtype=self.rows.dtype), lengths),
            self.columns[positions],
            self.votes[positions],
        )

    def to_dense(self) -> np.ndarray:
        """The dense matrix with NaN where no vote: for small matrices and tests only."""
        dense = np.full(self.shape, np.nan)
        dense[self.rows, self.columns] = self.votes
        return dense


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
        empty = np.empty(0, dtype=np.int32)
        return VoteMatrix([], [], empty, empty, np.empty(0))
    row_ids, rows = np.unique(participants, return_inverse=True)
    column_ids, columns = np.unique(statements, return_inverse=True)
    cells = rows.reshape(-1).astype(np.int64) * len(column_ids) + columns.reshape(-1)
    # The last vote on a cell counts: its first occurrence in the reversed order. np.unique
    # returns the cells sorted, which is row order and then column order.
    unique_cells, first_reversed = np.unique(cells[::-1], return_index=True)
    last = len(cells) - 1 - first_reversed
    # 32-bit positions (SciPy's own index type) halve their memory; ids beyond that stay 64-bit.
    index = np.int32 if max(len(row_ids), len(column_ids)) < 2**31 else np.int64
    return VoteMatrix(
        row_ids.tolist(),
        column_ids.tolist(),
        (unique_cells // len(column_ids)).astype(index),
        (unique_cells % len(column_ids)).astype(index),
        np.asarray(values, dtype=np.float64)[last],
    )
