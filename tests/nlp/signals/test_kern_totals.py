"""A kern's rise over all its input: found when it spreads over themes, one alert per event."""

from __future__ import annotations

from datetime import date, timedelta

from nlp.signals import detect, detect_history
from nlp.signals.replay import replay
from nlp.signals.settings import Settings
from tests.nlp.signals.test_replay import EXCERPT, START, records_from_weeks

KERN = "Oosterwolde-Vaart"
THEMES = ["opvang", "raad", "wegen", "windpark", "school"]
LABELS = {"opvang": "Opvang", "raad": "Gemeenteraad", "wegen": "Wegen"}


def spread_surge(weeks: int, extra: dict[int, dict[str, int]]) -> list[dict]:
    """Five themes at 1 a week in the kern and 4 a week elsewhere, plus extra texts per week.

    `extra` maps a week to extra texts per theme in the kern.
    """
    series: dict[tuple[str, str | None], list[int]] = {}
    for theme in THEMES:
        kern = [1] * weeks
        for week, added in extra.items():
            kern[week] += added.get(theme, 0)
        series[(theme, KERN)] = kern
        series[(theme, "Holtum")] = [4] * weeks
    return records_from_weeks(series)


#: Week 22: 16 extra texts in the kern (5 to 21), spread so that no theme, and no theme in
#: the kern, passes the floor (the asylum theme goes from 5 to 11 a week, 2.2 x).
FIRST_WEEK = {"opvang": 6, "raad": 4, "wegen": 3, "windpark": 2, "school": 1}


def test_a_kern_rise_spread_over_themes_is_found_in_its_first_week():
    records = spread_surge(26, {22: FIRST_WEEK})
    [alert] = detect_history(records, labels=LABELS)
    assert alert.period_start == (START + timedelta(weeks=22)).isoformat()
    assert alert.whole_kern and alert.area == KERN and alert.theme == "opvang"
    assert alert.themes == ("opvang", "raad", "wegen")  # 2 and 1 extra: under a quarter of 6
    assert alert.explanation.startswith(
        "Meer bijdragen uit Oosterwolde-Vaart, vooral over de thema's 'Opvang', "
        "'Gemeenteraad' en 'Wegen': 21 bijdragen in week 23 (3 juni 2024 t/m 9 juni 2024), "
        "normaal 5 per week."
    )
    themes_only = [r for r in records if r["area"] != KERN]
    assert detect_history(themes_only) == []  # without the kern's total, nothing is found


def test_input_without_a_theme_counts_in_its_kern():
    records = spread_surge(26, {})
    day = START + timedelta(weeks=22)
    records += [{"theme": None, "area": KERN, "created_at": day, "negative": True}] * 16
    [alert] = detect_history(records)
    assert alert.whole_kern and alert.themes == () and alert.theme == ""
    assert alert.explanation.startswith("Meer bijdragen uit Oosterwolde-Vaart: 21 bijdragen")


def test_the_theme_alert_that_follows_joins_the_kern_rise_as_one_alert():
    records = spread_surge(26, {22: FIRST_WEEK, 23: {"opvang": 19, "raad": 3}})
    [alert] = detect_history(records, labels=LABELS)
    assert alert.period_start == (START + timedelta(weeks=22)).isoformat()
    assert alert.period_end == (START + timedelta(weeks=23, days=6)).isoformat()
    assert not alert.whole_kern and alert.theme == "opvang" and alert.area is None
    assert alert.areas == (KERN,)
    assert alert.explanation.startswith("Thema 'Opvang', vooral in Oosterwolde-Vaart: ")
    # Run week by week, as the app does: the kern's alert, then the same event grown.
    first_week_end = START + timedelta(weeks=22, days=6)
    [early] = detect(records, now=first_week_end, labels=LABELS)
    assert early.whole_kern and early.period_start == alert.period_start


def test_a_kern_total_does_not_alarm_on_its_usual_seasonal_level():
    weeks = 52 * 2 + 30
    extra = {year * 52 + 26: FIRST_WEEK for year in range(3)}  # the same week every year
    found = detect_history(spread_surge(weeks, extra))
    kern_alerts = [s for s in found if s.area == KERN or KERN in s.areas]
    assert [date.fromisoformat(s.period_start).year for s in kern_alerts] == [2024]
    assert kern_alerts[0].whole_kern


def test_a_kern_rise_inside_a_theme_surge_adds_no_alert():
    # The whole theme surges in every kern (fireworks at New Year): one alert, the theme's.
    series = {(theme, kern): [3] * 30 for theme in THEMES[:2] for kern in (KERN, "Holtum")}
    for kern in (KERN, "Holtum"):
        series[("opvang", kern)][26] = 30
    [alert] = detect_history(records_from_weeks(series))
    assert alert.theme == "opvang" and not alert.whole_kern
    assert set(alert.areas) == {KERN, "Holtum"}


def test_the_replay_reports_the_kern_totals():
    lines = replay(EXCERPT, date(2021, 12, 31), Settings(privacy_threshold=0))
    assert "kernen (alle categorieën samen)" in lines[0]
    assert sum(line.startswith("  kern totaal:") for line in lines) == 2
