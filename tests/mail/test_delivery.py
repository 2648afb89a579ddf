"""E-mail goes out over SMTP only after the commit; a mail server failure never undoes an action.

A real SMTP server (tests/smtp_sink.py) listens on 127.0.0.1; "down" means its port is closed.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from redis import Redis
from rq import Queue, SimpleWorker
from sqlalchemy import select

from dialogue.accounts.models import Role, User
from dialogue.accounts.services import send_confirmation
from dialogue.answers.models import OfficialResponse
from dialogue.contributions.models import Contribution
from dialogue.extensions import db
from dialogue.jobs import QUEUE_NAME
from dialogue.mail import OutboxMessage
from dialogue.mail.background import background
from dialogue.mail.delivery import DeliveryResult, deliver_undelivered
from tests.conftest import ON_POSTGRES, empty_all_tables, login
from tests.factories import make_consultation, make_contribution, make_municipality, make_user
from tests.helpers import count, csrf_token, new_url
from tests.smtp_sink import SmtpSink

#: A Redis database of its own: other test modules flush database 15.
MAIL_REDIS_URL = os.environ.get("TEST_MAIL_REDIS_URL", "redis://127.0.0.1:6379/12")
INPUT = "De stoep bij de school is te smal voor kinderwagens."


@pytest.fixture
def sink() -> Iterator[SmtpSink]:
    server = SmtpSink().start()
    yield server
    server.stop()


@pytest.fixture
def build_smtp_app(make_app, sink) -> Iterator[Callable[..., Flask]]:
    """Build an app that sends e-mail over SMTP to the sink, on the database under test."""
    built: list[Flask] = []

    def build(**overrides: Any) -> Flask:
        settings: dict[str, Any] = {
            "MAIL_TRANSPORT": "smtp",
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": sink.port,
            "MAIL_SUPPRESS_SEND": False,  # Flask-Mail sends nothing when TESTING, by default
        }
        if ON_POSTGRES:
            settings["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
        application = make_app(**settings, **overrides)
        built.append(application)
        return application

    yield build
    assert background.wait(), "background mail delivery did not finish"
    for application in built:
        with application.app_context():
            empty_all_tables()


@pytest.fixture
def smtp_app(build_smtp_app) -> Flask:
    return build_smtp_app()


def only_message() -> OutboxMessage:
    db.session.expire_all()
    return db.session.scalars(select(OutboxMessage)).one()


def all_messages() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def deliver_command(app: Flask, *args: str) -> str:
    result = app.test_cli_runner().invoke(args=["mail", "deliver", *args])
    assert result.exit_code == 0, result.output
    return result.output


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_mail_is_sent_after_the_commit_and_marked_sent(smtp_app, sink):
    with smtp_app.test_request_context():
        user = make_user()
        send_confirmation(user)
        db.session.flush()
        assert sink.received == []  # not while the transaction may still roll back
        db.session.commit()
        assert background.wait()  # in a request, a background thread delivers
        assert sink.recipients() == [user.email]
        message = only_message()
        assert message.deliver_by_smtp and message.sent_at is not None
        assert message.attempts == 1 and message.last_error is None and message.claimed_at is None
        assert message.body == "" and message.recipient == user.email  # a record, not a copy
    received = sink.received[0].message
    assert received["Subject"] == "Bevestig uw e-mailadres voor Kernpunt"
    assert "/bevestigen" in received.get_payload(decode=True).decode()


def test_nothing_is_sent_when_the_transaction_rolls_back(smtp_app, sink):
    with smtp_app.test_request_context():
        user = make_user()
        db.session.commit()
        send_confirmation(user)
        db.session.rollback()
        with db.session.begin_nested():
            send_confirmation(user)
        assert sink.received == []  # a released savepoint is not the commit
        db.session.rollback()
        db.session.commit()  # a later commit does not send what was rolled back
        assert sink.received == [] and count(OutboxMessage) == 0


def test_mail_server_down_keeps_the_action_and_cron_delivers_later(smtp_app, sink):
    sink.stop()
    with smtp_app.test_request_context():
        user = make_user()
        email = user.email
        send_confirmation(user)
        db.session.commit()  # no exception: the account is stored
        assert background.wait()
        assert count(User) == 1
        message = only_message()
        assert message.sent_at is None and message.attempts == 1 and message.body
        assert message.last_error.startswith("ConnectionRefusedError")
        assert "Traceback" not in message.last_error

    assert "sent 0, failed 1" in deliver_command(smtp_app)
    output = deliver_command(smtp_app, "--max-attempts", "2")
    assert "sent 0, failed 0" in output and "1 message(s) not delivered after 2 attempts" in output
    sink.start()
    assert "sent 1, failed 0" in deliver_command(smtp_app)
    assert "sent 0, failed 0" in deliver_command(smtp_app)
    assert sink.recipients() == [email]
    with smtp_app.app_context():
        message = only_message()
        assert message.sent_at is not None and message.attempts == 3
        assert message.last_error is None and message.body == ""


def test_refused_address_does_not_hold_up_the_others(smtp_app, sink):
    sink.refused = {"verhuisd@example.org"}
    with smtp_app.test_request_context():
        gone, present = make_user(email="verhuisd@example.org"), make_user()
        send_confirmation(gone)
        send_confirmation(present)
        db.session.commit()
        assert background.wait()
        refused, delivered = all_messages()
        assert refused.sent_at is None and refused.attempts == 1
        assert refused.last_error.startswith("SMTPRecipientsRefused: server answered 5")
        assert "@" not in refused.last_error  # no address in the error kept or logged
        assert delivered.sent_at is not None
        assert sink.recipients() == [present.email]


def test_two_deliverers_at_once_send_each_message_once(smtp_app, sink):
    sink.stop()
    with smtp_app.test_request_context():
        users = [make_user() for _ in range(12)]
        for user in users:
            send_confirmation(user)
        db.session.commit()  # server down: all twelve wait, each tried once
        assert background.wait()
        addresses = sorted(user.email for user in users)
    sink.start()
    sink.delay = 0.02  # the two runs overlap for the whole batch
    start = threading.Barrier(2)
    results: list[DeliveryResult] = []

    def cron_run() -> None:
        with smtp_app.app_context():
            start.wait(timeout=10)
            results.append(deliver_undelivered())

    runs = [threading.Thread(target=cron_run) for _ in range(2)]
    for run in runs:
        run.start()
    for run in runs:
        run.join(timeout=60)
    assert len(results) == 2
    assert sorted(sink.recipients()) == addresses
    assert sum(result.sent for result in results) == 12
    assert all(result.failed == 0 for result in results)
    with smtp_app.app_context():
        assert all(m.sent_at is not None and m.attempts == 2 for m in all_messages())


def test_anonymous_posting_with_mail_server_down_is_stored(smtp_app, sink):
    sink.stop()
    client = smtp_app.test_client()
    with smtp_app.app_context():
        url = new_url(make_consultation())
        db.session.commit()
    data = {"text": INPUT, "kern": "", "display_name": "", "consent": "y", "website": ""}
    data.update(email="anoniem@example.org", csrf_token=csrf_token(client, url))
    response = client.post(url, data=data)
    assert response.status_code == 302 and response.location.endswith("/inbreng/verstuurd")
    assert background.wait()
    with smtp_app.app_context():
        assert db.session.scalars(select(Contribution)).one().text == INPUT
        message = only_message()
        assert message.recipient == "anoniem@example.org" and message.sent_at is None
        assert message.attempts == 1 and message.last_error
    sink.start()
    assert "sent 1" in deliver_command(smtp_app)
    assert sink.recipients() == ["anoniem@example.org"]


def test_official_answer_with_mail_server_down_is_published(smtp_app, sink):
    sink.stop()
    client = smtp_app.test_client()
    with smtp_app.app_context():
        municipality = make_municipality()
        analyst = make_user(Role.ANALYST, municipality=municipality)
        consultation = make_consultation(municipality=municipality)
        residents = [make_user() for _ in range(3)]
        for resident in residents:
            make_contribution(consultation=consultation, author=resident)
        db.session.commit()
        url = f"/werkplek/antwoorden/raadpleging/{consultation.id}"
        addresses = sorted(resident.email for resident in residents)
        login(client, analyst)
    answer = "Dank voor uw inbreng. We maken de stoep in maart heel. U krijgt dan een brief."
    response = client.post(url, data={"csrf_token": csrf_token(client, "/"), "text": answer})
    assert response.status_code == 302
    assert background.wait()
    with smtp_app.app_context():
        assert db.session.scalars(select(OfficialResponse)).one().text == answer
        messages = all_messages()
        assert sorted(m.recipient for m in messages) == addresses
        assert all(m.sent_at is None and m.attempts == 1 and m.last_error for m in messages)
    sink.start()
    assert "sent 3, failed 0" in deliver_command(smtp_app)
    assert sorted(sink.recipients()) == addresses


@pytest.fixture
def mail_redis() -> Iterator[Redis]:
    connection = Redis.from_url(MAIL_REDIS_URL)
    connection.flushdb()
    yield connection
    connection.flushdb()
    connection.close()


def test_with_redis_a_worker_sends_the_mail_after_the_commit(build_smtp_app, sink, mail_redis):
    app = build_smtp_app(REDIS_URL=MAIL_REDIS_URL)
    queue = Queue(QUEUE_NAME, connection=mail_redis)
    with app.test_request_context():
        user = make_user()
        send_confirmation(user)
        db.session.commit()
        assert sink.received == [] and queue.count == 1  # the request does not wait for SMTP
        SimpleWorker([queue], connection=mail_redis).work(burst=True)
        assert sink.recipients() == [user.email]
        assert only_message().sent_at is not None


def test_with_redis_down_the_commit_succeeds_and_cron_delivers(build_smtp_app, sink):
    app = build_smtp_app(REDIS_URL=f"redis://127.0.0.1:{closed_port()}/0")
    with app.test_request_context():
        user = make_user()
        email = user.email
        send_confirmation(user)
        db.session.commit()
        message = only_message()
        assert message.sent_at is None and message.attempts == 0
    assert "sent 1, failed 0" in deliver_command(app)
    assert sink.recipients() == [email]


def test_outbox_transport_keeps_mail_in_the_table(app, db):
    with app.test_request_context():
        user = make_user()
        send_confirmation(user)
        db.session.commit()
        message = only_message()
        assert not message.deliver_by_smtp and message.sent_at is None
        assert message.attempts == 0 and "/bevestigen" in message.body
    assert "not smtp" in deliver_command(app)


def test_old_mail_records_are_deleted_but_waiting_mail_and_the_outbox_stay(app, db):
    from datetime import timedelta

    from dialogue.mail.delivery import MAX_ATTEMPTS, purge_old_mail
    from dialogue.timeutil import utcnow

    now = utcnow()
    old, recent = now - timedelta(days=181), now - timedelta(days=10)

    def message(name: str, created_at, **state: Any) -> OutboxMessage:
        row = OutboxMessage(
            recipient=f"{name}@example.org", subject=name, body="", created_at=created_at, **state
        )
        db.session.add(row)
        return row

    message("old-sent", old, deliver_by_smtp=True, sent_at=old)
    message("old-given-up", old, deliver_by_smtp=True, attempts=MAX_ATTEMPTS)
    message("old-waiting", old, deliver_by_smtp=True, attempts=2)
    message("recent-sent", recent, deliver_by_smtp=True, sent_at=recent)
    message("old-outbox", old, deliver_by_smtp=False)
    db.session.commit()
    with app.app_context():
        assert purge_old_mail() == 2
        db.session.commit()
    left = set(db.session.scalars(select(OutboxMessage.subject)))
    assert left == {"old-waiting", "recent-sent", "old-outbox"}
    result = app.test_cli_runner().invoke(args=["mail", "purge-old"])
    assert result.output.strip() == "deleted 0 e-mail records older than 180 days"


def test_a_reset_request_does_not_wait_for_a_slow_mail_server(smtp_app, sink):
    """Without Redis the request only writes the message; a background thread sends it.

    Before, the request for an existing account talked to the mail server itself, so it
    took as long as the server (and longer than for an unknown address).
    """
    sink.delay = 2.0  # the server takes two seconds to accept a message
    client = smtp_app.test_client()
    with smtp_app.app_context():
        make_user(email="bekend@example.org")
        db.session.commit()
    token = csrf_token(client, "/account/wachtwoord-vergeten")
    for address in ("bekend@example.org", "onbekend@example.org"):
        response = client.post(
            "/account/wachtwoord-vergeten", data={"email": address, "csrf_token": token}
        )
        assert response.status_code == 302
        assert sink.received == []  # answered before the server accepted anything
    with smtp_app.app_context():
        assert only_message().recipient == "bekend@example.org"
    assert background.wait()
    assert sink.recipients() == ["bekend@example.org"]
    with smtp_app.app_context():
        assert only_message().sent_at is not None
