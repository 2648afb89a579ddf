"""Alerts from weekly series: one alert per event, kern rises grouped under their theme.

A kern's rise over all its input (`nlp.signals.kerns`) joins the theme alert of the same
event, or is an alert of its own that names the kern and the themes that carry the rise.

`detect_history` replays every week of the input (each week sees only the past) and returns
every alert a weekly run would have raised; `detect` returns those open in the latest weeks.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np

from nlp.signals import explanations as text
from nlp.signals.kerns import attach_kern_totals
from nlp.signals.series import WeeklySeries, as_date, weekly_series
from nlp.signals.settings import Settings
from nlp.signals.tests import RISING_VOLUME, Event, discontent_events, volume_events


@dataclass(frozen=True)
class Signal:
    """One alert: what rose, where, over which weeks, how strongly, and why in plain Dutch."""

    theme: str
    area: str | None
    period_start: str
    period_end: str
    kind: str
    score: float  #: -log10 of the smallest p-value of the event's weeks; higher is stronger
    p_value: float
    explanation: str
    areas: tuple[str, ...] = ()  #: the kernen where it rose most, strongest first
    seasonal: bool = False  #: it rose as much in the same weeks of earlier years
    #: a kern's input rose over all themes (no theme alert of the same event); `theme` is
    #: then the theme that carries most of the rise, `area` the kern
    whole_kern: bool = False
    themes: tuple[str, ...] = ()  #: the themes that carry a kern's rise, largest first

    def to_dict(self) -> dict[str, Any]:
        """Return the signal as JSON-able data (the fields of signals.json, and p_value)."""
        return {
            "theme": self.theme,
            "area": self.area,
            "period_start": self.period_start,
            "period_end": self.period_end,
            "kind": self.kind,
            "score": self.score,
            "p_value": self.p_value,
            "explanation": self.explanation,
        }


def detect(
    records: Iterable[Any],
    *,
    now: datetime | date | str | None = None,
    labels: Mapping[str, str] | None = None,
    settings: Settings | None = None,
) -> list[Signal]:
    """Return the alerts open in the most recent `lookback_weeks` weeks, strongest first.

    Records are mappings or objects with ``theme``, ``area``, ``created_at`` and
    ``negative``. Records without a theme, without a readable date, dated after ``now``
    (default: the current time) or more than ten years before it are left out. Without
    ``now`` the most recent weeks are those up to the latest record.
    """
    settings = settings or Settings.from_environment()
    found = detect_history(records, now=now, labels=labels, settings=settings)
    if settings.lookback_weeks is None or not found:
        return found
    last = max(date.fromisoformat(s.period_end) for s in found)
    if now is not None and (cutoff := as_date(now)) is not None:
        last = cutoff - timedelta(days=cutoff.weekday()) + timedelta(days=6)
    first = last - timedelta(weeks=settings.lookback_weeks)
    return [s for s in found if date.fromisoformat(s.period_end) > first]


def detect_history(
    records: Iterable[Any],
    *,
    now: datetime | date | str | None = None,
    labels: Mapping[str, str] | None = None,
    settings: Settings | None = None,
) -> list[Signal]:
    """Return every alert weekly runs would have raised over the whole period, strongest first.

    Each alert covers its event: from the week it started to the last week it went on.
    Seasonal alerts come after the others.
    """
    settings = settings or Settings.from_environment()
    cutoff = as_date(now) if now is not None else datetime.now(UTC).date()
    if cutoff is None:
        return []
    series = weekly_series(records, cutoff, through_cutoff=now is not None)
    if series is None:
        return []
    parents = series.parents()
    events = volume_events(series.counts, settings, parents)
    totals = series.is_kern_total()
    themed = ~totals
    discontent = discontent_events(
        series.counts[themed], series.negatives[themed], settings, _rows_within(parents, themed)
    )
    rows = np.flatnonzero(themed)
    for event in discontent:  # back to the row numbers of the whole series
        event.row = int(rows[event.row])
    groups = group_events(series, events + discontent, settings.baseline_weeks)
    alerts = [_signal(group, series, labels or {}, settings) for group in groups]
    alerts.sort(key=lambda s: (s.seasonal, -s.score, s.period_start, s.theme, s.area or "", s.kind))
    return alerts


def _rows_within(parents: np.ndarray, chosen: np.ndarray) -> np.ndarray:
    """Return the parent rows renumbered within the chosen rows (a parent is always chosen)."""
    new_number = np.cumsum(chosen) - 1
    return new_number[parents[chosen]]


@dataclass
class Group:
    """Events of one theme and kind that make one alert."""

    theme: str
    kind: str
    lead: Event | None  #: the whole theme's event, if the theme as a whole rose
    kernen: list[Event] = field(default_factory=list)
    totals: list[Event] = field(default_factory=list)  #: rises of kernen over all their input
    carriers: list[str] = field(default_factory=list)  #: themes carrying those kern rises

    @property
    def events(self) -> list[Event]:
        """Every event in the group, the theme's first."""
        return ([self.lead] if self.lead else []) + self.kernen + self.totals

    @property
    def whole_kern(self) -> bool:
        """Whether the group is a kern's rise over all its input, without a theme alert."""
        return self.lead is None and not self.kernen

    @property
    def start(self) -> int:
        return min(e.start for e in self.events)

    @property
    def end(self) -> int:
        """The last week: of the theme's events; a kern's rise may start an alert earlier,
        but a kern whose input stays high on other themes does not make it longer."""
        own = ([self.lead] if self.lead else []) + self.kernen
        return max(e.end for e in own or self.totals)


