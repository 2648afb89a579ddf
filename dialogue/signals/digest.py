"""The weekly digest: one Monday e-mail per analyst who asked for it, with the strongest new signals.

`flask signals digest` (from cron, Monday morning) sends each subscribed analyst at most
three signals that became new in the seven days before that Monday and are still new,
strongest first, each with its explanation and an absolute link built from BASE_URL (cron
runs outside any request; without BASE_URL the e-mail has the texts only). Nothing is sent
when there is nothing to tell, and a second run in the same week sends nothing again.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import click
from flask.cli import AppGroup
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from dialogue.accounts.models import Role, User
from dialogue.audit.services import record
from dialogue.extensions import db
from dialogue.mail import send_email
from dialogue.signals.models import Signal, SignalDigest, SignalStatus
from dialogue.timeutil import monday_of, utcnow
from dialogue.urls import absolute_url

#: Most signals in one digest.
DIGEST_SIZE = 3

signals_cli = AppGroup("signals", help="Early-warning signals.")


def subscribed(user: User) -> bool:
    """Whether the user asked for the weekly digest."""
    return db.session.get(SignalDigest, user.id) is not None


def toggle(user: User) -> bool:
    """Switch the user's weekly digest on or off (audited); return whether it is now on."""
    current = db.session.get(SignalDigest, user.id)
    if current is None:
        db.session.add(SignalDigest(user_id=user.id))
    else:
        db.session.delete(current)
    record("signal.digest", user, details={"on": current is None})
    db.session.flush()
    return current is None


def digest_signals(municipality_id: int, monday: date) -> list[Signal]:
    """Return the strongest signals that became new in the week before `monday`, still new."""
    end = datetime.combine(monday, time.min)
    return list(
        db.session.scalars(
            select(Signal)
            .where(
                Signal.municipality_id == municipality_id,
                Signal.status == SignalStatus.NEW,
                Signal.created_at >= end - timedelta(days=7),
                Signal.created_at < end,
            )
            .order_by(Signal.score.desc(), Signal.id)
            .limit(DIGEST_SIZE)
        )
    )


def send_digests(today: date) -> int:
    """Send this week's digests (the week of `today`); return how many e-mails were written."""
    monday = monday_of(today)
    rows = db.session.execute(
        select(SignalDigest, User)
        .join(User, User.id == SignalDigest.user_id)
        .where(
            User.role.in_([Role.ANALYST, Role.ADMIN]),
            User.active.is_(True),
            User.email.is_not(None),
        )
    ).all()
    sent = 0
    for subscription, user in rows:
        if subscription.last_sent_on == monday:
            continue
        signals = digest_signals(user.municipality_id, monday)
        subscription.last_sent_on = monday
        if not signals:
            continue
        links = {s.id: absolute_url("signals.detail", signal_id=s.id) for s in signals}
        send_email(
            user.email,
            str(_l("Signalen van de afgelopen week")),
            "signals_digest",
            user=user,
            signals=signals,
            links=links,
        )
        sent += 1
    db.session.flush()
    return sent


@signals_cli.command("digest")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), help="Run as on this day.")
def digest_command(today: datetime | None) -> None:
    """Send the weekly digest to analysts who asked for it (cron: Monday morning)."""
    sent = send_digests((today or utcnow()).date())
    db.session.commit()
    click.echo(f"{sent} e-mails")
