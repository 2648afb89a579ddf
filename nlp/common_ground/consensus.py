"""Per-statement agreement, overall and per opinion group; group-informed consensus.

Group-informed consensus (Pol.is): the product over groups of each group's smoothed agreement
(agree + 1) / (votes + 2), where votes count passes too. Common ground (Jigsaw Sensemaker's
threshold): at least 60% agreement in every group. Divisive: the groups' agreement lies 30
points or more apart.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

import numpy as np

from nlp.common_ground.matrix import AGREE, DISAGREE, PASS, VoteMatrix

#: Share of agreement every group must reach for common ground.
COMMON_GROUND_SHARE = 0.6
#: Difference in agreement between groups that makes a statement divisive.
DIVISIVE_GAP = 0.3


@dataclass(frozen=True)
class StatementStats:
    """Votes on one statement and how each group agreed with it."""

    statement: Hashable
    agree: int
    disagree: int
    passed: int
    consensus: float
    #: Per group (index = group number): votes seen and the share that agreed.
    group_votes: tuple[int, ...]
    group_agree_share: tuple[float, ...]

    @property
    def votes(self) -> int:
        """Every vote on the statement, passes included."""
        return self.agree + self.disagree + self.passed

    @property
    def is_common_ground(self) -> bool:
        """Whether every group voted on it and agreed with at least 60%."""
        return bool(self.group_votes) and all(
            seen > 0 and share >= COMMON_GROUND_SHARE
            for seen, share in zip(self.group_votes, self.group_agree_share, strict=True)
        )

    @property
    def gap(self) -> float:
        """Largest difference in agreement between two groups that voted on it."""
        shares = [
            share
            for seen, share in zip(self.group_votes, self.group_agree_share, strict=True)
            if seen
        ]
        return max(shares) - min(shares) if len(shares) >= 2 else 0.0

    @property
    def is_divisive(self) -> bool:
        """Whether the groups' agreement lies at least 30 points apart."""
        return self.gap >= DIVISIVE_GAP - 1e-9


def _counts(
    keys: np.ndarray, votes: np.ndarray, size: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Agree, disagree and pass votes per key (a statement, or a group and statement pair)."""

    def count(value: float) -> np.ndarray:
        return np.bincount(keys[votes == value], minlength=size).astype(np.float64)

    return count(AGREE), count(DISAGREE), count(PASS)


def group_informed_consensus(agree: np.ndarray, seen: np.ndarray) -> np.ndarray:
    """Product over groups (rows) of (agree + 1) / (seen + 2), per statement (columns)."""
    if agree.shape[0] == 0:
        return np.zeros(agree.shape[1])
    return np.prod((agree + 1.0) / (seen + 2.0), axis=0)


def statement_stats(matrix: VoteMatrix, labels: np.ndarray, groups: int) -> list[StatementStats]:
    """Return the stats of every statement; labels give each participant's group (-1: none).

    Counted from the votes themselves (no dense matrix): one bincount per vote value.
    """
    statements = matrix.shape[1]
    agree, disagree, passed = _counts(matrix.columns, matrix.votes, statements)
    vote_groups = np.asarray(labels, dtype=np.int64)[matrix.rows]
    grouped = (vote_groups >= 0) & (vote_groups < groups)
    keys = vote_groups[grouped] * statements + matrix.columns[grouped]
    a, d, p = _counts(keys, matrix.votes[grouped], groups * statements)
    group_agree = a.reshape(groups, statements)
    group_seen = (a + d + p).reshape(groups, statements)
    consensus = group_informed_consensus(group_agree, group_seen)
    shares = np.divide(
        group_agree, group_seen, out=np.zeros_like(group_agree), where=group_seen > 0
    )
    return [
        StatementStats(
            statement=statement,
            agree=int(agree[column]),
            disagree=int(disagree[column]),
            passed=int(passed[column]),
            consensus=float(consensus[column]),
            group_votes=tuple(int(n) for n in group_seen[:, column]),
            group_agree_share=tuple(float(s) for s in shares[:, column]),
        )
        for column, statement in enumerate(matrix.statements)
    ]
