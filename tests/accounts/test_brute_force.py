"""Wrong passwords and codes are limited per account, with a growing wait, logged and audited."""

from __future__ import annotations

import logging
import os
import time

import pyotp
import pytest
from sqlalchemy import select

from dialogue.accounts import throttle
from dialogue.accounts.models import Role
from dialogue.audit.models import AuditEvent
from dialogue.extensions import db
from tests.accounts.helpers import is_logged_in
from tests.factories import PASSWORD, TOTP_SECRET, make_user
from tests.helpers import csrf_token

LOGIN = "/account/inloggen"
CODE = "/account/inloggen/code"
LOCKED = "U heeft te vaak iets verkeerd ingevuld."


@pytest.fixture
def guarded_app(make_app):
    return make_app(
        RATELIMIT_ENABLED=True,
        AUTH_RATE_LIMIT="1000 per minute",  # the per-IP limit is tested elsewhere
        ACCOUNT_FAILURE_LIMITS="3 per minute; 5 per hour",
        OFFICIAL_FAILURE_AUDIT_EVERY=3,
    )


def post_login(client, email: str, password: str, ip: str = "10.0.0.1"):
    token = csrf_token(client.get(LOGIN).get_data(as_text=True))
    return client.post(
        LOGIN,
        data={"email": email, "password": password, "csrf_token": token},
        environ_base={"REMOTE_ADDR": ip},
    )


@pytest.mark.parametrize("known", [True, False])
def test_wrong_passwords_lock_the_address_whatever_the_ip(guarded_app, known):
    client = guarded_app.test_client()
    with guarded_app.app_context():
        if known:
            make_user(email="inwoner@example.org")
            db.session.commit()
        statuses = [
            post_login(client, "inwoner@example.org", "fout", ip=f"10.0.0.{n}").status_code
            for n in range(3)
        ]
        assert statuses == [200, 200, 200]
        # Even the right password, from yet another address, waits now; an unknown address
        # is treated the same, so the wait reveals no accounts.
        locked = post_login(client, "Inwoner@Example.org ", PASSWORD, ip="10.0.0.99")
        assert locked.status_code == 429
        assert LOCKED in locked.get_data(as_text=True)
        assert not is_logged_in(client)
        # Another account is not affected.
        assert post_login(client, "ander@example.org", "fout").status_code == 200


def test_the_wait_grows_with_the_failures(make_app):
    app = make_app(
        RATELIMIT_ENABLED=True,
        AUTH_RATE_LIMIT="1000 per minute",
        ACCOUNT_FAILURE_LIMITS="2 per 2 seconds; 3 per hour",
    )
    with app.test_request_context():
        for _ in range(2):
            throttle.record_failure(throttle.PASSWORD, "x@example.org")
        first_wait = throttle.seconds_locked(throttle.PASSWORD, "x@example.org")
        assert 1 <= first_wait <= 2
        time.sleep(2.1)
        assert throttle.seconds_locked(throttle.PASSWORD, "x@example.org") == 0
        throttle.record_failure(throttle.PASSWORD, "x@example.org")
        assert throttle.seconds_locked(throttle.PASSWORD, "x@example.org") > 3500


def test_a_successful_login_forgets_earlier_failures(guarded_app):
    client = guarded_app.test_client()
    with guarded_app.app_context():
        make_user(email="inwoner@example.org")
        db.session.commit()
        post_login(client, "inwoner@example.org", "fout")
        post_login(client, "inwoner@example.org", "fout")
        assert post_login(client, "inwoner@example.org", PASSWORD).status_code == 302
        client.post(
            "/account/uitloggen",
            data={"csrf_token": csrf_token(client.get("/account/").get_data(as_text=True))},
        )
        for _ in range(3):
            assert post_login(client, "inwoner@example.org", "fout").status_code == 200


def test_every_failure_is_logged_without_the_address(guarded_app, caplog):
    client = guarded_app.test_client()
    with guarded_app.app_context():
        user_id = make_user(email="inwoner@example.org").id
        db.session.commit()
        with caplog.at_level(logging.WARNING, logger="dialogue.accounts.failures"):
            post_login(client, "inwoner@example.org", "fout", ip="192.0.2.7")
            post_login(client, "niemand@example.org", "fout", ip="192.0.2.8")
    lines = [record.getMessage() for record in caplog.records]
    assert lines == [
        f"failed password for user {user_id} from 192.0.2.7 (1 recent failures)",
        "failed password for an unknown address from 192.0.2.8 (1 recent failures)",
    ]
    assert "example.org" not in caplog.text


def _audited(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_repeated_failures_of_an_official_are_audited(guarded_app):
    client = guarded_app.test_client()
    with guarded_app.app_context():
        official = make_user(Role.ADMIN, email="beheer@example.org")
        make_user(email="inwoner@example.org")
        db.session.commit()
        for _ in range(3):
            post_login(client, "beheer@example.org", "fout", ip="192.0.2.9")
            post_login(client, "inwoner@example.org", "fout")
        events = _audited("official.login_failures")
        assert len(events) == 1  # the official's third failure; residents are not audited
        assert events[0].target_id == str(official.id)
        assert events[0].municipality_id == official.municipality_id
        assert events[0].details == {"step": "password", "failures": 3, "ip": "192.0.2.9"}


def test_wrong_codes_lock_the_code_step(guarded_app):
    client = guarded_app.test_client()
    with guarded_app.app_context():
        official = make_user(Role.MODERATOR, email="moderator@example.org")
        db.session.commit()
        assert post_login(client, official.email, PASSWORD).headers["Location"] == CODE
        token = csrf_token(client.get(CODE).get_data(as_text=True))
        wrong = [
            client.post(CODE, data={"code": "000000", "csrf_token": token}).status_code
            for _ in range(3)
        ]
        assert wrong == [200, 200, 200]
        right = pyotp.TOTP(TOTP_SECRET).now()
        locked = client.post(CODE, data={"code": right, "csrf_token": token})
        assert locked.status_code == 429 and LOCKED in locked.get_data(as_text=True)
        assert not is_logged_in(client)
        assert len(_audited("official.login_failures")) == 1


def test_with_redis_two_workers_share_the_count(make_app):
    """Two app instances (two gunicorn workers) count an address's failures together."""
    redis_url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    settings = {
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": redis_url,
        "ACCOUNT_FAILURE_LIMITS": "3 per minute",
    }
    first, second = make_app(**settings), make_app(**settings)
    address = f"gedeeld-{time.time_ns()}@example.org"
    with first.test_request_context():
        throttle.record_failure(throttle.PASSWORD, address)
        throttle.record_failure(throttle.PASSWORD, address)
    with second.test_request_context():
        throttle.record_failure(throttle.PASSWORD, address)
        assert throttle.seconds_locked(throttle.PASSWORD, address) > 0
    with first.test_request_context():
        assert throttle.seconds_locked(throttle.PASSWORD, address) > 0
        throttle.clear_failures(throttle.PASSWORD, address)