def group_events(series: WeeklySeries, events: list[Event], baseline_weeks: int = 8) -> list[Group]:
    """Group kern events under their theme: one alert per theme, kind and event.

    A kern event that overlaps its theme's event in time joins it; kern events without a
    theme event join each other when they overlap in time. Then the rises of kernen over all
    their input join the theme alert of their event, or become alerts of their own
    (`nlp.signals.kerns.attach_kern_totals`).
    """
    leads: dict[tuple[str, str], list[Group]] = defaultdict(list)
    loose: dict[tuple[str, str], list[Event]] = defaultdict(list)
    totals: list[Event] = []
    for event in sorted(events, key=lambda e: (e.start, e.row)):
        theme, area = series.keys[event.row]
        if theme is None:
            totals.append(event)
        elif area is None:
            leads[(theme, event.kind)].append(Group(theme, event.kind, event))
        else:
            loose[(theme, event.kind)].append(event)
    groups = [group for found in leads.values() for group in found]
    for (theme, kind), kern_events in loose.items():
        open_groups: list[Group] = []
        for event in kern_events:
            host = next(
                (
                    g
                    for g in leads[(theme, kind)]
                    if g.lead.start <= event.end and event.start <= g.lead.end
                ),
                None,
            ) or next((g for g in open_groups if event.start <= g.end), None)
            if host is None:
                host = Group(theme, kind, None)
                open_groups.append(host)
                groups.append(host)
            host.kernen.append(event)
    return attach_kern_totals(series, groups, totals, baseline_weeks)


def _signal(group: Group, series: WeeklySeries, labels: Mapping[str, str], settings) -> Signal:
    kernen = sorted(group.kernen, key=lambda e: -_weight(e)) + group.totals
    names = tuple(dict.fromkeys(str(series.keys[e.row][1]) for e in kernen))
    area = names[0] if group.lead is None and len(names) == 1 else None
    main = [group.lead] if group.lead else group.kernen or group.totals
    start, weeks = series.monday(group.start), group.end - group.start + 1
    if group.whole_kern:
        where = text.kern_where(str(area), [labels.get(t, t) for t in group.carriers])
    else:
        where = text.where_text(labels.get(group.theme, group.theme), area, [] if area else names)
    period = text.period_text(start, weeks)
    threshold = settings.privacy_threshold
    rows = [e.row for e in main]
    span = slice(group.start, group.end + 1)
    total = int(series.counts[rows, span].sum())
    if group.kind == RISING_VOLUME:
        sentence = text.volume_explanation(
            where,
            period,
            count=total,
            usual_low=math.floor(sum(e.usual_low for e in main)),
            usual_high=math.ceil(sum(e.usual_high for e in main)),
            threshold=threshold,
        )
    else:
        negative = int(series.negatives[rows, span].sum())
        sentence = text.discontent_explanation(
            where,
            period,
            negative=negative,
            total=total,
            share=round(100 * negative / total) if total else 0,
            usual_share=round(100 * main[0].usual),
            threshold=threshold,
        )
    seasonal = all(e.seasonal for e in main)
    if seasonal:
        sentence += text.seasonal_text(start)
    strongest = min(group.events, key=lambda e: e.p_value)
    return Signal(
        theme=group.theme,
        area=area,
        period_start=start.isoformat(),
        period_end=(start + timedelta(weeks=weeks, days=-1)).isoformat(),
        kind=group.kind,
        score=round(strongest.strength, 3),
        p_value=strongest.p_value,
        explanation=sentence,
        areas=names,
        seasonal=seasonal,
        whole_kern=group.whole_kern,
        themes=tuple(group.carriers),
    )


def _weight(event: Event) -> float:
    """How much a kern event adds: extra texts (volume) or extra negative texts (discontent)."""
    if event.kind == RISING_VOLUME:
        return event.excess
    return event.observed - event.usual * event.total
