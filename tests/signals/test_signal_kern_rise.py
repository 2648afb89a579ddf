"""A kern's rise over all its input in the app: stored, grown into its theme's alert, quieted."""

from __future__ import annotations

from datetime import datetime, timedelta
from html import unescape

from sqlalchemy import func, select

from dialogue.accounts.models import Role
from dialogue.signals.models import Signal
from dialogue.signals.services import dismiss, refresh_signals, signal_records
from dialogue.themes.models import Theme
from tests.factories import make_consultation, make_contribution, make_user

MONDAY = datetime(2026, 6, 1, 9, 0)
THEMES = {"t1": "Opvang", "t2": "Gemeenteraad", "t3": "Wegen"}
SURGE_WEEK = 16


def seed(db, extra: dict[int, dict[str, int]], unthemed: int = 0):
    """Three themes, 1 a week each in the first kern and 3 in the second; extra in the first.

    `extra` maps a week to extra texts per theme in the first kern; `unthemed` texts without
    a theme come in the first kern in the surge week.
    """
    analyst = make_user(Role.ANALYST)
    consultation = make_consultation(municipality=analyst.municipality)
    first, second = consultation.municipality.kernen
    for key, label in THEMES.items():
        db.session.add(
            Theme(
                consultation_id=consultation.id,
                municipality_id=consultation.municipality_id,
                key=key,
                label=label,
            )
        )
    for week in range(max(extra, default=SURGE_WEEK) + 2):
        for key in THEMES:
            for kern, count in ((first, 1 + extra.get(week, {}).get(key, 0)), (second, 3)):
                for n in range(count):
                    moment = MONDAY + timedelta(weeks=week, hours=3 * n)
                    make_contribution(
                        consultation=consultation, theme_key=key, kern=kern, created_at=moment
                    )
    surge_monday = MONDAY + timedelta(weeks=SURGE_WEEK)
    for n in range(unthemed):
        moment = surge_monday + timedelta(hours=2 * n)
        make_contribution(consultation=consultation, kern=first, created_at=moment)
    db.session.commit()
    return consultation, first, analyst


def week_end(week: int) -> datetime:
    return MONDAY + timedelta(weeks=week, days=6, hours=12)


def test_a_kern_rise_is_stored_and_grows_into_its_theme_alert(db, app):
    consultation, kern, _ = seed(db, {SURGE_WEEK: {"t1": 5, "t2": 3, "t3": 2}, 17: {"t1": 19}})
    with app.test_request_context():
        [early] = refresh_signals(consultation, now=week_end(SURGE_WEEK))
        db.session.commit()
    assert early.whole_kern and early.scope == f"kern:{kern.id}" and early.kern_id == kern.id
    assert early.theme_key == "t1"
    assert early.explanation.startswith(f"Meer bijdragen uit {kern.name}, vooral over de thema's")
    with app.test_request_context():
        later = refresh_signals(
            consultation, now=week_end(SURGE_WEEK + 1), previous_run=week_end(SURGE_WEEK)
        )
        db.session.commit()
    assert later == []  # the same event: no second alert
    [stored] = db.session.scalars(select(Signal)).all()
    assert stored.id == early.id and stored.scope == "all" and not stored.whole_kern
    assert stored.period_start == (MONDAY + timedelta(weeks=SURGE_WEEK)).date()
    assert stored.explanation.startswith(f"Thema 'Opvang', vooral in {kern.name}: ")


def test_input_without_a_theme_is_counted_in_its_kern(db, app):
    consultation, kern, _ = seed(db, {}, unthemed=14)
    records = signal_records(consultation.id)
    assert sum(1 for r in records if r["theme"] is None and r["area"] == kern.name) == 14
    with app.test_request_context():
        [alert] = refresh_signals(consultation, now=week_end(SURGE_WEEK))
    assert alert.whole_kern and alert.explanation.startswith(f"Meer bijdragen uit {kern.name}:")


def test_a_dismissed_kern_rise_quiets_the_kern_whichever_theme_carries_it(db, app):
    from nlp.signals import detect_history

    rises = {SURGE_WEEK: {"t1": 5, "t2": 3, "t3": 2}, SURGE_WEEK + 2: {"t3": 5, "t2": 3, "t1": 2}}
    consultation, kern, analyst = seed(db, rises)
    with app.test_request_context():
        [alert] = refresh_signals(consultation, now=week_end(SURGE_WEEK))
        dismiss(alert, analyst, "bekend")
        db.session.commit()
    assert alert.theme_key == "t1" and alert.quiet_until > (MONDAY + timedelta(weeks=18)).date()
    # Two weeks later the kern rises again, now carried most by another theme ...
    found = detect_history(signal_records(consultation.id), now=week_end(SURGE_WEEK + 2))
    second = [s for s in found if s.period_start > alert.period_start.isoformat()]
    assert [(s.whole_kern, s.area, s.theme) for s in second] == [(True, kern.name, "t3")]
    # ... and the dismissal keeps it quiet: no new signal.
    with app.test_request_context():
        assert (
            refresh_signals(
                consultation, now=week_end(SURGE_WEEK + 2), previous_run=week_end(SURGE_WEEK)
            )
            == []
        )
    assert db.session.scalar(select(func.count()).select_from(Signal)) == 1


def test_the_pages_say_in_plain_dutch_that_the_alert_counts_all_the_kerns_input(
    db, app, client, as_user
):
    consultation, kern, analyst = seed(db, {SURGE_WEEK: {"t1": 5, "t2": 3, "t3": 2}})
    with app.test_request_context():
        [alert] = refresh_signals(consultation, now=week_end(SURGE_WEEK))
        db.session.commit()
    as_user(analyst)
    listing = unescape(
        client.get(f"/werkplek/raadplegingen/{consultation.id}/signalen").get_data(as_text=True)
    )
    assert "Komt er uit één kern veel meer inbreng dan normaal" in listing
    assert f"{kern.name}, alle thema's samen" in listing
    page = unescape(client.get(f"/werkplek/signalen/{alert.id}").get_data(as_text=True))
    assert f"Dit signaal telt alle inbreng uit {kern.name} samen" in page
    assert f"Meer bijdragen uit {kern.name}, vooral over de thema's" in page
    home = client.get("/werkplek").get_data(as_text=True)
    assert f"Meer bijdragen uit {kern.name}" in home  # among the strongest open signals
