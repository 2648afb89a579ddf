"""Opinion groups and common ground from agree / disagree / pass votes, as Pol.is finds them.

Plain data in (a vote matrix), dataclasses out; no Flask, no database.
"""

from nlp.common_ground.consensus import StatementStats, statement_stats
from nlp.common_ground.groups import OpinionGroups, find_groups
from nlp.common_ground.matrix import (
    AGREE,
    DISAGREE,
    PASS,
    VoteMatrix,
    build_matrix,
    matrix_from_arrays,
)
from nlp.common_ground.report import CommonGround, analyse

__all__ = [
    "AGREE",
    "DISAGREE",
    "PASS",
    "CommonGround",
    "OpinionGroups",
    "StatementStats",
    "VoteMatrix",
    "analyse",
    "build_matrix",
    "find_groups",
    "matrix_from_arrays",
    "statement_stats",
]
