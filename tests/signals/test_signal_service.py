"""Storing signals: the first run tests the whole history, later runs only new weeks, once each."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy import func, select

from dialogue.accounts.models import Role
from dialogue.mail import OutboxMessage
from dialogue.signals.models import Signal
from dialogue.signals.services import refresh_signals, signal_records, weeks_to_test
from dialogue.themes.dashboard import _as_date, _weekly_rows
from dialogue.themes.models import Theme
from tests.factories import make_consultation, make_contribution, make_user

NOW = datetime(2026, 11, 27, 12, 0)


def test_weeks_to_test():
    assert weeks_to_test(None, NOW) is None
    assert weeks_to_test(NOW - timedelta(days=1), NOW) == 2
    assert weeks_to_test(NOW - timedelta(days=30), NOW) == 6


def seed_surge(db):
    analyst = make_user(Role.ANALYST)
    consultation = make_consultation(municipality=analyst.municipality)
    db.session.add(
        Theme(
            consultation_id=consultation.id,
            municipality_id=consultation.municipality_id,
            key="t1",
            label="Opvang in het hotel",
        )
    )
    start = NOW - timedelta(weeks=20)
    for week in range(20):
        # Four a week, a third negative; then a surge of twenty, mostly negative, five weeks ago.
        count = 20 if week in (15, 16) else 4
        for n in range(count):
            make_contribution(
                consultation=consultation,
                theme_key="t1",
                negative=(n % 3 == 0) if count == 4 else (n % 5 != 0),
                created_at=start + timedelta(weeks=week, hours=n * 5),
            )
    db.session.commit()
    return consultation


def test_first_run_backfills_and_later_runs_do_not_repeat(db, app):
    consultation = seed_surge(db)
    with app.test_request_context():
        first = refresh_signals(consultation, now=NOW, previous_run=None)
        db.session.commit()
    assert first, "the surge five weeks ago is found on the first run"
    assert {s.kind.value for s in first} >= {"rising_volume"}
    assert all("normaal" in s.explanation for s in first)
    mails = db.session.scalar(select(func.count()).select_from(OutboxMessage))
    assert mails == 1  # one analyst, one e-mail for all new signals
    with app.test_request_context():
        second = refresh_signals(consultation, now=NOW, previous_run=None)
        db.session.commit()
    assert second == []
    assert db.session.scalar(select(func.count()).select_from(Signal)) == len(first)
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == mails


def test_recent_run_does_not_look_back(db, app):
    consultation = seed_surge(db)
    with app.test_request_context():
        assert refresh_signals(consultation, now=NOW, previous_run=NOW - timedelta(days=1)) == []


def test_small_baselines_are_not_shown():
    from dialogue.signals.privacy import mask_small_counts

    text = "Thema 'Opvang' in Holtum: 18 bijdragen in week 45, normaal 0–1 per week."
    assert (
        mask_small_counts(text, 5)
        == "Thema 'Opvang' in Holtum: 18 bijdragen in week 45, normaal < 5 per week."
    )
    assert (
        mask_small_counts("30 bijdragen, normaal 5–12 per week.", 5)
        == "30 bijdragen, normaal 5–12 per week."
    )
    assert mask_small_counts("10 bijdragen, normaal 0 per week.", 5).endswith("< 5 per week.")


def test_letters_typed_in_later_count_in_the_weeks_they_were_written(db, app):
    """Twenty letters spread over ten weeks, typed in on one day, are no surge of that day."""
    consultation = seed_surge(db)
    typing_day = NOW - timedelta(days=1)
    written = [NOW - timedelta(weeks=12 - n // 2) for n in range(20)]
    for n, received in enumerate(written):
        make_contribution(
            consultation=consultation,
            theme_key="t1",
            negative=False,
            created_at=typing_day + timedelta(minutes=n),
            received_at=received,
        )
    db.session.commit()

    records = signal_records(consultation.id)
    weeks = Counter(record["created_at"].isocalendar()[:2] for record in records)
    assert weeks[typing_day.isocalendar()[:2]] == 0
    assert weeks[written[0].isocalendar()[:2]] >= 2
    with app.test_request_context():
        found = refresh_signals(consultation, now=NOW, previous_run=NOW - timedelta(days=3))
    assert found == []  # the typing day holds no surge; the letters' weeks were tested before

    weekly = {_as_date(week): count for _key, week, count, _neg in _weekly_rows(consultation.id)}
    typed_week = typing_day.date() - timedelta(days=typing_day.weekday())
    assert weekly.get(typed_week, 0) == 0
    assert weekly[written[0].date() - timedelta(days=written[0].weekday())] >= 2
