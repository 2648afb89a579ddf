"""Opinion groups and common ground of a consultation, as public aggregates.

Groups smaller than the privacy threshold are never shown, and counts below it are hidden.
"""

from __future__ import annotations

import itertools
import string
from dataclasses import dataclass

import numpy as np
from flask import current_app
from sqlalchemy import Select, case, func, select

from dialogue.consultations.models import Consultation
from dialogue.contributions.models import Contribution, ContributionStatus
from dialogue.extensions import db
from dialogue.votes.models import Vote, VoteValue
from nlp.common_ground import (
    CommonGround,
    StatementStats,
    VoteMatrix,
    analyse,
    matrix_from_arrays,
)
from nlp.common_ground.consensus import DIVISIVE_GAP

#: A vote as the number the matrix holds, computed by the database (no Python per vote).
_VALUE_CODE = case(
    (Vote.value == VoteValue.AGREE.value, 1), (Vote.value == VoteValue.DISAGREE.value, -1), else_=0
)
#: Matrices and their analyses kept per process, keyed by the consultation and its vote state.
_CACHE: dict[tuple[object, ...], tuple[VoteMatrix, CommonGround]] = {}
_CACHE_SIZE = 32


@dataclass(frozen=True)
class GroupView:
    id: str
    size: int
    #: The input this group agrees with most, compared with the other groups.
    agrees_with: str | None


@dataclass(frozen=True)
class StatementView:
    id: int
    text: str
    agree: int | None
    disagree: int | None
    passed: int | None
    consensus: float
    #: Agreement share per shown group, in the order of the groups.
    group_shares: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class CommonGroundView:
    voters: int
    groups: list[GroupView]
    statements: list[StatementView]
    common_ground: list[StatementView]
    divisive: list[StatementView]


def _threshold() -> int:
    return int(current_app.config["PRIVACY_THRESHOLD"])


def _published_votes(consultation: Consultation):
    return (
        select(Vote.user_id, Vote.contribution_id, Vote.value)
        .join(Contribution, Contribution.id == Vote.contribution_id)
        .where(
            Contribution.consultation_id == consultation.id,
            Contribution.status == ContributionStatus.PUBLISHED,
        )
    )


def vote_state(consultation: Consultation) -> tuple[object, ...]:
    """What changes whenever a vote on the consultation's published input changes.

    Only columns of the covering index: the database never visits the vote table for it.
    """
    return tuple(
        db.session.execute(
            _published_votes(consultation).with_only_columns(
                func.count(),
                func.max(Vote.updated_at),
                func.sum(Vote.contribution_id),
                func.sum(Vote.user_id),
            )
        ).one()
    )


def analysed_votes(consultation: Consultation) -> tuple[VoteMatrix, CommonGround]:
    """The vote matrix and its analysis (cached per process while the votes stay the same)."""
    key = (consultation.id, *vote_state(consultation))
    if key not in _CACHE:
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        matrix = consultation_matrix(consultation)
        _CACHE[key] = (matrix, analyse(matrix))
    return _CACHE[key]


def consultation_analysis(consultation: Consultation) -> CommonGround:
    """Analyse the votes on the consultation's published input (cached while they stay the same)."""
    return analysed_votes(consultation)[1]


def consultation_matrix(consultation: Consultation) -> VoteMatrix:
    """The vote matrix of the consultation's published input (rows: user ids)."""
    # No ORDER BY: matrix_from_arrays sorts the ids.
    votes = _integer_rows(
        _published_votes(consultation).with_only_columns(
            Vote.user_id, Vote.contribution_id, _VALUE_CODE
        ),
        columns=3,
    )
    return matrix_from_arrays(votes[:, 0], votes[:, 1], votes[:, 2])


def _integer_rows(statement: Select, columns: int) -> np.ndarray:
    """Run a query of integer columns straight on the driver's cursor, into one int64 array.

    A million rows through SQLAlchemy's Row objects took 5-9 s; the driver's own tuples
    flattened by np.fromiter take a fifth of that. The statement holds only our own literals
    (ids and enum values), so it is compiled with them inline.
    """
    connection = db.session.connection()
    sql = str(statement.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql)
        rows = cursor.fetchall()
    finally:
        cursor.close()
    flat = itertools.chain.from_iterable(rows)
    return np.fromiter(flat, dtype=np.int64, count=columns * len(rows)).reshape(-1, columns)


