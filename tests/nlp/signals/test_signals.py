"""Signals: an injected surge is found early, stationary data stays quiet, text is plain Dutch."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.signals import (
    RISING_DISCONTENT,
    RISING_VOLUME,
    Settings,
    Signal,
    detect,
    detect_history,
)

START = date(2026, 1, 5)  # a Monday


def poisson_records(themes=10, areas=4, weeks=30, rate=1.5, share=0.3, seed=0, surge=None):
    """Return records with Poisson weekly counts; `surge` = (theme, first week, factor, share)."""
    rng = np.random.default_rng(seed)
    records = []
    for theme in range(themes):
        for area in range(areas):
            for week in range(weeks):
                weekly_rate, negative_share = rate, share
                if surge and theme == surge[0] and week >= surge[1]:
                    weekly_rate, negative_share = rate * surge[2], surge[3]
                for _ in range(rng.poisson(weekly_rate)):
                    day = START + timedelta(days=7 * week + int(rng.integers(7)))
                    records.append(
                        {
                            "theme": f"t{theme}",
                            "area": f"kern{area}",
                            "created_at": f"{day.isoformat()}T12:00:00Z",
                            "negative": bool(rng.random() < negative_share),
                        }
                    )
    return records


def weekly_replay(records, weeks):
    """Run detect as the app would at the end of every week; return (week, signals) pairs."""
    replay = Settings(lookback_weeks=1)
    return [
        (week, detect(records, now=START + timedelta(weeks=week, days=6), settings=replay))
        for week in range(weeks)
    ]


def test_injected_volume_surge_is_found_within_two_weeks():
    records = poisson_records(surge=(3, 24, 4.0, 0.3), seed=1)
    flagged_weeks = [
        week
        for week, found in weekly_replay(records, 30)
        if any(s.theme == "t3" and s.kind == RISING_VOLUME for s in found)
    ]
    assert flagged_weeks and flagged_weeks[0] in (24, 25)


def test_history_equals_a_weekly_replay():
    """Every alert of the history was raised by the weekly run of the week it started."""
    records = poisson_records(surge=(3, 24, 4.0, 0.8), seed=5)
    replayed = {
        (s.theme, s.area, s.kind, s.period_start)
        for week, found in weekly_replay(records, 30)
        for s in found
        if s.period_start == (START + timedelta(weeks=week)).isoformat()
    }
    history = detect_history(records, now=START + timedelta(weeks=29, days=6))
    assert history
    assert {(s.theme, s.area, s.kind, s.period_start) for s in history} == replayed


def test_rising_share_of_negative_input_is_found():
    records = poisson_records(surge=(2, 24, 1.0, 0.85), seed=2, rate=3.0)
    found = [s for _, signals in weekly_replay(records, 30) for s in signals]
    discontent = [s for s in found if s.kind == RISING_DISCONTENT and s.theme == "t2"]
    assert discontent
    assert min(date.fromisoformat(s.period_start) for s in discontent) <= START + timedelta(
        weeks=25
    )
    assert not [s for s in found if s.kind == RISING_VOLUME and s.theme == "t2"]


def test_stationary_poisson_data_gives_few_false_alarms():
    records = poisson_records(themes=20, areas=5, weeks=52, rate=0.8, seed=3)
    found = [s for _, signals in weekly_replay(records, 52) for s in signals]
    theme_months = 20 * 52 * 7 / 30.44
    assert len(found) <= theme_months / 50  # at most one per 50 theme-months


def test_explanation_gives_the_numbers_in_dutch():
    records = []
    for week in range(16):
        count, negative = (23, 16) if week == 15 else (5, 1)
        for number in range(count):
            records.append(
                {
                    "theme": "wind",
                    "area": None,
                    "created_at": START + timedelta(weeks=week, days=number % 7),
                    "negative": number < negative,
                }
            )
    found = detect(records, labels={"wind": "Windmolens"})
    kinds = {s.kind: s for s in found}
    assert set(kinds) == {RISING_VOLUME, RISING_DISCONTENT}
    volume = kinds[RISING_VOLUME]
    assert volume.period_start == (START + timedelta(weeks=15)).isoformat()
    assert volume.period_end == (START + timedelta(weeks=15, days=6)).isoformat()
    assert volume.area is None
    assert "Windmolens" in volume.explanation
    assert "23 bijdragen" in volume.explanation
    assert "normaal 5 per week" in volume.explanation
    week_number = (START + timedelta(weeks=15)).isocalendar().week
    assert f"week {week_number}" in volume.explanation
    assert "70% negatief" in kinds[RISING_DISCONTENT].explanation
    assert "16 van 23" in kinds[RISING_DISCONTENT].explanation
    assert 0 < volume.p_value <= Settings().alpha
    assert volume.score > 0


def test_small_counts_never_give_a_signal():
    records = [
        {"theme": "t", "area": None, "created_at": START + timedelta(weeks=w), "negative": w == 9}
        for w in range(10)
    ] + [{"theme": "t", "area": None, "created_at": START + timedelta(weeks=9), "negative": True}]
    assert detect(records) == []


def test_missing_bad_and_future_dates_are_left_out():
    good = poisson_records(themes=2, areas=1, weeks=12, seed=4)
    odd = [
        {"theme": "t0", "area": None, "created_at": None, "negative": True},
        {"theme": "t0", "area": None, "created_at": "gisteren", "negative": True},
        {"theme": "t0", "area": None, "created_at": "0001-01-01", "negative": True},
        {"theme": None, "area": None, "created_at": "2026-03-01", "negative": True},
    ] + [{"theme": "t0", "area": None, "created_at": "2999-01-01T00:00:00", "negative": True}] * 50
    now = datetime(2026, 3, 29, 12)
    assert detect(good + odd, now=now) == detect(good, now=now)


@pytest.mark.parametrize("records", [[], [{}], [{"theme": "t"}], [None], ["x"]])
def test_degenerate_records_give_no_signals(records):
    assert detect(records) == []


def test_signal_serialises_to_the_contract_fields():
    signal = Signal("t1", None, "2026-11-23", "2026-11-29", RISING_VOLUME, 2.0, 0.001, "x")
    assert set(signal.to_dict()) == {
        "theme",
        "area",
        "period_start",
        "period_end",
        "kind",
        "score",
        "p_value",
        "explanation",
    }


record = st.fixed_dictionaries(
    {
        "theme": st.one_of(st.none(), st.sampled_from(["a", "b", ""]), st.integers()),
        "area": st.one_of(st.none(), st.sampled_from(["x", "y", ""])),
        "created_at": st.one_of(
            st.none(),
            st.text(max_size=12),
            st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1)).map(str),
            st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 1, 1)),
        ),
        "negative": st.one_of(st.booleans(), st.none(), st.integers(-1, 2)),
    }
)


@settings(max_examples=40, deadline=None)
@given(st.lists(record, max_size=60))
def test_detect_never_crashes(records):
    found = detect(records, now=date(2026, 6, 1))
    assert all(s.kind in (RISING_VOLUME, RISING_DISCONTENT) for s in found)
