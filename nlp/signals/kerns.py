"""A kern's rise over all its input: which themes carry it, and which alert it belongs to.

The themes of a consultation are one partition of its input; when residents of one kern
write about one event in many short texts, those texts may spread over several themes, and
no theme rises enough on its own. A kern's total series (all its input, theme or not) does
not depend on that partition. Its events are joined to the theme alert of the same event
(one alert per event): a theme alert that overlaps the kern's rise, or follows it or comes
just before it, and whose theme carries that rise or names that kern. A kern rise without
such a theme alert is its own alert, naming the kern and the themes that carry its rise; a
kern's rise that comes back every year (seasonal) is not an alert of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from nlp.signals.series import WeeklySeries
from nlp.signals.tests import Event

if TYPE_CHECKING:
    from nlp.signals.detection import Group

MAX_CARRIERS = 3  #: an alert names at most this many themes
CARRIER_SHARE = 0.25  #: a theme named carries at least this share of the largest theme's rise


def carriers(series: WeeklySeries, event: Event, baseline_weeks: int) -> list[str]:
    """Return the themes that carry a kern's rise, the largest extra input first.

    A theme's extra input is its count in the kern over the event's weeks, less its usual
    level there (the median of the `baseline_weeks` weeks before the event) for each week.
    Named are the themes with at least one extra text and `CARRIER_SHARE` of the largest
    theme's, at most `MAX_CARRIERS`.
    """
    kern = series.keys[event.row][1]
    rows = [row for row, (theme, area) in enumerate(series.keys) if area == kern and theme]
    if not rows:
        return []
    counts = series.counts[rows]
    weeks = event.end - event.start + 1
    before = counts[:, max(0, event.start - baseline_weeks) : event.start]
    usual = np.median(before, axis=1) if before.shape[1] else np.zeros(len(rows))
    extra = counts[:, event.start : event.end + 1].sum(axis=1) - usual * weeks
    ranked = sorted(
        zip(extra, rows, strict=True), key=lambda pair: (-pair[0], series.keys[pair[1]])
    )
    top = ranked[0][0]
    names = [
        str(series.keys[row][0])
        for value, row in ranked
        if value >= 1 and value >= CARRIER_SHARE * top
    ]
    return names[:MAX_CARRIERS]


def attach_kern_totals(
    series: WeeklySeries, groups: list[Group], totals: list[Event], baseline_weeks: int
) -> list[Group]:
    """Join each kern-total event to the theme alert of its event, or make it its own alert.

    Returns the groups with the kern alerts added. A theme group hosts the kern's rise when
    their weeks overlap or touch and its theme is one of the themes carrying the rise, or it
    already names the kern; of several, the one whose theme carries most.
    """
    from nlp.signals.detection import Group

    hosts = [g for g in groups if g.lead is not None or g.kernen]
    kern_names = {id(g): {series.keys[e.row][1] for e in g.kernen} for g in hosts}
    result = list(groups)
    for event in sorted(totals, key=lambda e: (e.start, e.row)):
        kern = series.keys[event.row][1]
        themes = carriers(series, event, baseline_weeks)
        rank = {theme: place for place, theme in enumerate(themes)}
        fitting = [
            g
            for g in hosts
            if g.kind == event.kind
            and g.start <= event.end + 1
            and event.start <= g.end + 1
            and (g.theme in rank or kern in kern_names[id(g)])
        ]
        if fitting:
            host = min(fitting, key=lambda g: (rank.get(g.theme, len(rank)), g.start, g.theme))
            host.totals.append(event)
            host.carriers += [theme for theme in themes if theme not in host.carriers]
        elif not event.seasonal:
            theme = themes[0] if themes else ""
            result.append(Group(theme, event.kind, None, totals=[event], carriers=themes))
    return result
