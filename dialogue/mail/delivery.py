"""SMTP delivery of outbox messages: after the commit that wrote them, on RQ, or from cron.

Every deliverer first claims a message with one compare-and-set UPDATE (not sent, not claimed
by another deliverer), commits the claim and only then talks to the mail server, so two
deliverers never send the same message. Errors are caught, logged in one line and kept on
the row (`last_error`); `flask mail deliver` retries what is left.
"""

from __future__ import annotations

import logging
import smtplib
import time
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import click
from flask import Flask, current_app, has_app_context, has_request_context
from flask.cli import AppGroup
from flask_mail import Connection, Message
from sqlalchemy import ColumnElement, Row, delete, func, or_, select, update
from sqlalchemy.orm import Session

from dialogue.extensions import db
from dialogue.mail.background import background
from dialogue.mail.outbox import OutboxMessage
from dialogue.timeutil import utcnow

log = logging.getLogger(__name__)

#: `flask mail deliver` leaves a message alone after this many failed attempts.
MAX_ATTEMPTS = 10
#: A claim older than this belongs to a deliverer that died; the message may be sent again.
CLAIM_LEASE = timedelta(minutes=15)
#: Seconds to wait for the mail server to connect or answer.
SMTP_TIMEOUT_SECONDS = 20
#: Delivery right after a commit stops after this long; cron sends the rest.
IN_PROCESS_TIME_BUDGET_SECONDS = 10.0
#: The mail server's time per step when a request waits for it (no Redis): shorter.
IN_PROCESS_SMTP_TIMEOUT_SECONDS = 5
#: Messages one `flask mail deliver` run takes on.
DELIVER_BATCH_SIZE = 500
#: Longest error text kept on a message.
ERROR_LENGTH = 200


#: Days a delivery record (recipient, subject, dates) is kept; setting of that name.
DEFAULT_SENT_MAIL_DAYS = 180
SENT_MAIL_SETTING = "SENT_MAIL_RETENTION_DAYS"


@dataclass
class DeliveryResult:
    """What one delivery run did."""

    sent: int = 0
    failed: int = 0


def deliver_after_commit(message_ids: list[int]) -> None:
    """Hand the messages of a committed transaction on for delivery; never raise.

    With Redis they go to RQ. Without it, a request never talks to the mail server itself:
    a background thread of this process delivers them, so the answer takes as long whether
    or not an e-mail was written (a reset request does not reveal which accounts exist).
    Commands and jobs, outside requests, deliver at once.
    """
    try:
        if current_app.config.get("REDIS_URL"):
            _enqueue(message_ids)
        elif has_request_context():
            background.submit(current_app._get_current_object(), message_ids)
        else:
            deliver_messages(message_ids, time_budget=IN_PROCESS_TIME_BUDGET_SECONDS)
    except Exception as error:  # the action has committed: it must not fail because of mail
        log.warning(
            "%d mail(s) not delivered after commit (%s); `flask mail deliver` will retry",
            len(message_ids),
            _short(error),
        )


def _enqueue(message_ids: list[int]) -> None:
    from redis import Redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry
    from rq import Queue

    from dialogue.jobs import QUEUE_NAME

    # Fail fast when Redis is away (the default retries for seconds): cron delivers instead.
    connection = Redis.from_url(
        current_app.config["REDIS_URL"],
        socket_connect_timeout=5,
        socket_timeout=5,
        retry=Retry(NoBackoff(), 1),
    )
    try:
        Queue(QUEUE_NAME, connection=connection).enqueue(
            deliver_queued, message_ids, job_timeout=3600
        )
    finally:
        connection.close()


def deliver_queued(message_ids: list[int]) -> None:
    """Deliver messages on an RQ worker, inside the app's context (created if needed)."""
    if has_app_context():
        deliver_messages(message_ids)
        return
    from dialogue import create_app

    with create_app().app_context():
        deliver_messages(message_ids)


def deliver_undelivered(
    *, max_attempts: int = MAX_ATTEMPTS, limit: int = DELIVER_BATCH_SIZE
) -> DeliveryResult:
    """Deliver the oldest messages still waiting, as `flask mail deliver` does."""
    with Session(db.engine) as session:
        ids = list(
            session.scalars(
                select(OutboxMessage.id)
                .where(*_deliverable(utcnow(), max_attempts))
                .order_by(OutboxMessage.id)
                .limit(limit)
            )
        )
    return deliver_messages(ids, max_attempts=max_attempts)


