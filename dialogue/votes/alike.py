"""Many accounts voting alike: a flag for the officials' dashboard, never a public page.

The rule is simple enough to explain to a resident: at least ALIKE_ACCOUNTS accounts cast
exactly the same votes (the same input, the same eens / oneens / weet ik niet) on at least
ALIKE_STATEMENTS inputs, and were made within ALIKE_WINDOW of each other. People who agree
on everything can match by chance, but rarely on many inputs with accounts made the same
day; several accounts of one person or one campaign do. The flag shows counts only (which
accounts, and so how each voted, stays hidden); their votes still count in the groups, since
the officials decide what it means.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from sqlalchemy import select

from dialogue.accounts.models import User
from dialogue.consultations.models import Consultation
from dialogue.extensions import db
from dialogue.votes.analysis import analysed_votes
from nlp.common_ground import VoteMatrix

#: Fewest accounts with identical votes that make a flag.
ALIKE_ACCOUNTS = 5
#: Fewest inputs those identical votes must cover.
ALIKE_STATEMENTS = 10
#: The accounts were made within this time of each other.
ALIKE_WINDOW = timedelta(hours=24)


@dataclass(frozen=True)
class AlikeVoters:
    """One set of accounts that voted exactly alike."""

    accounts: int
    statements: int
    #: Time between the first and the last of these accounts being made.
    made_within: timedelta

    @property
    def hours(self) -> int:
        """made_within in whole hours, rounded up (at least 1)."""
        return max(1, -(-int(self.made_within.total_seconds()) // 3600))


def identical_voters(matrix: VoteMatrix, min_statements: int = ALIKE_STATEMENTS) -> list[list]:
    """Sets of at least two participants with the same votes on at least min_statements.

    Each row's votes (statement and value, in statement order) are its fingerprint; no dense
    row is built. The sets come in the order of their dense rows (no vote sorting last).
    """
    counts = matrix.votes_per_participant()
    enough = np.flatnonzero(counts >= min_statements)
    if len(enough) < 2:
        return []
    starts = matrix.row_starts()
    same: dict[bytes, list[int]] = {}
    for row in enough:
        cells = slice(starts[row], starts[row + 1])
        key = matrix.columns[cells].tobytes() + matrix.votes[cells].tobytes()
        same.setdefault(key, []).append(int(row))
    found = [rows for rows in same.values() if len(rows) >= 2]
    found.sort(key=lambda rows: _dense_order(matrix, starts, rows[0]))
    return [[matrix.participants[row] for row in rows] for rows in found]


def _dense_order(matrix: VoteMatrix, starts: np.ndarray, row: int) -> list[tuple[float, float]]:
    """A key that sorts rows as their dense fingerprints would (no vote above every vote)."""
    cells = slice(starts[row], starts[row + 1])
    pairs = list(zip(matrix.columns[cells].tolist(), matrix.votes[cells].tolist(), strict=True))
    return [*pairs, (np.inf, 0.0)]


def made_close_together(moments: list[datetime], window: timedelta) -> tuple[int, timedelta]:
    """The most moments within one window of each other, and the time they span."""
    ordered = sorted(moments)
    best, span, start = 0, timedelta(0), 0
    for end, moment in enumerate(ordered):
        while moment - ordered[start] > window:
            start += 1
        if end - start + 1 > best:
            best, span = end - start + 1, moment - ordered[start]
    return best, span


def alike_voters(consultation: Consultation) -> list[AlikeVoters]:
    """The sets of accounts that voted alike on the consultation's input, largest first."""
    if not consultation.voting:
        return []
    matrix, _analysis = analysed_votes(consultation)
    found = []
    for users in identical_voters(matrix):
        if len(users) < ALIKE_ACCOUNTS:
            continue
        made = db.session.scalars(select(User.created_at).where(User.id.in_(users))).all()
        accounts, span = made_close_together(list(made), ALIKE_WINDOW)
        if accounts >= ALIKE_ACCOUNTS:
            row = matrix.participants.index(users[0])
            statements = int(matrix.votes_per_participant()[row])
            found.append(AlikeVoters(accounts, statements, span))
    return sorted(found, key=lambda flag: (-flag.accounts, -flag.statements))
