"""What officials do with signals: dismissal quiets a series, counts, top three, weekly digest."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from dialogue.accounts.models import Role
from dialogue.audit.models import AuditEvent
from dialogue.extensions import db as database
from dialogue.mail import OutboxMessage
from dialogue.signals import digest, services
from dialogue.signals.models import Signal, SignalDigest, SignalStatus
from dialogue.signals.services import refresh_signals
from dialogue.themes.models import Theme
from tests.factories import make_consultation, make_contribution, make_signal, make_user
from tests.helpers import csrf_token

NOW = datetime(2026, 11, 27, 12, 0)
MONDAY = date(2026, 11, 30)


def seed_surge(db, surge_weeks=(15, 16)):
    analyst = make_user(Role.ANALYST)
    consultation = make_consultation(municipality=analyst.municipality)
    db.session.add(
        Theme(
            consultation_id=consultation.id,
            municipality_id=consultation.municipality_id,
            key="t1",
            label="Opvang",
        )
    )
    start = NOW - timedelta(weeks=20)
    for week in range(20):
        for n in range(20 if week in surge_weeks else 4):
            make_contribution(
                consultation=consultation,
                theme_key="t1",
                negative=False,
                created_at=start + timedelta(weeks=week, hours=n * 5),
            )
    db.session.commit()
    return analyst, consultation


@pytest.mark.parametrize(("reason", "quiet_weeks", "found"), [("bekend", 6, 0), ("anders", 4, 1)])
def test_a_dismissal_quiets_the_series_for_its_documented_time(app, db, reason, quiet_weeks, found):
    analyst, consultation = seed_surge(db)
    # The analyst dismissed a signal of this theme that ended five weeks before the surge.
    earlier = make_signal(
        consultation,
        period_start=date(2026, 9, 14),
        period_end=date(2026, 9, 20),
        status=SignalStatus.NEW,
    )
    with app.test_request_context():
        services.dismiss(earlier, analyst, reason, "Eenmalig" if reason == "anders" else "")
        db.session.commit()
        assert earlier.quiet_until == date(2026, 9, 20) + timedelta(weeks=quiet_weeks)
        new = refresh_signals(consultation, now=NOW, previous_run=None)
        db.session.commit()
    # The surge's week starts on 2026-10-26: inside six weeks of quiet, outside four.
    assert len([s for s in new if s.kind.value == "rising_volume"]) == found


def test_a_dismissal_is_audited_with_its_reason(app, db):
    analyst, consultation = seed_surge(db)
    signal = make_signal(consultation)
    with app.test_request_context():
        services.dismiss(signal, analyst, "seizoen")
        db.session.commit()
    event = db.session.scalar(select(AuditEvent).filter_by(action="signal.dismiss"))
    assert event.reason == "Seizoen" and signal.status_reason == "Seizoen"
    with app.test_request_context(), pytest.raises(services.SignalError):
        services.dismiss(signal, analyst, "onbekend")


def test_the_dashboard_counts_what_officials_did(client, as_user, db):
    analyst, consultation = seed_surge(db)
    statuses = (SignalStatus.ACKNOWLEDGED, SignalStatus.DISMISSED, SignalStatus.DISMISSED)
    for day, status in enumerate(statuses, start=1):
        make_signal(consultation, status=status, period_start=date(2026, 1, day))
    db.session.commit()
    as_user(analyst)
    page = client.get(f"/werkplek/raadplegingen/{consultation.id}/dashboard").get_data(as_text=True)
    assert "1 opgepakt, 2 afgewezen, 0 nog niet bekeken" in page


def make_ranked_signals(consultation, scores):
    for number, score in enumerate(scores):
        make_signal(
            consultation,
            score=score,
            period_start=date(2026, 11, 2) + timedelta(days=number),
            explanation=f"Thema 't1': {20 + number} bijdragen in week {number}, normaal 5 per week.",
        )


def test_the_home_page_shows_the_three_strongest_open_signals(client, as_user, db):
    analyst, consultation = seed_surge(db)
    make_ranked_signals(consultation, [2.0, 9.0, 4.0, 7.0, 1.5])
    db.session.commit()
    as_user(analyst)
    page = client.get("/werkplek").get_data(as_text=True)
    listed = page[page.index('id="sterkste-signalen"') :].split("</ol>")[0]
    assert listed.count("<li>") == 3
    order = [listed.index(f"{20 + n} bijdragen") for n in (1, 3, 2)]  # scores 9, 7, 4
    assert order == sorted(order)
    assert "24 bijdragen" not in listed and "20 bijdragen" not in listed


def subscribe(client, as_user, analyst, consultation):
    as_user(analyst)
    page = client.get(f"/werkplek/raadplegingen/{consultation.id}/signalen").get_data(as_text=True)
    assert "Wekelijkse e-mail aanzetten" in page
    response = client.post(
        f"/werkplek/raadplegingen/{consultation.id}/signalen/samenvatting",
        data={"csrf_token": csrf_token(page)},
    )
    assert response.status_code == 302


def test_the_weekly_digest_sends_the_three_strongest_new_signals_once(app, client, as_user, db):
    analyst, consultation = seed_surge(db)
    subscribe(client, as_user, analyst, consultation)
    assert db.session.get(SignalDigest, analyst.id) is not None
    make_ranked_signals(consultation, [2.0, 9.0, 4.0, 7.0])
    for signal in db.session.scalars(select(Signal)):
        signal.created_at = datetime(2026, 11, 26, 9)
    db.session.commit()
    with app.test_request_context():
        assert digest.send_digests(MONDAY) == 1
        assert digest.send_digests(MONDAY + timedelta(days=1)) == 0  # once a week
    mails = db.session.scalars(select(OutboxMessage).filter_by(recipient=analyst.email)).all()
    body = mails[-1].body
    assert body.count("\n- ") == 3
    assert body.index("21 bijdragen") < body.index("23 bijdragen") < body.index("22 bijdragen")
    assert "/werkplek/signalen/" in body


def test_no_digest_without_new_signals_or_without_asking(app, client, as_user, db):
    analyst, consultation = seed_surge(db)
    other = make_user(Role.ANALYST, municipality=analyst.municipality)
    make_signal(consultation, created_at=datetime(2026, 11, 26, 9))
    db.session.commit()
    with app.test_request_context():
        assert digest.send_digests(MONDAY) == 0  # nobody asked
    subscribe(client, as_user, other, consultation)
    db.session.execute(Signal.__table__.update().values(status=SignalStatus.ACKNOWLEDGED))
    db.session.commit()
    with app.test_request_context():
        assert digest.send_digests(MONDAY) == 0  # nothing new
    assert db.session.scalars(select(OutboxMessage).filter_by(recipient=other.email)).all() == []


def test_only_analysts_of_the_municipality_switch_the_digest(client, as_user, db):
    analyst, consultation = seed_surge(db)
    path = f"/werkplek/raadplegingen/{consultation.id}/signalen/samenvatting"
    page = client.get("/").get_data(as_text=True)
    token = csrf_token(page)
    as_user(make_user(Role.MODERATOR, municipality=analyst.municipality))
    assert client.post(path, data={"csrf_token": token}).status_code == 403
    outsider = make_user(Role.ANALYST)  # another municipality
    db.session.commit()  # a refused request rolls back before it logs the attempt
    as_user(outsider)
    assert client.post(path, data={"csrf_token": token}).status_code == 404
    assert db.session.scalars(select(SignalDigest)).all() == []


def run_digest_command(application) -> tuple[int, OutboxMessage]:
    """Subscribe an analyst, store one new signal and run `flask signals digest` as cron does."""
    with application.app_context():
        analyst = make_user(Role.ANALYST)
        consultation = make_consultation(municipality=analyst.municipality)
        signal = make_signal(consultation, created_at=datetime(2026, 11, 26, 9))
        digest.toggle(analyst)
        database.session.commit()
        signal_id, email = signal.id, analyst.email
    result = application.test_cli_runner().invoke(
        args=["signals", "digest", "--today", MONDAY.isoformat()]
    )
    assert result.exit_code == 0, result.output
    with application.app_context():
        return signal_id, database.session.scalars(
            select(OutboxMessage).filter_by(recipient=email)
        ).one()


def test_the_digest_links_to_the_signal_from_the_base_url(make_app):
    application = make_app(BASE_URL="https://inspraak.dijkzicht.nl")
    signal_id, mail = run_digest_command(application)
    assert f"  https://inspraak.dijkzicht.nl/werkplek/signalen/{signal_id}\n" in mail.body


def test_the_digest_without_a_base_url_has_the_texts_only(make_app):
    signal_id, mail = run_digest_command(make_app())
    assert "Thema 't1': 12 bijdragen" in mail.body
    assert "http" not in mail.body and f"/signalen/{signal_id}" not in mail.body


def test_the_scheduler_sends_the_digest_of_last_week(app, client, as_user, db):
    """`flask scheduler` runs the digest on Mondays (dialogue/ops/schedule.py)."""
    from dialogue.ops.schedule import TASKS, send_signal_digests
    from dialogue.timeutil import utcnow

    assert "signals_digest" in {task.name for task in TASKS}
    analyst, consultation = seed_surge(db)
    subscribe(client, as_user, analyst, consultation)
    this_monday = utcnow().date() - timedelta(days=utcnow().weekday())
    make_signal(
        consultation,
        created_at=datetime.combine(this_monday, datetime.min.time()) - timedelta(days=3),
    )
    db.session.commit()
    with app.app_context():
        assert send_signal_digests(job_id=0) == "1 e-mails met signalen verstuurd"
        assert send_signal_digests(job_id=0) == "0 e-mails met signalen verstuurd"
    assert (
        len(db.session.scalars(select(OutboxMessage).filter_by(recipient=analyst.email)).all()) == 1
    )


def test_a_signal_about_the_whole_consultation_says_so_in_its_kern_column(client, as_user, db):
    analyst, consultation = seed_surge(db)
    make_signal(
        consultation,
        explanation="Thema 't1', vooral in Oostdorp: 20 bijdragen in week 45, normaal 5.",
    )
    db.session.commit()
    as_user(analyst)
    index = client.get(f"/werkplek/raadplegingen/{consultation.id}/signalen").get_data(as_text=True)
    signal_id = db.session.scalar(select(Signal.id))
    detail = client.get(f"/werkplek/signalen/{signal_id}").get_data(as_text=True)
    assert '<td class="utrecht-table__cell" data-label="Kern">hele raadpleging</td>' in index
    assert "Kern: hele raadpleging" in detail
    assert "alle kernen" not in index + detail  # it stood beside "vooral in Oostdorp"


def test_the_kern_column_names_the_kernen_a_consultation_wide_rise_came_from(client, as_user, db):
    analyst, consultation = seed_surge(db)
    make_signal(
        consultation,
        main_kernen=["Oostdorp", "Westdorp"],
        explanation="Thema 't1', vooral in Oostdorp en Westdorp: 20 bijdragen in week 45.",
    )
    db.session.commit()
    as_user(analyst)
    index = client.get(f"/werkplek/raadplegingen/{consultation.id}/signalen").get_data(as_text=True)
    detail = client.get(f"/werkplek/signalen/{db.session.scalar(select(Signal.id))}")
    assert 'data-label="Kern">hele raadpleging, vooral Oostdorp en Westdorp</td>' in index
    assert "Kern: hele raadpleging, vooral Oostdorp en Westdorp" in detail.get_data(as_text=True)
    analyst.locale = "en"
    db.session.commit()
    english = client.get(f"/werkplek/raadplegingen/{consultation.id}/signalen")
    assert "whole consultation, mostly Oostdorp and Westdorp" in english.get_data(as_text=True)
