"""Early warning: rising volume and rising discontent per theme and per area (kern).

Weekly counts (ISO weeks, Monday to Sunday) per theme, and per theme and area, are
tested against the series' own trailing baseline:

- ``rising_volume``: the week's count against a gamma-Poisson (negative binomial)
  predictive from the trailing weeks, widened by their over-dispersion;
- ``rising_discontent``: the week's number of negative texts against a beta-binomial
  predictive from the trailing share of negative texts.

All tests of one run are corrected together with Benjamini-Hochberg.

Explanations are written from the numbers of the test, and every count below the privacy
threshold is written as "< 5" (``Settings.privacy_threshold``): the text never holds a count
of fewer people than the threshold, and neither does the share of such a small week.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
from scipy import stats

MAX_WEEKS = 520
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_BASELINE_TEXTS = 60
RISING_VOLUME = "rising_volume"
RISING_DISCONTENT = "rising_discontent"
MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]


@dataclass(frozen=True)
class Signal:
    """One warning: what rose, where, when, how surely, and why in plain Dutch."""

    theme: str
    area: str | None
    period_start: str
    period_end: str
    kind: str
    score: float
    p_value: float
    explanation: str

    def to_dict(self) -> dict[str, Any]:
        """Return the signal as JSON-able data."""
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


@dataclass(frozen=True)
class Settings:
    """Tuning of the tests; the defaults keep false alarms rare on real, bursty input."""

    baseline_weeks: int = 8  #: trailing weeks that make the baseline
    min_history_weeks: int = 4  #: weeks of data needed before a week can be tested
    lookback_weeks: int | None = 2  #: most recent weeks tested (None: every week)
    min_count: int = 5  #: fewest texts in a week for any signal
    min_ratio: float = 1.5  #: a week must be at least this far above the baseline
    false_discovery_rate: float = 0.05  #: Benjamini-Hochberg level over all tests of a run
    privacy_threshold: int = 5  #: counts below this read "< 5" in explanations (0: show all)


@dataclass
class _Series:
    keys: list[tuple[str, str | None]]
    counts: np.ndarray  # series x weeks
    negatives: np.ndarray  # series x weeks
    first_monday: date


def detect(
    records: Iterable[Any],
    *,
    now: datetime | date | str | None = None,
    labels: Mapping[str, str] | None = None,
    settings: Settings | None = None,
) -> list[Signal]:
    """Return the signals of the most recent weeks, strongest first.

    Records are mappings or objects with ``theme``, ``area``, ``created_at`` and
    ``negative``. Records without a theme, without a readable date, dated after
    ``now`` (default: the current time) or more than ten years before it are left out.
    Without ``now`` the most recent weeks are those up to the latest record.
    """
    settings = settings or Settings()
    cutoff = _as_date(now) if now is not None else datetime.now(UTC).date()
    if cutoff is None:
        return []
    series = _weekly_series(records, cutoff, through_cutoff=now is not None)
    if series is None:
        return []
    last_week = series.counts.shape[1] - 1
    first_tested = max(settings.min_history_weeks, 0)
    if settings.lookback_weeks is not None:
        first_tested = max(first_tested, last_week - settings.lookback_weeks + 1)
    if first_tested > last_week:
        return []
    signals = _test_weeks(series, np.arange(first_tested, last_week + 1), settings, labels)
    signals.sort(key=lambda s: (-s.score, s.theme, s.area or "", s.kind))
    return signals


def detect_history(
    records: Iterable[Any],
    *,
    now: datetime | date | str | None = None,
    labels: Mapping[str, str] | None = None,
    settings: Settings | None = None,
) -> list[Signal]:
    """Return the signals a weekly run would have raised over the whole period, by week.

    Every week with enough history is tested on its own, with its own correction, exactly
    as `detect` run at the end of that week with ``lookback_weeks=1`` would.
    """
    settings = settings or Settings()
    cutoff = _as_date(now) if now is not None else datetime.now(UTC).date()
    if cutoff is None:
        return []
    series = _weekly_series(records, cutoff, through_cutoff=now is not None)
    if series is None:
        return []
    signals: list[Signal] = []
    for week in range(settings.min_history_weeks, series.counts.shape[1]):
        found = _test_weeks(series, np.array([week]), settings, labels)
        signals.extend(sorted(found, key=lambda s: (-s.score, s.theme, s.area or "", s.kind)))
    return signals


def _test_weeks(
    series: _Series, tested: np.ndarray, settings: Settings, labels: Mapping[str, str] | None
) -> list[Signal]:
    """Test the given weeks of every series as one family and return the signals."""
    volume = _volume_tests(series, tested, settings)
    discontent = _discontent_tests(series, tested, settings)
    p_values = np.concatenate([volume["p"].ravel(), discontent["p"].ravel()])
    # Every test of an active series counts in the correction, also those that cannot
    # flag (p = 1): leaving out tests because of their outcome would void the FDR control.
    counted = np.concatenate([volume["counted"].ravel(), discontent["counted"].ravel()])
    whole_theme = np.array([area is None for _, area in series.keys])
    whole_theme = np.tile(np.repeat(whole_theme, len(tested)), 2)
    adjusted = np.ones_like(p_values)
    adjusted[counted] = benjamini_hochberg(p_values[counted], family_weights(whole_theme[counted]))
    flagged = np.flatnonzero(counted & (adjusted <= settings.false_discovery_rate))
    size = volume["p"].size
    signals = []
    for flat in flagged:
        kind = RISING_VOLUME if flat < size else RISING_DISCONTENT
        tests = volume if kind == RISING_VOLUME else discontent
        row, column = np.unravel_index(flat % size, volume["p"].shape)
        signals.append(
            _signal(
                series,
                tests,
                kind,
                int(row),
                int(tested[column]),
                int(column),
                float(p_values[flat]),
                float(adjusted[flat]),
                labels,
                settings.privacy_threshold,
            )
        )
    return signals


def family_weights(whole_theme: np.ndarray) -> np.ndarray:
    """Give the tests of whole themes and of theme x area half the error budget each.

    Weights average 1, as weighted Benjamini-Hochberg requires (Genovese et al., 2006);
    without them the many small area series would drown the theme totals.
    """
    count = len(whole_theme)
    themes = int(whole_theme.sum())
    if themes in (0, count):
        return np.ones(count)
    return np.where(whole_theme, count / (2 * themes), count / (2 * (count - themes)))


def benjamini_hochberg(p_values: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    """Return (weighted) Benjamini-Hochberg adjusted p-values in the input order."""
    count = len(p_values)
    if count == 0:
        return p_values
    if weights is not None:
        p_values = np.minimum(p_values / weights, 1.0)
    order = np.argsort(p_values)
    ranked = p_values[order] * count / np.arange(1, count + 1)
    ranked = np.minimum.accumulate(ranked[::-1])[::-1]
    adjusted = np.empty(count)
    adjusted[order] = np.clip(ranked, 0, 1)
    return adjusted


def _weekly_series(records: Iterable[Any], cutoff: date, *, through_cutoff: bool) -> _Series | None:
    index: dict[tuple[str, str | None], int] = {}
    rows: list[int] = []
    days: list[int] = []
    negative: list[bool] = []
    low, high = (cutoff - timedelta(weeks=MAX_WEEKS)).toordinal(), cutoff.toordinal()
    cache: dict[str, int] = {}
    for record in records:
        get = record.get if isinstance(record, dict) else _getter(record)
        theme = get("theme")
        if theme is None or theme == "":
            continue
        day = _ordinal(get("created_at"), cache)
        if day is None or not low <= day <= high:
            continue
        theme = str(theme)
        area = get("area")
        is_negative = bool(get("negative"))
        rows.append(index.setdefault((theme, None), len(index)))
        days.append(day)
        negative.append(is_negative)
        if area is not None and area != "":
            rows.append(index.setdefault((theme, str(area)), len(index)))
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
    negatives = negatives.reshape(shape).astype(np.int64)
    return _Series(list(index), counts, negatives, first_monday)


def _trailing(matrix: np.ndarray, tested: np.ndarray, window: int) -> tuple[np.ndarray, ...]:
    """Return per series and tested week the sum, sum of squares and number of trailing weeks."""
    values = matrix.astype(np.float64)
    padded = np.concatenate([np.zeros((len(values), 1)), np.cumsum(values, axis=1)], axis=1)
    squares = np.concatenate([np.zeros((len(values), 1)), np.cumsum(values**2, axis=1)], axis=1)
    start = np.maximum(tested - window, 0)
    total = padded[:, tested] - padded[:, start]
    total_squares = squares[:, tested] - squares[:, start]
    return total, total_squares, (tested - start).astype(np.float64)


def _volume_tests(series: _Series, tested: np.ndarray, settings: Settings) -> dict[str, Any]:
    observed = series.counts[:, tested]
    total, total_squares, weeks = _trailing(series.counts, tested, settings.baseline_weeks)
    mean = total / weeks
    variance = np.maximum(total_squares / weeks - mean**2, 0)
    # Over-dispersion beyond Poisson, less two standard errors of its estimate under Poisson,
    # so that noise in a short baseline does not hide a real surge.
    noise = 2 * np.sqrt(2 / np.maximum(weeks - 1, 1))
    dispersion = np.maximum(1.0, variance / np.maximum(mean, 0.5) - noise)
    shape = 0.5 + total / dispersion  # gamma posterior of the weekly rate (Jeffreys prior)
    rate = weeks / dispersion
    expected = shape / rate
    p = stats.nbinom.sf(observed - 1, shape, rate / (rate + 1))
    counted = (total + observed) > 0  # active series: input in the week or its baseline
    eligible = (observed >= settings.min_count) & (observed >= settings.min_ratio * expected)
    low, high = _typical_range(series.counts, tested, settings.baseline_weeks)
    return {
        "p": np.where(eligible, p, 1.0),
        "counted": counted,
        "observed": observed,
        "expected": expected,
        "low": low,
        "high": high,
    }


def _discontent_tests(series: _Series, tested: np.ndarray, settings: Settings) -> dict[str, Any]:
    observed = series.negatives[:, tested]
    week_total = series.counts[:, tested]
    base_negative, _, _ = _trailing(series.negatives, tested, settings.baseline_weeks)
    base_total, _, _ = _trailing(series.counts, tested, settings.baseline_weeks)
    alpha = 0.5 + base_negative
    beta = 0.5 + base_total - base_negative
    # The share drifts from week to week: trust the baseline as at most 60 texts.
    shrink = np.minimum(1.0, MAX_BASELINE_TEXTS / (alpha + beta))
    alpha, beta = alpha * shrink, beta * shrink
    baseline_share = alpha / (alpha + beta)
    share = np.divide(observed, week_total, out=np.zeros(observed.shape), where=week_total > 0)
    p = stats.betabinom.sf(observed - 1, week_total, alpha, beta)
    counted = (week_total >= settings.min_count) & (base_total >= settings.min_count)
    eligible = (
        counted
        & (observed >= settings.min_count // 2 + 1)
        & (share >= np.minimum(settings.min_ratio * baseline_share, baseline_share + 0.25))
    )
    return {
        "p": np.where(eligible, p, 1.0),
        "counted": counted,
        "observed": observed,
        "total": week_total,
        "share": share,
        "baseline_share": baseline_share,
    }


def _typical_range(counts: np.ndarray, tested: np.ndarray, window: int) -> tuple[np.ndarray, ...]:
    """Return the 20th and 80th percentile of the trailing weekly counts."""
    low = np.zeros((len(counts), len(tested)))
    high = np.zeros_like(low)
    for column, week in enumerate(tested):
        trailing = counts[:, max(week - window, 0) : week]
        if trailing.shape[1]:
            low[:, column], high[:, column] = np.percentile(trailing, [20, 80], axis=1)
    return low, high


def _signal(series, tests, kind, row, week, column, p_value, adjusted, labels, threshold) -> Signal:
    theme, area = series.keys[row]
    start = series.first_monday + timedelta(weeks=week)
    end = start + timedelta(days=6)
    where = f"Thema '{labels.get(theme, theme)}'" if labels else f"Thema {theme}"
    if area is not None:
        where += f" in {area}"
    period = f"week {start.isocalendar().week} ({_dutch_date(start)} t/m {_dutch_date(end)})"
    if kind == RISING_VOLUME:
        text = volume_explanation(
            where,
            period,
            count=int(tests["observed"][row, column]),
            usual_low=math.floor(tests["low"][row, column]),
            usual_high=math.ceil(tests["high"][row, column]),
            threshold=threshold,
        )
    else:
        text = discontent_explanation(
            where,
            period,
            negative=int(tests["observed"][row, column]),
            total=int(tests["total"][row, column]),
            share=round(100 * tests["share"][row, column]),
            usual_share=round(100 * tests["baseline_share"][row, column]),
            threshold=threshold,
        )
    score = round(min(-math.log10(max(adjusted, 1e-300)), 300.0), 3)
    return Signal(theme, area, start.isoformat(), end.isoformat(), kind, score, p_value, text)


def shown_count(count: int, threshold: int) -> str:
    """Return a count as explanations write it: "< 5" when below the privacy threshold."""
    return f"< {threshold}" if count < threshold else str(count)


def usual_range(low: int, high: int, threshold: int) -> str:
    """Return the usual weekly count ("4–7"), hiding the bounds below the privacy threshold."""
    if high < threshold:
        return f"< {threshold}"
    if low < threshold:
        return f"tot {high}"
    return f"{low}" if low == high else f"{low}–{high}"


def volume_explanation(
    where: str, period: str, *, count: int, usual_low: int, usual_high: int, threshold: int
) -> str:
    """Return the plain-Dutch explanation of a rising-volume signal."""
    return (
        f"{where}: {shown_count(count, threshold)} bijdragen in {period}, "
        f"normaal {usual_range(usual_low, usual_high, threshold)} per week."
    )


def discontent_explanation(
    where: str,
    period: str,
    *,
    negative: int,
    total: int,
    share: int,
    usual_share: int,
    threshold: int,
) -> str:
    """Return the plain-Dutch explanation of a rising-discontent signal.

    The week's share is left out when the week, or its negative part, is smaller than the
    threshold: a share next to a hidden count gives that count away (60% of 5 is 3).
    """
    if total < threshold:
        return (
            f"{where}: meer negatieve bijdragen in {period} ({shown_count(total, threshold)} "
            f"bijdragen), normaal {usual_share}% negatief."
        )
    if negative < threshold:
        return (
            f"{where}: meer negatieve bijdragen in {period} ({shown_count(negative, threshold)} "
            f"van {total} bijdragen), normaal {usual_share}% negatief."
        )
    return (
        f"{where}: {share}% negatief in {period} ({shown_count(negative, threshold)} van "
        f"{total} bijdragen), normaal {usual_share}%."
    )


def _dutch_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


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
        day = _as_date(value)
        if day is None:
            return None
        if ISO_DAY.match(value):
            cache[prefix] = day.toordinal()
        return day.toordinal()
    day = _as_date(value)
    return day.toordinal() if day else None


def _as_date(value: Any) -> date | None:
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
