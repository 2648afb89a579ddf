"""The rules behind the cards of the officials' home page, each defined once.

Each card's heading and sentences describe exactly the rule below it, so that no two cards can
contradict each other:

- "Moderatie": input and replies that wait for a moderator (`queue_size`).
- "Nog geen antwoord": consultations that are open or closed and have no public answer of the
  municipality, neither on the consultation as a whole nor on one of its themes.
- "Signalen": signals of every kind that nobody has taken up or dismissed yet.
- "Signalen zonder antwoord": active themes with a signal of any kind that was not dismissed,
  and no public answer on that theme.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, exists, func, select

from dialogue.answers.models import OfficialResponse
from dialogue.consultations.models import Consultation, ConsultationStatus
from dialogue.extensions import db
from dialogue.signals.models import Signal, SignalStatus
from dialogue.themes.models import Theme


@dataclass(frozen=True)
class WaitingTheme:
    """A theme with a signal that is not dismissed, and no answer on it."""

    theme: Theme
    consultation: Consultation
    #: When its first signal that is not dismissed was found.
    since: datetime


def _answer_on_consultation_or_theme():
    """EXISTS: a public answer on the consultation as a whole or on one of its themes."""
    return exists().where(
        and_(
            OfficialResponse.consultation_id == Consultation.id,
            OfficialResponse.contribution_id.is_(None),
        )
    )


def consultations_without_answer(municipality_id: int) -> list[Consultation]:
    """Return open and closed consultations without an answer on them or on any of their themes."""
    return list(
        db.session.scalars(
            select(Consultation)
            .where(
                Consultation.municipality_id == municipality_id,
                Consultation.status != ConsultationStatus.DRAFT,
                ~_answer_on_consultation_or_theme(),
            )
            .order_by(Consultation.closes_at.is_(None), Consultation.closes_at, Consultation.id)
        )
    )


def open_signal_count(municipality_id: int) -> int:
    """Return the number of signals (every kind) not yet taken up or dismissed."""
    return (
        db.session.scalar(
            select(func.count(Signal.id)).where(
                Signal.municipality_id == municipality_id, Signal.status == SignalStatus.NEW
            )
        )
        or 0
    )


def signal_count(municipality_id: int) -> int:
    """Return the number of signals that were not dismissed (taken up or still open)."""
    return (
        db.session.scalar(
            select(func.count(Signal.id)).where(
                Signal.municipality_id == municipality_id,
                Signal.status != SignalStatus.DISMISSED,
            )
        )
        or 0
    )


def themes_with_signal_without_answer(municipality_id: int) -> list[WaitingTheme]:
    """Return active themes with a signal that is not dismissed and no answer, longest first."""
    first_signal = (
        select(Signal.consultation_id, Signal.theme_key, func.min(Signal.created_at).label("since"))
        .where(Signal.municipality_id == municipality_id, Signal.status != SignalStatus.DISMISSED)
        .group_by(Signal.consultation_id, Signal.theme_key)
        .subquery()
    )
    answered = exists().where(
        OfficialResponse.consultation_id == first_signal.c.consultation_id,
        OfficialResponse.theme_key == first_signal.c.theme_key,
    )
    rows = db.session.execute(
        select(Theme, Consultation, first_signal.c.since)
        .join(
            first_signal,
            (Theme.consultation_id == first_signal.c.consultation_id)
            & (Theme.key == first_signal.c.theme_key),
        )
        .join(Consultation, Consultation.id == Theme.consultation_id)
        .where(Theme.active.is_(True), Theme.municipality_id == municipality_id, ~answered)
        .order_by(first_signal.c.since, Theme.id)
    ).all()
    return [WaitingTheme(theme, consultation, since) for theme, consultation, since in rows]
