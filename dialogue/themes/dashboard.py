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
from dialogue.municipalities.models import Kern
from dialogue.signals.models import Signal, SignalStatus
from dialogue.signals.services import decision_counts
from dialogue.themes.models import Theme
from dialogue.timeutil import monday_of


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
    #: Whether the theme has a signal that was not dismissed (new or taken up).
    signalled: bool = False


#: How many themes the dashboard's chart and weekly tables show.
CHARTED_THEMES = 8


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

    @property
    def charted(self) -> list[ThemeRow]:
        """The themes the weekly chart and tables show: those with a signal first, then the
        themes with the most input in the weeks shown (a surge is never left out for a theme
        that was large long ago)."""
        ranked = sorted(self.themes, key=lambda row: (not row.signalled, -sum(row.weekly)))
        return ranked[:CHARTED_THEMES]

    @property
    def running_week(self) -> date | None:
        """This week's Monday when it is the last week shown: it counts only the days so far,
        so its lower numbers are not a fall (the pages say so)."""
        monday = monday_of(date.today())
        return monday if self.weeks and self.weeks[-1] == monday else None


def _published(consultation_id: int) -> tuple[ColumnElement[bool], ...]:
    return (
        Contribution.consultation_id == consultation_id,
        Contribution.status == ContributionStatus.PUBLISHED,
        Contribution.theme_key.is_not(None),
    )


def _weekly_rows(consultation_id: int) -> list:
    """Return (theme key, week, input, negative input) of the published input per theme."""
    week = week_start(Contribution.given_at).label("week")
    return db.session.execute(
        select(
            Contribution.theme_key,
            week,
            func.count(Contribution.id),
            func.sum(case((Contribution.negative.is_(True), 1), else_=0)),
        )
        .where(*_published(consultation_id))
        .group_by(Contribution.theme_key, week)
    ).all()


def _week_list(rows: list, weeks: int, covering: date | None) -> list[date]:
    """Return the Mondays shown: up to the newest week with input, widened to covering."""
    last = max((_as_date(r[1]) for r in rows), default=None)
    last = last or monday_of(date.today())
    if covering is not None:
        covered = monday_of(covering)
        last = max(last, covered)
        weeks = max(weeks, (last - covered).days // 7 + 1)
    return [last - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


def _active_themes(consultation_id: int) -> list[Theme]:
    return list(
        db.session.scalars(
            select(Theme)
            .filter_by(consultation_id=consultation_id, active=True)
            .order_by(Theme.size.desc(), Theme.label)
        )
    )


def _last_answers(consultation_id: int) -> dict[str, datetime]:
    """Return when each theme was last answered, by theme key."""
    rows = db.session.execute(
        select(OfficialResponse.theme_key, func.max(OfficialResponse.created_at))
        .where(
            OfficialResponse.consultation_id == consultation_id,
            OfficialResponse.theme_key.is_not(None),
        )
        .group_by(OfficialResponse.theme_key)
    )
    return dict(rows.all())


def _open_signal_counts(consultation_id: int) -> dict[str, int]:
    rows = db.session.execute(
        select(Signal.theme_key, func.count(Signal.id))
        .where(Signal.consultation_id == consultation_id, Signal.status == SignalStatus.NEW)
        .group_by(Signal.theme_key)
    )
    return dict(rows.all())


def _first_signals(consultation_id: int) -> dict[str, datetime]:
    """Return when each theme got its first signal that was not dismissed, by theme key."""
    rows = db.session.execute(
        select(Signal.theme_key, func.min(Signal.created_at))
        .where(Signal.consultation_id == consultation_id, Signal.status != SignalStatus.DISMISSED)
        .group_by(Signal.theme_key)
    )
    return dict(rows.all())


def _kern_theme_counts(consultation_id: int) -> dict[tuple[str, str], int]:
    rows = db.session.execute(
        select(Kern.name, Contribution.theme_key, func.count(Contribution.id))
        .join(Kern, Contribution.kern_id == Kern.id)
        .where(*_published(consultation_id))
        .group_by(Kern.name, Contribution.theme_key)
    )
    return {(kern, key): count for kern, key, count in rows}


def _status_totals(consultation_id: int) -> dict[str, int]:
    rows = db.session.execute(
        select(Contribution.status, func.count(Contribution.id))
        .where(Contribution.consultation_id == consultation_id)
        .group_by(Contribution.status)
    )
    return {str(status.value if hasattr(status, "value") else status): n for status, n in rows}


def _top_signals(consultation_id: int) -> list[Signal]:
    """Return the five strongest new signals."""
    return list(
        db.session.scalars(
            select(Signal)
            .where(Signal.consultation_id == consultation_id, Signal.status == SignalStatus.NEW)
            .order_by(Signal.score.desc())
            .limit(5)
        )
    )


def _theme_rows(consultation_id: int, rows: list, week_list: list[date]) -> list[ThemeRow]:
    """Return a row per active theme: weekly input and negative share, signals, answers."""
    weeks = len(week_list)
    index = {w: i for i, w in enumerate(week_list)}
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * weeks)
    negatives: dict[str, list[int]] = defaultdict(lambda: [0] * weeks)
    for key, when, count, negative in rows:
        position = index.get(_as_date(when))
        if position is not None:
            counts[key][position] = count
            negatives[key][position] = negative or 0
    answered = _last_answers(consultation_id)
    open_signals = _open_signal_counts(consultation_id)
    first_signal = _first_signals(consultation_id)
    theme_rows = []
    for theme in _active_themes(consultation_id):
        weekly = counts[theme.key]
        shares = [
            (negatives[theme.key][i] / weekly[i]) if weekly[i] else None for i in range(weeks)
        ]
        unanswered = None
        if theme.key in first_signal and theme.key not in answered:
            unanswered = first_signal[theme.key]
        theme_rows.append(
            ThemeRow(
                theme,
                list(weekly),
                shares,
                unanswered,
                open_signals.get(theme.key, 0),
                signalled=theme.key in first_signal,
            )
        )
    return theme_rows


def weekly_theme_counts(
    consultation_id: int, weeks: int = 12
) -> tuple[list[date], dict[str, list[int]]]:
    """Return the dashboard's weeks and each theme's published input per week (one query)."""
    rows = _weekly_rows(consultation_id)
    week_list = _week_list(rows, weeks, None)
    index = {w: i for i, w in enumerate(week_list)}
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(week_list))
    for key, when, count, _negative in rows:
        position = index.get(_as_date(when))
        if position is not None:
            counts[key][position] = count
    return week_list, dict(counts)


def consultation_dashboard(
    consultation: Consultation, *, weeks: int = 12, covering: date | None = None
) -> Dashboard:
    """Build the dashboard of a consultation: weekly volume and negativity per theme, kernen.

    The weeks end with the newest week with input; `covering` (a signal's first day) widens
    them so that its week is shown too.
    """
    rows = _weekly_rows(consultation.id)
    week_list = _week_list(rows, weeks, covering)
    return Dashboard(
        weeks=week_list,
        themes=_theme_rows(consultation.id, rows, week_list),
        kernen=[kern.name for kern in consultation.kernen],
        kern_theme=_kern_theme_counts(consultation.id),
        totals=_status_totals(consultation.id),
        signals=_top_signals(consultation.id),
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
