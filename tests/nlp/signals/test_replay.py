"""The early warning on real series: replay, one alert per event, history, seasons, budget."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest

from nlp.__main__ import main
from nlp.evaluate import evaluate_file
from nlp.signals import RISING_VOLUME, Settings, detect, detect_history
from nlp.signals.replay import read_weekly_counts, replay, surge_weeks
from nlp.signals.tests import volume_events

EXCERPT = Path(__file__).parents[2] / "data" / "katwijk_weekly_excerpt.csv"
START = date(2024, 1, 1)  # a Monday


def records_from_weeks(series: dict[tuple[str, str | None], list[int]]) -> list[dict]:
    """Return one record per text for weekly counts per (theme, kern)."""
    records = []
    for (theme, area), counts in series.items():
        for week, count in enumerate(counts):
            day = START + timedelta(weeks=week)
            records += [
                {"theme": theme, "area": area, "created_at": day, "negative": False}
            ] * count
    return records


def steady(weeks: int, level: int = 6, seed: int = 0) -> list[int]:
    return list(np.random.default_rng(seed).poisson(level, size=weeks))


def test_replay_of_a_real_excerpt_finds_the_new_year_surges_in_their_first_week():
    series = read_weekly_counts(EXCERPT)
    vuurwerk = series.keys.index(("Vuurwerkoverlast", None))
    new_year = series.monday(int(np.argmax(series.counts[vuurwerk])))
    assert (new_year.month, new_year.year) in ((12, 2021), (1, 2022))
    events = volume_events(series.counts, Settings(privacy_threshold=0), series.parents())
    surge = surge_weeks(series.counts)
    starts = [series.monday(e.start) for e in events if e.row == vuurwerk and surge[e.row, e.start]]
    assert any(abs((start - date(2022, 12, 26)).days) <= 7 for start in starts)
    lines = replay(EXCERPT, date(2021, 12, 31), Settings(privacy_threshold=0))
    judged = lines[lines.index(next(line for line in lines if line.startswith("na"))) + 1]
    assert "recall 1.00" in judged


def test_the_command_prints_both_periods(capsys):
    assert main(["evaluate-signals", str(EXCERPT), "--tune-until", "2021-12-31"]) == 0
    out = capsys.readouterr().out
    assert "t/m 2021-12-31 (afstemmen)" in out and "na 2021-12-31 (beoordelen)" in out
    assert "per 50 reeks-maanden" in out


def test_a_bad_file_gives_a_dutch_error(tmp_path, capsys):
    bad = tmp_path / "weekly.csv"
    bad.write_text("week,aantal\n2024-01-01,3\n", encoding="utf-8")
    assert main(["evaluate-signals", str(bad)]) == 2
    assert "mist een van de kolommen" in capsys.readouterr().err


def test_kern_alerts_are_grouped_under_their_theme():
    weeks = 30
    series = {("afval", None): [0] * weeks}
    for number, kern in enumerate(["Rijnsburg", "Valkenburg", "Holtum"]):
        counts = steady(weeks, 4, seed=number)
        if kern != "Holtum":
            counts[26] = 30 if kern == "Rijnsburg" else 20
        series[("afval", kern)] = counts
    series[("afval", None)] = [sum(c[w] for k, c in series.items() if k[1]) for w in range(weeks)]
    found = detect_history(records_from_weeks(series), labels={"afval": "Afval"})
    assert len(found) == 1
    alert = found[0]
    assert alert.area is None and alert.areas == ("Rijnsburg", "Valkenburg")
    assert "Thema 'Afval', vooral in Rijnsburg en Valkenburg" in alert.explanation


def test_a_rise_in_one_kern_names_that_kern():
    counts = steady(30, 1)
    counts[26] = 14
    background = steady(30, 30, seed=1)  # the whole theme hardly changes
    found = detect_history(
        records_from_weeks({("azc", None): background, ("azc", "Holtum"): counts})
    )
    assert [(s.area, s.period_start) for s in found] == [
        ("Holtum", (START + timedelta(weeks=26)).isoformat())
    ]


def test_a_kern_that_carries_its_themes_rise_is_flagged_in_the_first_week():
    # The demo's asylum-centre surge on the pipeline's themes: the theme goes from 5.5 to 14
    # a week (2.5 x, under the ratio floor) and the kern from 0 to 7 (under the excess floor).
    kern = [0] * 22 + [7, 9, 4, 7]
    rest = [5, 6] * 11 + [7, 9, 5, 5]
    records = records_from_weeks(
        {("opvang", "Oosterwolde-Vaart"): kern, ("opvang", "Holtum"): rest}
    )
    [alert] = detect_history(records, labels={"opvang": "Opvang"})
    assert alert.period_start == (START + timedelta(weeks=22)).isoformat()
    assert alert.areas == ("Oosterwolde-Vaart",)
    assert "Thema 'Opvang', vooral in Oosterwolde-Vaart" in alert.explanation


def test_a_kern_with_less_than_its_share_of_the_rise_waits_for_the_theme():
    kern = [0] * 22 + [5, 9, 4, 7]
    rest = [5, 6] * 11 + [9, 9, 5, 5]  # the theme rises as much, but only 5 of 8.5 in the kern
    records = records_from_weeks(
        {("opvang", "Oosterwolde-Vaart"): kern, ("opvang", "Holtum"): rest}
    )
    [alert] = detect_history(records)
    assert alert.period_start == (START + timedelta(weeks=23)).isoformat()


def test_a_surge_lasting_three_weeks_gives_one_alert():
    counts = steady(30, 6)
    counts[24:27] = [30, 40, 28]
    found = detect_history(records_from_weeks({("groen", None): counts}))
    assert len(found) == 1
    assert found[0].period_start == (START + timedelta(weeks=24)).isoformat()
    assert found[0].period_end == (START + timedelta(weeks=26, days=6)).isoformat()
    assert "week 1 t/m 3" not in found[0].explanation  # ISO weeks 25 t/m 27 of 2024
    assert "98 bijdragen in week 25 t/m 27" in found[0].explanation


def test_a_new_series_does_not_alarm_in_its_first_weeks():
    # A category that starts part-way, ramping up from nothing: no alert for 13 weeks.
    counts = [0] * 20 + [2, 3, 12, 25, 30, 28, 31, 29, 30]
    found = detect_history(records_from_weeks({("parkeren", None): counts}))
    assert found == []
    # The same jump after months of history is an alert.
    later = [2, 3] * 10 + [2, 3, 25, 30, 28]
    assert detect_history(records_from_weeks({("parkeren", None): later}))


def test_a_surge_that_comes_back_every_year_is_seasonal():
    weeks = 52 * 2 + 30
    counts = steady(weeks, 6, seed=4)
    for year in range(3):
        counts[year * 52 + 26] = 40
    found = detect_history(records_from_weeks({("vuurwerk", None): counts}))
    by_year = {date.fromisoformat(s.period_start).year: s for s in found}
    assert set(by_year) == {2024, 2025, 2026}
    assert not by_year[2024].seasonal
    assert by_year[2026].seasonal
    assert "Zoals elk jaar rond" in by_year[2026].explanation
    assert found[-1].seasonal  # seasonal alerts come after the others


def test_the_budget_moves_the_thresholds(monkeypatch):
    strict, default, loose = (Settings.for_budget(b) for b in (0.5, 1.0, 4.0))
    assert strict.min_ratio > default.min_ratio > loose.min_ratio
    assert strict.alpha < default.alpha < loose.alpha
    assert default == Settings()
    monkeypatch.setenv("KERNPUNT_SIGNAL_BUDGET", "4")
    assert Settings.from_environment() == loose
    counts = steady(30, 8, seed=2)
    counts[26] = 20  # 2.5 x usual: an alert only on a looser budget
    records = records_from_weeks({("wegen", None): counts})
    assert detect_history(records, settings=default) == []
    assert [s.kind for s in detect_history(records, settings=loose)] == [RISING_VOLUME]


@pytest.mark.parametrize("value", ["0", "-1", "veel", "nan"])
def test_a_bad_budget_is_refused_in_dutch(monkeypatch, value):
    monkeypatch.setenv("KERNPUNT_SIGNAL_BUDGET", value)
    with pytest.raises(ValueError, match="KERNPUNT_SIGNAL_BUDGET moet"):
        Settings.from_environment()


def test_the_cusum_variant_finds_a_surge_and_stays_quiet_before_it():
    counts = steady(30, 6, seed=5)
    counts[24:27] = [30, 40, 28]
    records = records_from_weeks({("groen", None): counts})
    found = detect_history(records, settings=Settings(method="cusum"))
    assert [s.period_start for s in found] == [(START + timedelta(weeks=24)).isoformat()]


def test_detect_returns_the_alert_still_open_in_the_latest_weeks():
    counts = steady(30, 6, seed=6)
    counts[24:30] = [30, 40, 28, 35, 30, 33]
    records = records_from_weeks({("groen", None): counts})
    now = START + timedelta(weeks=29, days=6)
    [open_alert] = detect(records, now=now)
    assert open_alert.period_start == (START + timedelta(weeks=24)).isoformat()
    assert open_alert.period_end == now.isoformat()
    assert detect(records, now=START + timedelta(weeks=23, days=6)) == []


@pytest.mark.slow
def test_the_demo_surge_is_found_in_its_first_week():
    """Week 1 on the categories and on the found themes. On the found themes the theme
    "Opvang" alone stays under the floor in that week (its texts spread over several themes);
    the kern's rise over all its input finds it, and the theme's alert joins it a week later
    (docs/nlp.md). Since the glossary corrects the table's frequent English words, the demo's
    37 English texts meet the Dutch ones on other words and the found themes differ; one or
    two of them rise before the surge (1 false alarm in 54 theme-months, before 0 in 51;
    docs/nlp.md, *Labels in Dutch from English and German input*)."""
    corpus = Path(__file__).parents[3] / "dialogue" / "demo" / "corpus_nl.jsonl"
    lines = "\n".join(evaluate_file(corpus, surge_category="azc").signal_lines)
    assert "  categorieën: piek gevonden in week 1 van de piek" in lines
    found = re.search(r"gevonden thema's: piek gevonden in week 1 van de piek; (\d+) valse", lines)
    assert found is not None and int(found.group(1)) <= 2
