"""Unconfirmed anonymous input is deleted once its link expired plus the grace days."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from dialogue.audit.models import AuditEvent
from dialogue.consultations.models import ModerationMode
from dialogue.contributions.models import Contribution, ContributionStatus, Reply
from dialogue.contributions.retention import purge_unconfirmed, unconfirmed_retention
from dialogue.contributions.services import (
    confirm_anonymous_contribution,
    confirmation_token,
    contribution_for_token,
    submit_contribution,
)
from dialogue.extensions import db
from dialogue.mail import OutboxMessage
from dialogue.timeutil import utcnow
from tests.factories import make_consultation, make_user

pytestmark = pytest.mark.usefixtures("request_context")

TEXT = "De stoep bij de school is te smal voor kinderwagens."


def anonymous_input(consultation, *, days_old: float, confirmed: bool = False, text: str = TEXT):
    """Post input as an anonymous visitor, confirm it or not, and date it days_old back."""
    contribution = submit_contribution(
        consultation, text=text, pending_email=f"bezoeker{days_old}@example.org"
    )
    if confirmed:
        confirm_anonymous_contribution(contribution)
    contribution.created_at = utcnow() - timedelta(days=days_old)
    db.session.flush()
    return contribution


def remaining_ids() -> set[int]:
    db.session.expire_all()
    return set(db.session.scalars(select(Contribution.id)))


def test_retention_is_the_link_lifetime_plus_seven_days(app):
    assert app.config["EMAIL_TOKEN_MAX_AGE"] == 2 * 24 * 3600
    assert unconfirmed_retention() == timedelta(days=9)


def test_old_unconfirmed_goes_recent_and_confirmed_stay(db):
    consultation = make_consultation()
    old = anonymous_input(
        consultation, days_old=10, text="Oude onbevestigde inbreng over de stoep."
    )
    old_id, token = old.id, confirmation_token(old)
    recent = anonymous_input(consultation, days_old=8, text="Recente onbevestigde inbreng hier.")
    confirmed = anonymous_input(
        consultation, days_old=30, confirmed=True, text="Bevestigde inbreng van lang geleden."
    )
    held_after_confirming = anonymous_input(
        consultation,
        days_old=30,
        confirmed=True,
        text="Bel mij op 06-12345678 over de stoep bij school.",
    )
    member_waiting = submit_contribution(
        make_consultation(moderation_mode=ModerationMode.PRE), text=TEXT, author=make_user()
    )
    member_waiting.created_at = utcnow() - timedelta(days=60)
    db.session.commit()
    assert held_after_confirming.status == ContributionStatus.PENDING
    assert member_waiting.status == ContributionStatus.PENDING

    assert purge_unconfirmed() == 1
    db.session.commit()

    assert remaining_ids() == {
        recent.id,
        confirmed.id,
        held_after_confirming.id,
        member_waiting.id,
    }
    assert old_id not in remaining_ids()
    assert (
        db.session.scalar(
            select(func.count(Contribution.id)).where(Contribution.pending_email.is_not(None))
        )
        == 1
    )
    # The link in the e-mail no longer finds anything.
    assert contribution_for_token(token) == (None, "invalid")


def test_the_boundary_is_exact(db):
    consultation = make_consultation()
    contribution = anonymous_input(consultation, days_old=0)
    created = contribution.created_at
    db.session.commit()
    retention = unconfirmed_retention()
    assert purge_unconfirmed(now=created + retention) == 0
    assert purge_unconfirmed(now=created + retention + timedelta(seconds=1)) == 1
    db.session.commit()
    assert remaining_ids() == set()


def test_the_grace_days_are_a_setting(app, db, monkeypatch):
    consultation = make_consultation()
    anonymous_input(consultation, days_old=3)
    db.session.commit()
    assert purge_unconfirmed() == 0
    monkeypatch.setitem(app.config, "UNCONFIRMED_INPUT_GRACE_DAYS", 0)
    assert unconfirmed_retention() == timedelta(days=2)
    assert purge_unconfirmed() == 1


def test_one_system_event_per_municipality_with_the_count(db):
    first, second = make_consultation(), make_consultation()
    for n in range(2):
        anonymous_input(first, days_old=20 + n, text=f"Inbreng nummer {n} over de stoep.")
    anonymous_input(second, days_old=20)
    untouched = make_consultation()
    anonymous_input(untouched, days_old=1)
    db.session.commit()

    assert purge_unconfirmed() == 3
    db.session.commit()
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.municipality_id)).all()
    assert [(e.action, e.municipality_id, e.details["deleted"]) for e in events] == sorted(
        [
            ("contribution.purge_unconfirmed", first.municipality_id, 2),
            ("contribution.purge_unconfirmed", second.municipality_id, 1),
        ],
        key=lambda item: item[1],
    )
    assert all(e.actor_id is None and e.actor_role is None for e in events)


def test_nothing_to_purge_writes_no_event(db):
    anonymous_input(make_consultation(), days_old=1)
    db.session.commit()
    assert purge_unconfirmed() == 0
    assert db.session.scalars(select(AuditEvent)).all() == []


def test_rows_that_hang_on_purged_input_go_with_it(db):
    contribution = anonymous_input(make_consultation(), days_old=20)
    db.session.add(Reply(contribution=contribution, text="Een reactie.", author=make_user()))
    db.session.commit()
    assert purge_unconfirmed() == 1
    db.session.commit()
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Reply.id))) == 0


def test_cli_command_reports_and_commits(app, db):
    old = anonymous_input(make_consultation(), days_old=12)
    old_id = old.id
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["contributions", "purge-unconfirmed"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == (
        "deleted 1 unconfirmed contributions, 0 unconfirmed accounts and 0 voters without votes "
        "older than 9 days"
    )
    db.session.rollback()
    assert db.session.get(Contribution, old_id) is None
    assert [e.action for e in db.session.scalars(select(AuditEvent))] == [
        "contribution.purge_unconfirmed"
    ]


def test_resident_accounts_never_confirmed_are_erased_after_the_same_time(app):
    from dialogue.accounts.models import Role, User
    from dialogue.accounts.retention import purge_unconfirmed_accounts

    stale = make_user(email="nooit.bevestigd@example.org", email_confirmed_at=None)
    stale.created_at = utcnow() - timedelta(days=10)
    recent = make_user(email="net.aangemeld@example.org", email_confirmed_at=None)
    recent.created_at = utcnow() - timedelta(days=2)
    confirmed = make_user(email="wel.bevestigd@example.org")
    confirmed.created_at = utcnow() - timedelta(days=400)
    official = make_user(Role.MODERATOR, email="moderator.oud@example.org", email_confirmed_at=None)
    official.created_at = utcnow() - timedelta(days=400)
    # Residents made without an address (the demo's, letters typed in) are not registrations.
    demo = make_user(email=None, password_hash=None, email_confirmed_at=None)
    demo.created_at = utcnow() - timedelta(days=400)
    # Logging in again sent a new link two days ago: the period starts again.
    relinked = make_user(email="opnieuw.link@example.org", email_confirmed_at=None)
    relinked.created_at = utcnow() - timedelta(days=30)
    db.session.add(
        OutboxMessage(
            recipient="opnieuw.link@example.org",
            subject="Bevestig uw e-mailadres",
            body="https://kernpunt.example/bevestig",
            created_at=utcnow() - timedelta(days=2),
        )
    )
    # Someone else's waiting e-mail is never rewritten, whatever name the stale account has.
    stale.display_name = "https"
    other_mail = OutboxMessage(
        recipient="iemand@example.org", subject="Welkom", body="Zie https://kernpunt.example/x"
    )
    db.session.add(other_mail)
    db.session.flush()
    ids = {user.id for user in (recent, confirmed, official, demo, relinked)}
    stale_id = stale.id
    assert purge_unconfirmed_accounts() == 1
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(User, stale_id) is None
    assert {user.id for user in db.session.scalars(select(User))} >= ids
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "account.purge_unconfirmed")
    ).one()
    assert event.details["deleted"] == 1 and event.actor_id is None
    assert "nooit.bevestigd" not in str(event.details)
    assert db.session.get(OutboxMessage, other_mail.id).body == "Zie https://kernpunt.example/x"