def group_name(number: int) -> str:
    """Return the public name of group number (A, B, …)."""
    return string.ascii_uppercase[number]


def _hidden_below(count: int, threshold: int) -> int | None:
    return count if count >= threshold else None


def common_ground_view(consultation: Consultation) -> CommonGroundView:
    """Return the public view: shown groups, statements by consensus, common ground, divisive."""
    analysis = consultation_analysis(consultation)
    threshold = _threshold()
    shown = [g for g, size in enumerate(analysis.groups.sizes) if size >= threshold]
    ids = [s.statement for s in analysis.statements]
    texts = {row[0]: row[1] or row[2] for row in _texts(ids)}
    views = {s.statement: _statement_view(s, texts, shown, threshold) for s in analysis.statements}
    statements = [views[s.statement] for s in analysis.statements]
    common = [views[s.statement] for s in analysis.common_ground] if len(shown) >= 2 else []
    divisive = [
        view for view in sorted(statements, key=lambda v: -_gap(v)) if _gap(view) >= DIVISIVE_GAP
    ]
    groups = [
        GroupView(group_name(g), analysis.groups.sizes[g], _agrees_with(analysis, g, texts))
        for g in shown
    ]
    voters = int((analysis.groups.labels >= 0).sum())
    return CommonGroundView(voters, groups, statements, common, divisive)


def _texts(ids: list[object]) -> list[tuple[int, str | None, str]]:
    if not ids:
        return []
    return list(
        db.session.execute(
            select(Contribution.id, Contribution.redacted_text, Contribution.text).where(
                Contribution.id.in_(ids)
            )
        ).tuples()
    )


def _statement_view(
    stats: StatementStats, texts: dict[object, str], shown: list[int], threshold: int
) -> StatementView:
    shares = tuple(
        (group_name(g), stats.group_agree_share[g]) for g in shown if stats.group_votes[g]
    )
    return StatementView(
        id=int(stats.statement),  # type: ignore[call-overload]
        text=texts.get(stats.statement, ""),
        agree=_hidden_below(stats.agree, threshold),
        disagree=_hidden_below(stats.disagree, threshold),
        passed=_hidden_below(stats.passed, threshold),
        consensus=round(stats.consensus, 4),
        group_shares=shares,
    )


def _gap(view: StatementView) -> float:
    shares = [share for _name, share in view.group_shares]
    return max(shares) - min(shares) if len(shares) >= 2 else 0.0


def _agrees_with(analysis: CommonGround, group: int, texts: dict[object, str]) -> str | None:
    """The input this group agrees with more than the other groups do (at least half agree)."""
    best, best_lead = None, 0.0
    for stats in analysis.statements:
        share = stats.group_agree_share[group]
        if stats.group_votes[group] == 0 or share < 0.5:
            continue
        others = [
            s
            for g, (s, n) in enumerate(zip(stats.group_agree_share, stats.group_votes, strict=True))
            if g != group and n
        ]
        lead = share - (sum(others) / len(others) if others else 0.0)
        if best is None or lead > best_lead:
            best, best_lead = stats.statement, lead
    return texts.get(best) if best is not None else None


def common_ground_by_theme(consultation: Consultation, per_theme: int = 3) -> dict[str, list[str]]:
    """The common-ground input of each theme (texts, highest consensus first); {} without voting."""
    if not consultation.voting:
        return {}
    view = common_ground_view(consultation)
    if not view.common_ground:
        return {}
    themes = dict(
        db.session.execute(
            select(Contribution.id, Contribution.theme_key).where(
                Contribution.id.in_([s.id for s in view.common_ground]),
                Contribution.theme_key.is_not(None),
            )
        ).all()
    )
    found: dict[str, list[str]] = {}
    for statement in view.common_ground:
        key = themes.get(statement.id)
        if key is not None and len(found.setdefault(key, [])) < per_theme:
            found[key].append(statement.text)
    return found
