"""One call for a consultation: groups, statement stats by consensus, common ground, divisive."""

from __future__ import annotations

from dataclasses import dataclass

from threadpoolctl import threadpool_limits

from nlp.common_ground.consensus import StatementStats, statement_stats
from nlp.common_ground.groups import MIN_VOTES, OpinionGroups, find_groups
from nlp.common_ground.matrix import VoteMatrix


@dataclass(frozen=True)
class CommonGround:
    """The analysis of one vote matrix."""

    groups: OpinionGroups
    #: Every statement with votes, highest group-informed consensus first.
    statements: list[StatementStats]

    @property
    def common_ground(self) -> list[StatementStats]:
        """Statements every group agrees with (at least 60%), highest consensus first."""
        return [s for s in self.statements if s.is_common_ground]

    @property
    def divisive(self) -> list[StatementStats]:
        """Statements on which groups differ by 30 points or more, largest gap first."""
        return sorted((s for s in self.statements if s.is_divisive), key=lambda s: -s.gap)


def analyse(matrix: VoteMatrix, *, min_votes: int = MIN_VOTES, seed: int = 0) -> CommonGround:
    """Find the opinion groups and rank the statements by group-informed consensus."""
    # One thread: on a shared 2-core server, BLAS and OpenMP threads made this 5-10x slower.
    # threadpoolctl limits only the libraries already loaded, so scikit-learn (with its own
    # OpenMP runtime) and ARPACK are loaded first; imported inside the limit, the first
    # analysis of a process ran k-means on every core (10 s instead of 1 s at load 4).
    import scipy.sparse.linalg  # noqa: F401
    import sklearn.cluster
    import sklearn.metrics  # noqa: F401

    with threadpool_limits(1):
        groups = find_groups(matrix, min_votes=min_votes, seed=seed)
    stats = statement_stats(matrix, groups.labels, groups.count)
    ranked = sorted(
        (s for s in stats if s.votes), key=lambda s: (-s.consensus, -s.agree, str(s.statement))
    )
    return CommonGround(groups, ranked)
