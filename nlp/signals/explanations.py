"""Plain-Dutch explanations of alerts, with every count below the privacy threshold as "< 5".

The text never holds a count of fewer people than the threshold, and neither does the share
of such a small week. `dialogue.signals.privacy` knows these sentences and masks stored texts
again; keep both in step (tests/signals/test_signal_privacy.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

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


def where_text(label: str, area: str | None, areas: Sequence[str]) -> str:
    """Return who the alert is about: "Thema 'Afval' in Rijnsburg" or "…, vooral in A en B"."""
    if area is not None:
        return f"Thema '{label}' in {area}"
    if not areas:
        return f"Thema '{label}'"
    return f"Thema '{label}', vooral in {join_names(areas[:3])}"


def kern_where(kern: str, themes: Sequence[str]) -> str:
    """Return who a kern's rise over all its input is about, with the themes that carry it.

    "Meer bijdragen uit Rijnsburg", "…, vooral over het thema 'Afval'" or "…, vooral over de
    thema's 'Afval' en 'Groen'".
    """
    if not themes:
        return f"Meer bijdragen uit {kern}"
    quoted = [f"'{theme}'" for theme in themes[:3]]
    if len(quoted) == 1:
        return f"Meer bijdragen uit {kern}, vooral over het thema {quoted[0]}"
    return f"Meer bijdragen uit {kern}, vooral over de thema's {join_names(quoted)}"


def join_names(names: Sequence[str]) -> str:
    """Join names the Dutch way: "A", "A en B", "A, B en C"."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} en {names[-1]}"


def period_text(start: date, weeks: int) -> str:
    """Return "week 48 (23 november 2026 t/m 29 november 2026)", or "week 48 t/m 50 (…)"."""
    end = start + timedelta(weeks=weeks, days=-1)
    first = start.isocalendar().week
    last = (end - timedelta(days=6)).isocalendar().week
    numbers = f"week {first}" if weeks == 1 else f"week {first} t/m {last}"
    return f"{numbers} ({dutch_date(start)} t/m {dutch_date(end)})"


def seasonal_text(start: date) -> str:
    """Return the sentence that marks a rise that comes back every year."""
    return f" Zoals elk jaar rond {start.day} {MONTHS[start.month - 1]}."


def dutch_date(day: date) -> str:
    """Return "23 november 2026"."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
