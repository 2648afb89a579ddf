"""The report's chart is drawn once per consultation and data, and drawn again when either changes."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from dialogue.exports import charts
from dialogue.exports.charts import CHART_CACHE_SIZE, clear_chart_cache, weekly_volume_chart


@pytest.fixture(autouse=True)
def empty_cache():
    clear_chart_cache()
    yield
    clear_chart_cache()


def _summary(consultation_id: int, label: str = "Parkeren", counts=(6, 8, 7, 9)) -> SimpleNamespace:
    weeks = [date(2026, 9, 7) + timedelta(weeks=n) for n in range(len(counts))]
    themes = [SimpleNamespace(label=label, weekly=list(counts))]
    consultation = SimpleNamespace(id=consultation_id)
    return SimpleNamespace(consultation=consultation, themes=themes, weeks=weeks, threshold=5)


def test_the_same_data_is_drawn_once():
    first = weekly_volume_chart(_summary(1))
    again = weekly_volume_chart(_summary(1))

    assert again is first


def test_new_input_draws_the_chart_again():
    before = weekly_volume_chart(_summary(1, counts=(6, 8, 7, 9)))
    after = weekly_volume_chart(_summary(1, counts=(6, 8, 7, 10)))

    assert after is not before and after.svg != before.svg


def test_another_consultation_never_gets_this_ones_chart():
    ours = weekly_volume_chart(_summary(1, label="Parkeren"))
    theirs = weekly_volume_chart(_summary(2, label="Zwembad"))
    same_data_elsewhere = weekly_volume_chart(_summary(3, label="Parkeren"))

    assert theirs.svg != ours.svg
    assert weekly_volume_chart(_summary(2, label="Zwembad")) is theirs
    assert same_data_elsewhere is not ours


def test_the_cache_keeps_only_the_latest_charts(monkeypatch):
    monkeypatch.setattr(charts, "CHART_CACHE_SIZE", 2)
    first = weekly_volume_chart(_summary(1))
    weekly_volume_chart(_summary(2))
    weekly_volume_chart(_summary(3))

    assert len(charts._cache) == 2 and CHART_CACHE_SIZE > 2
    assert weekly_volume_chart(_summary(1)) is not first