def count_given_up(max_attempts: int = MAX_ATTEMPTS) -> int:
    """Count SMTP messages not delivered after max_attempts attempts."""
    with Session(db.engine) as session:
        given_up = session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(
                OutboxMessage.deliver_by_smtp.is_(True),
                OutboxMessage.sent_at.is_(None),
                OutboxMessage.attempts >= max_attempts,
            )
        )
    return given_up or 0


def deliver_messages(
    message_ids: list[int],
    *,
    max_attempts: int = MAX_ATTEMPTS,
    time_budget: float | None = None,
) -> DeliveryResult:
    """Claim and send each message over one SMTP connection; record success or error.

    Uses its own database session: it runs right after another session's commit too.
    When the mail server is unreachable, the messages not yet tried get the same error.
    """
    result = DeliveryResult()
    deadline = None if time_budget is None else time.monotonic() + time_budget
    timeout = SMTP_TIMEOUT_SECONDS if time_budget is None else IN_PROCESS_SMTP_TIMEOUT_SECONDS
    with Session(db.engine) as session, _SmtpConnection(timeout) as smtp:
        for position, message_id in enumerate(message_ids):
            if deadline is not None and time.monotonic() > deadline:
                log.info("mail delivery paused: %d left for cron", len(message_ids) - position)
                break
            claimed = _claim(session, message_id, max_attempts)
            if claimed is None:
                continue  # sent, or being sent, by another deliverer
            try:
                smtp.send(claimed.recipient, claimed.subject, claimed.body)
            except Exception as error:
                _record_failure(session, message_id, error)
                result.failed += 1
                if _server_unavailable(error):
                    rest = message_ids[position + 1 :]
                    result.failed += _record_not_tried(session, rest, max_attempts, error)
                    break
                continue
            _mark_sent(session, message_id)
            result.sent += 1
    return result


def _deliverable(now: datetime, max_attempts: int) -> list[ColumnElement[bool]]:
    """Conditions for a message that may be claimed now."""
    return [
        OutboxMessage.deliver_by_smtp.is_(True),
        OutboxMessage.sent_at.is_(None),
        OutboxMessage.attempts < max_attempts,
        or_(OutboxMessage.claimed_at.is_(None), OutboxMessage.claimed_at < now - CLAIM_LEASE),
    ]


def _claim(
    session: Session, message_id: int, max_attempts: int
) -> Row[tuple[str, str, str]] | None:
    """Claim a message (compare-and-set) and count the attempt; None if it is not free."""
    now = utcnow()
    claimed = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, *_deliverable(now, max_attempts))
        .values(claimed_at=now, attempts=OutboxMessage.attempts + 1)
        .returning(OutboxMessage.recipient, OutboxMessage.subject, OutboxMessage.body)
        .execution_options(synchronize_session=False)
    ).one_or_none()
    session.commit()  # before talking to the mail server: others now see the claim
    return claimed


def _mark_sent(session: Session, message_id: int) -> None:
    """Record the delivery and drop the text: the delivered row is only a record."""
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(sent_at=utcnow(), claimed_at=None, last_error=None, body="")
        .execution_options(synchronize_session=False)
    )
    session.commit()


def _record_failure(session: Session, message_id: int, error: Exception) -> None:
    log.warning("mail %s not delivered: %s", message_id, _short(error))
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.sent_at.is_(None))
        .values(claimed_at=None, last_error=_short(error))
        .execution_options(synchronize_session=False)
    )
    session.commit()


def _record_not_tried(
    session: Session, message_ids: list[int], max_attempts: int, error: Exception
) -> int:
    """Count an attempt on messages that could not be tried because the server is away."""
    if not message_ids:
        return 0
    updated = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(message_ids), *_deliverable(utcnow(), max_attempts))
        .values(attempts=OutboxMessage.attempts + 1, last_error=_short(error))
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return updated.rowcount


def _server_unavailable(error: Exception) -> bool:
    """Whether error stops every message (rather than only the one being sent)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused | smtplib.SMTPDataError):
        return False  # the server refused this message and is ready for the next
    return isinstance(error, OSError)  # connection, timeout, login, sender refused


def _short(error: BaseException) -> str:
    """One line about the error, without the e-mail addresses smtplib puts in some of them."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({str(code) for code, _reply in error.recipients.values()})
        return f"{type(error).__name__}: server answered {', '.join(codes)}"[:ERROR_LENGTH]
    if isinstance(error, smtplib.SMTPSenderRefused):
        return f"{type(error).__name__}: server answered {error.smtp_code}"[:ERROR_LENGTH]
    return f"{type(error).__name__}: {error}"[:ERROR_LENGTH]


