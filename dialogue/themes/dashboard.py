"""Aggregates for the analysts' dashboard and the network overview, computed in SQL."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import case, func, literal_column, select
from sqlalchemy.sql.elements import ColumnElement

from dialogue.answers.models import OfficialResponse
from dialogue.consultations.models import Consultation
from dialogue.contributions.models import Contribution, ContributionStatus
from dialogue.extensions import db
from dialogue.municipalities.models import Area
from dialogue.signals.models import Signal, SignalStatus
from dialogue.signals.services import decision_counts
from dialogue.themes.models import Theme


def week_start(column) -> ColumnElement:
    """Return an SQL expression for the Monday of the ISO week of a datetime column."""
    if db.engine.dialect.name == "postgresql":
        return func.date(func.date_trunc(literal_column("'week'"), column))
    return func.date(column, "-6 days", "weekday 1")


def _as_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


@dataclass
class ThemeRow:
    theme: Theme
    weekly: list[int | None]
    weekly_negative_share: list[float | None]
    unanswered_since: datetime | None
    open_signals: int


@dataclass
class Dashboard:
    """Everything the consultation dashboard shows."""

    weeks: list[date]
    themes: list[ThemeRow]
    kernen: list[str]
    kern_theme: dict[tuple[str, str], int] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    signals: list[Signal] = field(default_factory=list)
    #: How many signals are new, taken up and dismissed (what officials did with them).
    signal_decisions: dict[str, int] = field(default_factory=dict)


def consultation_dashboard(
    consultation: Consultation, *, weeks: int = 12, covering: date | None = None
) -> Dashboard:
    """Build the dashboard of a consultation: weekly volume and negativity per theme, kernen.

    The weeks end with the newest week with input; `covering` (a signal's first day) widens
    them so that its week is shown too.
    """
    published = (
        Contribution.consultation_id == consultation.id,
        Contribution.status == ContributionStatus.PUBLISHED,
    )
    week = week_start(Contribution.created_at).label("week")
    rows = db.session.execute(
        select(
            Contribution.theme_key,
            week,
            func.count(Contribution.id),
            func.sum(case((Contribution.negative.is_(True), 1), else_=0)),
        )
        .where(*published, Contribution.theme_key.is_not(None))
        .group_by(Contribution.theme_key, week)
    ).all()
    last = max((_as_date(r[1]) for r in rows), default=None)
    last = last or (date.today() - timedelta(days=date.today().weekday()))
    if covering is not None:
        covered = covering - timedelta(days=covering.weekday())
        last = max(last, covered)
        weeks = max(weeks, (last - covered).days // 7 + 1)
    week_list = [last - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    index = {w: i for i, w in enumerate(week_list)}
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * weeks)
    negatives: dict[str, list[int]] = defaultdict(lambda: [0] * weeks)
    for key, when, count, negative in rows:
        position = index.get(_as_date(when))
        if position is not None:
            counts[key][position] = count
            negatives[key][position] = negative or 0

    themes = db.session.scalars(
        select(Theme)
        .filter_by(consultation_id=consultation.id, active=True)
        .order_by(Theme.size.desc(), Theme.label)
    ).all()
    answered = dict(
        db.session.execute(
            select(OfficialResponse.theme_key, func.max(OfficialResponse.created_at))
            .where(
                OfficialResponse.consultation_id == consultation.id,
                OfficialResponse.theme_key.is_not(None),
            )
            .group_by(OfficialResponse.theme_key)
        ).all()
    )
    open_signals = dict(
        db.session.execute(
            select(Signal.theme_key, func.count(Signal.id))
            .where(Signal.consultation_id == consultation.id, Signal.status == SignalStatus.NEW)
            .group_by(Signal.theme_key)
        ).all()
    )
    first_signal = dict(
        db.session.execute(
            select(Signal.theme_key, func.min(Signal.created_at))
            .where(
                Signal.consultation_id == consultation.id, Signal.status != SignalStatus.DISMISSED
            )
            .group_by(Signal.theme_key)
        ).all()
    )
    theme_rows = []
    for theme in themes:
        weekly = counts[theme.key]
        shares = [
            (negatives[theme.key][i] / weekly[i]) if weekly[i] else None for i in range(weeks)
        ]
        unanswered = None
        if theme.key in first_signal and theme.key not in answered:
            unanswered = first_signal[theme.key]
        theme_rows.append(
            ThemeRow(theme, list(weekly), shares, unanswered, open_signals.get(theme.key, 0))
        )

    kern_rows = db.session.execute(
        select(Area.name, Contribution.theme_key, func.count(Contribution.id))
        .join(Area, Contribution.area_id == Area.id)
        .where(*published, Contribution.theme_key.is_not(None))
        .group_by(Area.name, Contribution.theme_key)
    ).all()
    status_rows = db.session.execute(
        select(Contribution.status, func.count(Contribution.id))
        .where(Contribution.consultation_id == consultation.id)
        .group_by(Contribution.status)
    ).all()
    signals = db.session.scalars(
        select(Signal)
        .where(Signal.consultation_id == consultation.id, Signal.status == SignalStatus.NEW)
        .order_by(Signal.score.desc())
        .limit(5)
    ).all()
    return Dashboard(
        weeks=week_list,
        themes=theme_rows,
        kernen=[area.name for area in consultation.areas],
        kern_theme={(kern, key): count for kern, key, count in kern_rows},
        totals={
            str(status.value if hasattr(status, "value") else status): n
            for status, n in status_rows
        },
        signals=list(signals),
        signal_decisions=decision_counts(consultation.id),
    )


@dataclass
class NetworkTheme:
    municipality: str
    consultation: str
    label: str
    size: int
    negative_share: float | None
    open_signals: int
    answered: bool


def network_overview() -> list[NetworkTheme]:
    """Return the active themes of every participating municipality, without input text."""
    from dialogue.municipalities.models import Municipality

    signal_counts = (
        select(Signal.consultation_id, Signal.theme_key, func.count(Signal.id).label("n"))
        .where(Signal.status != SignalStatus.DISMISSED)
        .group_by(Signal.consultation_id, Signal.theme_key)
        .subquery()
    )
    rows = db.session.execute(
        select(
            Municipality.name,
            Consultation.title,
            Theme.label,
            Theme.size,
            Theme.negative_share,
            func.coalesce(signal_counts.c.n, 0),
            Theme.status,
        )
        .join(Consultation, Theme.consultation_id == Consultation.id)
        .join(Municipality, Consultation.municipality_id == Municipality.id)
        .outerjoin(
            signal_counts,
            (signal_counts.c.consultation_id == Theme.consultation_id)
            & (signal_counts.c.theme_key == Theme.key),
        )
        .where(Theme.active.is_(True), Municipality.in_network.is_(True))
        .order_by(Municipality.name, Consultation.title, Theme.size.desc())
    ).all()
    return [
        NetworkTheme(m, c, label, size, share, signals, status.value == "beantwoord")
        for m, c, label, size, share, signals, status in rows
    ]
