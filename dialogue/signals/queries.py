"""What the analysts' signal pages show: read-only queries over signals and their theme."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import case, select

from dialogue.answers.services import theme_answers
from dialogue.consultations.models import Consultation
from dialogue.extensions import db
from dialogue.signals.models import Signal, SignalStatus
from dialogue.signals.services import signal_quotes
from dialogue.themes.dashboard import consultation_dashboard
from dialogue.themes.models import Theme


def consultation_signals(consultation: Consultation) -> list[Signal]:
    """Return a consultation's signals: new ones first, then the strongest and latest."""
    new_first = case((Signal.status == SignalStatus.NEW, 0), else_=1)
    return list(
        db.session.scalars(
            select(Signal)
            .filter_by(consultation_id=consultation.id)
            .order_by(new_first, Signal.score.desc(), Signal.period_start.desc())
        )
    )


def theme_labels(consultation_id: int) -> dict[str, str]:
    """Return the label of every theme of a consultation by key."""
    return dict(
        db.session.execute(
            select(Theme.key, Theme.label).filter_by(consultation_id=consultation_id)
        ).all()
    )


def signal_page(signal: Signal) -> dict[str, Any]:
    """Return what a signal's page shows: its theme's row of the dashboard, quotes, answers."""
    consultation = db.session.get(Consultation, signal.consultation_id)
    board = consultation_dashboard(consultation, covering=signal.period_start)
    board.themes = [row for row in board.themes if row.theme.key == signal.theme_key]
    theme = db.session.scalar(
        select(Theme).filter_by(consultation_id=signal.consultation_id, key=signal.theme_key)
    )
    return {
        "consultation": consultation,
        "theme": theme,
        "board": board,
        "quotes": signal_quotes(signal),
        "answers": theme_answers(signal.consultation_id, signal.theme_key),
        "period_end_inclusive": signal.period_end - timedelta(days=0),
    }