class _TimedConnection(Connection):
    """Flask-Mail's connection with a timeout, so a hanging server cannot stall a worker."""

    def __init__(self, mail: Any, timeout: float) -> None:
        super().__init__(mail)
        self.timeout = timeout

    def configure_host(self) -> smtplib.SMTP:
        settings = self.mail
        smtp_class = smtplib.SMTP_SSL if settings.use_ssl else smtplib.SMTP
        host = smtp_class(settings.server, settings.port, timeout=self.timeout)
        try:
            host.set_debuglevel(int(settings.debug))
            if settings.use_tls:
                host.starttls()
            if settings.username and settings.password:
                host.login(settings.username, settings.password)
        except Exception:
            host.close()
            raise
        return host


class _SmtpConnection:
    """One SMTP connection for a run of messages, opened when the first one is sent."""

    def __init__(self, timeout: float) -> None:
        self._stack = ExitStack()
        self._connection: Connection | None = None
        self._timeout = timeout

    def __enter__(self) -> _SmtpConnection:
        return self

    def __exit__(self, *exc_info: object) -> None:
        try:
            self._stack.close()  # QUIT
        except OSError as error:
            log.info("closing the SMTP connection failed: %s", _short(error))

    def send(self, recipient: str, subject: str, body: str) -> None:
        if self._connection is None:
            connection = _TimedConnection(current_app.extensions["mail"], self._timeout)
            self._connection = self._stack.enter_context(connection)
        self._connection.send(Message(subject=subject, recipients=[recipient], body=body))


mail_commands = AppGroup("mail", help="Deliver e-mail.")


@mail_commands.command("deliver")
@click.option(
    "--max-attempts",
    type=click.IntRange(min=1),
    default=MAX_ATTEMPTS,
    show_default=True,
    help="Skip messages that failed this many times.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=DELIVER_BATCH_SIZE,
    show_default=True,
    help="Most messages to send in this run.",
)
def deliver_command(max_attempts: int, limit: int) -> None:
    """Send e-mail still waiting after a mail server failure; run it from cron."""
    if current_app.config["MAIL_TRANSPORT"] != "smtp":
        click.echo("MAIL_TRANSPORT is not smtp: e-mail stays in the outbox table.")
        return
    result = deliver_undelivered(max_attempts=max_attempts, limit=limit)
    click.echo(f"sent {result.sent}, failed {result.failed}")
    given_up = count_given_up(max_attempts)
    if given_up:
        click.echo(
            f"{given_up} message(s) not delivered after {max_attempts} attempts:"
            " see outbox_message.last_error, then run again with a higher --max-attempts"
        )


def sent_mail_retention() -> timedelta:
    """Return how long the records of SMTP e-mail are kept."""
    return timedelta(days=int(current_app.config.get(SENT_MAIL_SETTING, DEFAULT_SENT_MAIL_DAYS)))


def purge_old_mail(now: datetime | None = None) -> int:
    """Delete SMTP e-mail records older than sent_mail_retention(); return how many went.

    Delivered messages (only recipient, subject and dates are left of them) and messages that
    were given up after MAX_ATTEMPTS go; messages still waiting are kept. The outbox of
    development (MAIL_TRANSPORT "outbox") is never touched. The caller commits.
    """
    cutoff = (now or utcnow()) - sent_mail_retention()
    result = db.session.execute(
        delete(OutboxMessage)
        .where(
            OutboxMessage.deliver_by_smtp.is_(True),
            OutboxMessage.created_at < cutoff,
            or_(OutboxMessage.sent_at.is_not(None), OutboxMessage.attempts >= MAX_ATTEMPTS),
        )
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


@mail_commands.command("purge-old")
def purge_old_command() -> None:
    """Delete records of e-mail sent (or given up) longer ago than the retention (daily cron)."""
    deleted = purge_old_mail()
    db.session.commit()
    click.echo(f"deleted {deleted} e-mail records older than {sent_mail_retention().days} days")


def register_cli(app: Flask) -> None:
    """Add the `flask mail` commands."""
    app.cli.add_command(mail_commands)
