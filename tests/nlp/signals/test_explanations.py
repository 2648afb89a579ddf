"""Signal explanations: counts below the privacy threshold are written "< 5", others as is."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from nlp.signals import (
    RISING_DISCONTENT,
    RISING_VOLUME,
    Settings,
    detect,
    discontent_explanation,
    shown_count,
    usual_range,
    volume_explanation,
)

START = date(2026, 1, 5)  # a Monday
WHERE = "Thema 'Opvang'"
PERIOD = "week 46 (9 november 2026 t/m 15 november 2026)"
#: A count of 0 to 4 in an explanation: "3 bijdragen", "3 van 6", "normaal 0–2 per week".
SMALL_COUNT = re.compile(r"(?<!< )\b[0-4] (?:bijdragen|van)\b|normaal [0-4](?:–[0-4])? per week")


@pytest.mark.parametrize("count", range(5))
def test_counts_below_the_threshold_are_hidden(count):
    assert shown_count(count, 5) == "< 5"


@pytest.mark.parametrize("count", [5, 6, 12, 140])
def test_counts_at_or_above_the_threshold_are_shown(count):
    assert shown_count(count, 5) == str(count)


def test_usual_range_hides_small_bounds():
    assert usual_range(0, 1, 5) == "< 5"
    assert usual_range(4, 4, 5) == "< 5"
    assert usual_range(2, 8, 5) == "tot 8"
    assert usual_range(5, 5, 5) == "5"
    assert usual_range(5, 12, 5) == "5–12"
    assert usual_range(2, 8, 0) == "2–8"


def test_volume_explanation_reads_as_plain_dutch():
    text = volume_explanation(WHERE, PERIOD, count=18, usual_low=0, usual_high=1, threshold=5)
    assert text == f"{WHERE}: 18 bijdragen in {PERIOD}, normaal < 5 per week."
    text = volume_explanation(WHERE, PERIOD, count=7, usual_low=2, usual_high=3, threshold=10)
    assert text == f"{WHERE}: < 10 bijdragen in {PERIOD}, normaal < 10 per week."


def test_discontent_explanation_hides_the_small_count_and_the_share_that_reveals_it():
    text = discontent_explanation(
        WHERE, PERIOD, negative=3, total=5, share=60, usual_share=20, threshold=5
    )
    # "60% of 5" would give the hidden 3 away: the share goes too.
    assert text == (
        f"{WHERE}: meer negatieve bijdragen in {PERIOD} (< 5 van 5 bijdragen), normaal 20% negatief."
    )
    text = discontent_explanation(
        WHERE, PERIOD, negative=16, total=23, share=70, usual_share=30, threshold=5
    )
    assert text == f"{WHERE}: 70% negatief in {PERIOD} (16 van 23 bijdragen), normaal 30%."


def test_discontent_of_a_small_week_gives_no_share():
    text = discontent_explanation(
        WHERE, PERIOD, negative=3, total=6, share=50, usual_share=20, threshold=10
    )
    assert (
        text
        == f"{WHERE}: meer negatieve bijdragen in {PERIOD} (< 10 bijdragen), normaal 20% negatief."
    )
    assert "50%" not in text


def small_signal_records() -> list[dict]:
    """Six a week, none negative, then four of six negative; one a week, then twelve.

    Sixteen weeks: a series alarms only after 13 weeks of history.
    """
    records = []
    for week in range(16):
        last = week == 15
        for number in range(6):
            records.append(
                {
                    "theme": "opvang",
                    "area": "Holtum",
                    "created_at": START + timedelta(weeks=week, days=number % 7),
                    "negative": last and number < 4,
                }
            )
        for number in range(12 if last else 1):
            records.append(
                {
                    "theme": "parkeren",
                    "area": None,
                    "created_at": START + timedelta(weeks=week, days=number % 7),
                    "negative": False,
                }
            )
    return records


def test_detected_signals_show_no_count_below_the_threshold():
    found = detect(small_signal_records(), labels={"opvang": "Opvang", "parkeren": "Parkeren"})
    kinds = {(s.theme, s.area, s.kind): s.explanation for s in found}
    # The kern's rise is grouped under its theme, and named there.
    assert "vooral in Holtum" in kinds[("opvang", None, RISING_DISCONTENT)]
    assert "(< 5 van 6 bijdragen)" in kinds[("opvang", None, RISING_DISCONTENT)]
    assert "12 bijdragen" in kinds[("parkeren", None, RISING_VOLUME)]
    assert "normaal < 5 per week" in kinds[("parkeren", None, RISING_VOLUME)]
    assert not [text for text in kinds.values() if SMALL_COUNT.search(text)]


def test_threshold_zero_shows_every_count():
    found = detect(small_signal_records(), settings=Settings(privacy_threshold=0))
    texts = " ".join(s.explanation for s in found)
    assert "(4 van 6 bijdragen)" in texts and "normaal 1 per week" in texts


def test_a_higher_threshold_hides_more():
    found = detect(small_signal_records(), settings=Settings(privacy_threshold=10))
    texts = {s.kind: s.explanation for s in found if s.area is None}
    # A week of six texts is below the threshold: its share of negative input is not judged.
    assert RISING_DISCONTENT not in texts
    assert "12 bijdragen" in texts[RISING_VOLUME] and "< 10 per week" in texts[RISING_VOLUME]
