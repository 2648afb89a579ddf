"""Weekly charts: 1–4 in a marked "< 5" band (never as 0), signal chart and table on the same weeks."""

from __future__ import annotations

import re
from datetime import date, timedelta

from babel.dates import format_date

from dialogue.themes.dashboard import Dashboard
from dialogue.themes.models import Theme
from dialogue.themes.sparkline import BAND, BASE, sparkline
from dialogue.timeutil import utcnow
from tests.factories import make_contribution, make_signal
from tests.themes.test_routes import workspace  # noqa: F401 - the fixture


def test_small_weeks_sit_in_the_band_with_a_marker_not_on_zero():
    line = sparkline([0, 3, 10, 20, 1], threshold=5)
    ys = [float(point.split(",")[1]) for point in line.points.split()]
    assert ys[0] == BASE  # no input: the base line
    assert line.band_top < ys[1] < BASE  # 3: inside the band, not on zero
    assert ys[1] == ys[4]  # 1 and 3 look the same: the exact small count is not shown
    assert ys[3] < ys[2] <= line.band_top  # counts from 5 up stand above the band
    assert [x for x, _y in line.small] == [24.0, 96.0]
    assert line.band_height == BAND
    assert sparkline([], threshold=5).points == ""


def test_a_theme_of_only_small_weeks_still_shows_its_weeks():
    line = sparkline([2, 0, 4], threshold=5)
    assert len(line.small) == 2 and line.points.count(",") == 3


def test_theme_list_draws_the_band_and_says_what_it_means(client, as_user, workspace):  # noqa: F811
    as_user(workspace["analyst"])
    consultation = workspace["consultation"]
    page = client.get(f"/werkplek/raadplegingen/{consultation.id}/themas").get_data(as_text=True)
    assert 'class="kp-sparkline__band"' in page
    assert "„&lt; 5” betekent: minder dan 5 teksten, maar niet nul." in page
    assert "<circle" in page  # theme t2 has 3 contributions in one or more weeks


def test_weekly_table_marks_small_weeks_for_the_chart(client, as_user, workspace):  # noqa: F811
    as_user(workspace["analyst"])
    consultation = workspace["consultation"]
    page = client.get(f"/werkplek/raadplegingen/{consultation.id}/dashboard").get_data(as_text=True)
    small_cells = re.findall(r'data-value=""\s+data-small="true">&lt; 5<', page)
    assert small_cells
    assert 'data-value="0">0<' in page  # a week without input is drawn as 0, not left out
    assert "„&lt; 5” betekent: minder dan 5 teksten, maar niet nul." in page


def test_signal_chart_and_table_cover_the_weeks_of_an_old_signal(
    client,
    as_user,
    workspace,  # noqa: F811
):
    as_user(workspace["analyst"])
    consultation = workspace["consultation"]
    old_week = date.today() - timedelta(weeks=30)
    old_week -= timedelta(days=old_week.weekday())
    for _ in range(6):
        make_contribution(
            consultation=consultation,
            theme_key="t1",
            created_at=utcnow() - timedelta(weeks=30),
        )
    signal = make_signal(consultation, period_start=old_week, period_end=old_week + timedelta(6))
    page = client.get(f"/werkplek/signalen/{signal.id}").get_data(as_text=True)
    table = page.split('id="signal-weekly"')[1].split("</table>")[0]
    headers = re.findall(
        r'<th class="utrecht-table__header-cell" scope="col">(\d\d-\d\d)</th>', table
    )
    assert old_week.strftime("%d-%m") == headers[0]
    assert f"van {format_date(old_week, 'd MMMM yyyy', locale='nl')} tot en met" in page
    assert 'data-chart-table="signal-weekly"' in page  # the chart is drawn from this table


def test_dashboard_chart_shows_a_signalled_theme_before_larger_ones(
    client,
    as_user,
    workspace,  # noqa: F811
    db,
):
    """Eight themes larger than the signalled ones: those are still charted, and first."""
    consultation = workspace["consultation"]
    for number in range(8):
        db.session.add(
            Theme(
                consultation_id=consultation.id,
                municipality_id=consultation.municipality_id,
                key=f"big{number}",
                label=f"Groot thema {number}",
                size=30,
            )
        )
        for day in range(6):
            make_contribution(
                consultation=consultation,
                text=f"Inbreng {day} over groot thema {number} met genoeg tekst",
                theme_key=f"big{number}",
                created_at=utcnow() - timedelta(days=day),
            )
    make_signal(consultation, theme_key="t2")
    db.session.commit()
    as_user(workspace["analyst"])
    page = client.get(f"/werkplek/raadplegingen/{consultation.id}/dashboard").get_data(as_text=True)
    table = page.split('id="weekly-volume"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'scope="row">([^<]+)</th>', table)
    # Both workspace themes have a signal; "Verkeer" has 3 texts against the others' 6 a week.
    assert rows[:2] == ["Windpark De Vaart", "Verkeer in het dorp"]
    assert rows[2:] == [f"Groot thema {n}" for n in range(6)]


def test_the_running_week_says_it_is_not_over_yet(client, as_user, workspace, db):  # noqa: F811
    """Its lower count is the days so far, not a fall: the heads and caption say so."""
    consultation = workspace["consultation"]
    make_contribution(consultation=consultation, theme_key="t1", created_at=utcnow())
    db.session.commit()
    as_user(workspace["analyst"])
    page = client.get(f"/werkplek/raadplegingen/{consultation.id}/dashboard").get_data(as_text=True)
    monday = date.today() - timedelta(days=date.today().weekday())
    for table_start in ('id="weekly-volume"', "Percentage negatieve inbreng per week"):
        head = page.split(table_start, 1)[1].split("</thead>", 1)[0]
        running = re.findall(r"<th [^>]*data-running[^>]*>([^<]+)", head)
        assert running == [monday.strftime("%d-%m ")]
        assert head.count("(loopt nog)") == 1
    assert "De laatste week loopt nog: die telt alleen de dagen tot nu." in page
    themes = client.get(f"/werkplek/raadplegingen/{consultation.id}/themas").get_data(as_text=True)
    caption = themes.split('<caption class="utrecht-table__caption">', 1)[1].split("</caption>")[0]
    assert "De laatste week loopt nog: die telt alleen de dagen tot nu." in caption


def test_only_this_week_is_the_running_week():
    monday = date.today() - timedelta(days=date.today().weekday())
    weeks = [monday - timedelta(weeks=n) for n in (2, 1, 0)]
    assert Dashboard(weeks=weeks, themes=[], kernen=[]).running_week == monday
    assert Dashboard(weeks=weeks[:-1], themes=[], kernen=[]).running_week is None
    assert Dashboard(weeks=[], themes=[], kernen=[]).running_week is None
