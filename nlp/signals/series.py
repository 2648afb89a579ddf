"""Weekly series: records (theme, area, date, negative) to counts per ISO week.

One series per theme (all areas, area None), one per theme x area (kern), and one per kern
over all its input (theme None: every record of the kern, with a theme or without one). Weeks
run Monday to Sunday; week 0 is the week of the first record.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np

MAX_WEEKS = 520  #: records more than ten years before the cut-off are left out
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass
class WeeklySeries:
    """Weekly counts of texts and of negative texts, one row per (theme, area) series.

    A key (None, kern) is the kern's total: all its input, whatever the theme.
    """

    keys: list[tuple[str | None, str | None]]
    counts: np.ndarray  # series x weeks
    negatives: np.ndarray  # series x weeks
    first_monday: date

    @property
    def weeks(self) -> int:
        """The number of weeks in the series."""
        return int(self.counts.shape[1])

    def parents(self) -> np.ndarray:
        """Return, per series, the row of its theme (its own row for a theme)."""
        rows = {key: row for row, key in enumerate(self.keys)}
        return np.array([rows.get((theme, None), row) for row, (theme, _) in enumerate(self.keys)])

    def is_kern_total(self) -> np.ndarray:
        """Return, per series, whether it is a kern's total over all themes."""
        return np.array([theme is None for theme, _ in self.keys], dtype=bool)

    def monday(self, week: int) -> date:
        """Return the Monday that starts the given week."""
        return self.first_monday + timedelta(weeks=week)


def weekly_series(
    records: Iterable[Any], cutoff: date, *, through_cutoff: bool
) -> WeeklySeries | None:
    """Count the records per series and week; None when no record has a theme or kern and a date.

    Records without a readable date, after ``cutoff`` or more than ten years before it are
    left out; records without a theme count only in their kern's total. With ``through_cutoff`` the last week is the week of ``cutoff``,
    otherwise the week of the latest record.
    """
    index: dict[tuple[str | None, str | None], int] = {}
    rows: list[int] = []
    days: list[int] = []
    negative: list[bool] = []
    low, high = (cutoff - timedelta(weeks=MAX_WEEKS)).toordinal(), cutoff.toordinal()
    cache: dict[str, int] = {}
    for record in records:
        get = record.get if isinstance(record, dict) else _getter(record)
        theme, area = get("theme"), get("area")
        keys = []
        if theme is not None and theme != "":
            keys.append((str(theme), None))
            if area is not None and area != "":
                keys.append((str(theme), str(area)))
        if area is not None and area != "":
            keys.append((None, str(area)))
        if not keys:
            continue
        day = _ordinal(get("created_at"), cache)
        if day is None or not low <= day <= high:
            continue
        is_negative = bool(get("negative"))
        for key in keys:
            rows.append(index.setdefault(key, len(index)))
            days.append(day)
            negative.append(is_negative)
    if not rows:
        return None
    day_numbers = np.asarray(days)
    first = date.fromordinal(int(day_numbers.min()))
    first_monday = first - timedelta(days=first.weekday())
    week = (day_numbers - first_monday.toordinal()) // 7
    weeks = int(week.max()) + 1
    if through_cutoff:
        weeks = (cutoff - first_monday).days // 7 + 1
    flat = np.asarray(rows) * weeks + week
    shape = (len(index), weeks)
    counts = np.bincount(flat, minlength=shape[0] * weeks).reshape(shape)
    weights = np.asarray(negative, dtype=float)
    negatives = np.bincount(flat, weights=weights, minlength=shape[0] * weeks)
    return WeeklySeries(
        list(index), counts, negatives.reshape(shape).astype(np.int64), first_monday
    )


def _getter(record: Any):
    if isinstance(record, Mapping):
        return record.get
    return lambda name: getattr(record, name, None)


def _ordinal(value: Any, cache: dict[str, int]) -> int | None:
    """Return the day number of a date value, caching ISO strings by their date part."""
    if isinstance(value, str):
        prefix = value[:10]
        hit = cache.get(prefix)
        if hit is not None:
            return hit
        day = as_date(value)
        if day is None:
            return None
        if ISO_DAY.match(value):
            cache[prefix] = day.toordinal()
        return day.toordinal()
    day = as_date(value)
    return day.toordinal() if day else None


def as_date(value: Any) -> date | None:
    """Return the calendar date of a datetime, date or ISO-8601 string; None if unreadable."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if ISO_DAY.match(text):  # the date as written, whatever the time zone after it
            return _day(text[:10])
        if text:
            try:
                return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
            except ValueError:
                return None
    return None


@functools.lru_cache(maxsize=8192)
def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
