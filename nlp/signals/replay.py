"""`python -m nlp evaluate-signals WEEKLY.csv`: replay the detector on real weekly counts.

The input has one row per week, category and kern (`week`, `categoryName`, `regionName`,
`count`; missing rows are 0), as in `../shared/data/katwijk-weekly/`. Every category is a
theme series, every category x kern a kern series, and every kern's sum over the categories
its kern-total series. The detector runs week by week, seeing
only the past, and its alerts are scored against the *surge weeks* of each series:

    usual(t) = median of the 8 weeks before t (a surge of up to four weeks does not raise
               it; a lasting change of level does, after four weeks);
    surge week: at least 13 weeks after the series' first report, count >= 3 x usual(t)
               and count - usual(t) >= 10.

A surge is a run of consecutive surge weeks. An alert is *on a surge* when it starts in a
surge week of its series; it *finds* a surge in its first week when it is open in that week.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from nlp.signals.detection import Group, group_events
from nlp.signals.series import WeeklySeries
from nlp.signals.settings import CUSUM, Settings
from nlp.signals.tests import Event, volume_events

SURGE_RATIO = 3.0
SURGE_EXCESS = 10.0
SURGE_BASELINE_WEEKS = 8
SURGE_HISTORY_WEEKS = 13
WEEKS_PER_MONTH = 30.44 / 7
COLUMNS = ("week", "categoryName", "regionName", "count")


class ReplayInputError(ValueError):
    """The weekly counts file cannot be read; the message says why, in Dutch."""


def read_weekly_counts(path: Path) -> WeeklySeries:
    """Read a weekly counts CSV into category, category x kern and kern-total series."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as error:
        raise ReplayInputError(f"kan {path} niet openen: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise ReplayInputError(f"{path} is geen UTF-8-tekst") from None
    if not rows or any(column not in rows[0] for column in COLUMNS):
        raise ReplayInputError(f"{path} mist een van de kolommen {', '.join(COLUMNS)}")
    cells: dict[tuple[str | None, str | None], dict[date, int]] = defaultdict(dict)
    for number, row in enumerate(rows, start=2):
        try:
            week, count = date.fromisoformat(row["week"]), int(row["count"])
        except (TypeError, ValueError):
            raise ReplayInputError(f"regel {number}: week of count is niet te lezen") from None
        monday = week - timedelta(days=week.weekday())
        category, kern = row["categoryName"], row["regionName"]
        for key in ((category, None), (category, kern), (None, kern)):
            cells[key][monday] = cells[key].get(monday, 0) + count
    first = min(day for series in cells.values() for day in series)
    last = max(day for series in cells.values() for day in series)
    keys = sorted(cells, key=lambda key: (key[0] is None, key[0] or "", key[1] or ""))
    counts = np.zeros((len(keys), (last - first).days // 7 + 1), dtype=np.int64)
    for row, key in enumerate(keys):
        for day, count in cells[key].items():
            counts[row, (day - first).days // 7] = count
    return WeeklySeries(keys, counts, np.zeros_like(counts), first)


def surge_weeks(counts: np.ndarray) -> np.ndarray:
    """Return series x weeks: is the week a surge week (the rule in the module docstring)?"""
    values = counts.astype(np.float64)
    surge = np.zeros(counts.shape, dtype=bool)
    has_input = counts.sum(axis=1) > 0
    first = np.where(has_input, np.argmax(counts > 0, axis=1), counts.shape[1])
    for week in range(1, counts.shape[1]):
        usual = np.median(values[:, max(0, week - SURGE_BASELINE_WEEKS) : week], axis=1)
        surge[:, week] = (
            (week - first >= SURGE_HISTORY_WEEKS)
            & (values[:, week] >= SURGE_RATIO * usual)
            & (values[:, week] - usual >= SURGE_EXCESS)
        )
    return surge


@dataclass
class Score:
    """Alerts and surges of a group of series in one period."""

    series_months: float = 0.0
    alerts: int = 0
    off_surge: int = 0
    seasonal: int = 0
    surges: int = 0
    found_first_week: int = 0
    found: int = 0
    delays: list[int] = field(default_factory=list)

    def line(self, name: str) -> str:
        """Return the score as one line of the report."""
        rate = 50 * self.off_surge / self.series_months if self.series_months else 0.0
        per_year = 12 * self.alerts / self.series_months if self.series_months else 0.0
        recall = self.found_first_week / self.surges if self.surges else float("nan")
        delay = np.mean(self.delays) if self.delays else float("nan")
        return (
            f"  {name}: {self.alerts} alerts ({self.seasonal} seizoen) in "
            f"{self.series_months:.0f} reeks-maanden = {per_year:.2f} per reeks-jaar; "
            f"{self.off_surge} niet op een piekweek = {rate:.2f} per 50 reeks-maanden; "
            f"pieken {self.surges}, gevonden in week 1: {self.found_first_week} "
            f"(recall {recall:.2f}), ooit: {self.found}, gem. vertraging {delay:.2f} weken"
        )


def score(
    events: list[Event], surge: np.ndarray, counts: np.ndarray, rows: list[int], weeks: range
) -> Score:
    """Score the events of the given series whose start falls in the given weeks."""
    result = Score()
    chosen = set(rows)
    has_input = counts.sum(axis=1) > 0
    first = np.where(has_input, np.argmax(counts > 0, axis=1), counts.shape[1])
    for row in rows:
        active = sum(1 for week in weeks if week >= first[row])
        result.series_months += active / WEEKS_PER_MONTH
    by_row: dict[int, list[Event]] = defaultdict(list)
    for event in events:
        if event.row in chosen:
            by_row[event.row].append(event)
            if event.start in weeks:
                result.alerts += 1
                result.seasonal += event.seasonal
                result.off_surge += not surge[event.row, event.start]
    for row in rows:
        for start, end in _runs(surge[row]):
            if start not in weeks:
                continue
            result.surges += 1
            hits = [e for e in by_row[row] if e.start <= end and e.end >= start]
            if hits:
                delay = max(0, min(e.start for e in hits) - start)
                result.found += 1
                result.found_first_week += delay == 0
                result.delays.append(delay)
    return result


def _runs(flags: np.ndarray) -> list[tuple[int, int]]:
    runs, start = [], None
    for week, flag in enumerate(flags):
        if flag and start is None:
            start = week
        if not flag and start is not None:
            runs.append((start, week - 1))
            start = None
    if start is not None:
        runs.append((start, len(flags) - 1))
    return runs


def replay(path: Path, tune_until: date, settings: Settings | None = None) -> list[str]:
    """Replay the detector over the file and return the report lines."""
    series = read_weekly_counts(path)
    settings = settings or Settings.from_environment(privacy_threshold=0)
    events = volume_events(series.counts, settings, series.parents())
    surge = surge_weeks(series.counts)
    split = max(0, min(series.weeks, (tune_until - series.first_monday).days // 7 + 1))
    periods = (
        (f"t/m {tune_until.isoformat()} (afstemmen)", range(0, split)),
        (f"na {tune_until.isoformat()} (beoordelen)", range(split, series.weeks)),
    )
    test = (
        f"CUSUM >= {settings.cusum_limit:g} (stijging naar {settings.cusum_shift:g} x)"
        if settings.method == CUSUM
        else f"p <= {settings.alpha:g}"
    )
    theme_rows = [row for row, (_, area) in enumerate(series.keys) if area is None]
    kern_rows = [row for row, (theme, area) in enumerate(series.keys) if theme and area]
    total_rows = [row for row, (theme, _) in enumerate(series.keys) if theme is None]
    lines = [
        f"{len(theme_rows)} categorieën, {len(kern_rows)} categorie x kern-reeksen, "
        f"{len(total_rows)} kernen (alle categorieën samen), "
        f"{series.weeks} weken vanaf {series.first_monday.isoformat()}; methode {settings.method}, "
        f"drempels: {test}, >= {settings.min_ratio:g} x gewoon, "
        f">= {settings.min_excess:g} boven gewoon"
    ]
    groups = group_events(series, events, settings.baseline_weeks)
    for name, weeks in periods:
        lines.append(name)
        themes = score(events, surge, series.counts, theme_rows, weeks)
        lines.append(themes.line("categorie"))
        lines.append(score(events, surge, series.counts, kern_rows, weeks).line("categorie x kern"))
        lines.append(score(events, surge, series.counts, total_rows, weeks).line("kern totaal"))
        lines.append(grouped_line(groups, surge, weeks, themes.series_months))
    return lines


def grouped_line(groups: list[Group], surge: np.ndarray, weeks: range, months: float) -> str:
    """Return the line on alerts as officials see them: one per theme and event."""
    shown = [g for g in groups if g.start in weeks]
    off = sum(1 for g in shown if not any(surge[e.row, e.start] for e in g.events))
    rate = 50 * off / months if months else 0.0
    return (
        f"  zoals getoond (kernen onder hun categorie, één alert per gebeurtenis): {len(shown)} "
        f"alerts, {off} zonder piekweek in de categorie of een kern = {rate:.2f} per 50 "
        "categorie-maanden"
    )
