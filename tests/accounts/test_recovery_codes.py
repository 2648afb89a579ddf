"""One-time recovery codes: given at two-factor enrolment, each usable once at login."""

from __future__ import annotations

import re

import pyotp
from sqlalchemy import select

from dialogue.accounts.models import RecoveryCode, Role
from dialogue.accounts.recovery import new_recovery_codes, remaining_recovery_codes
from dialogue.audit.models import AuditEvent
from tests.accounts.helpers import is_logged_in, log_in, submit
from tests.conftest import login
from tests.factories import PASSWORD, make_user
from tests.helpers import csrf_token

CODE = "/account/inloggen/code"
RECOVERY = "/account/inloggen/herstelcode"
SETUP = "/account/tweestapsverificatie"
CODE_PATTERN = re.compile(r"<code>([2-9A-Z]{5}-[2-9A-Z]{5})</code>")


def use_recovery(client, code: str):
    token = csrf_token(client.get(CODE).get_data(as_text=True))
    return client.post(RECOVERY, data={"recovery_code": code, "csrf_token": token})


def test_enrolment_shows_ten_codes_once_and_stores_only_digests(client, db):
    official = make_user(Role.ANALYST, totp_secret=None, totp_enabled=False)
    db.session.commit()
    log_in(client, official.email, PASSWORD)
    client.get(SETUP)
    db.session.refresh(official)
    code = pyotp.TOTP(official.totp_secret).now()
    shown = submit(client, SETUP, {"code": code}).get_data(as_text=True)
    codes = CODE_PATTERN.findall(shown)
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = db.session.scalars(select(RecoveryCode.code_hash)).all()
    assert len(stored) == 10 and not set(codes) & set(stored)
    assert not CODE_PATTERN.search(client.get(SETUP).get_data(as_text=True))  # never again


def test_a_recovery_code_logs_in_once(client, app, db):
    official = make_user(Role.MODERATOR, email="moderator@example.org")
    codes = new_recovery_codes(official)
    db.session.commit()

    assert log_in(client, official.email, PASSWORD).headers["Location"] == CODE
    wrong = use_recovery(client, "AAAAA-BBBBB")
    assert wrong.status_code == 200 and "Deze herstelcode klopt niet" in wrong.get_data(
        as_text=True
    )
    assert not is_logged_in(client)
    used = use_recovery(client, codes[3].lower().replace("-", " "))  # as typed from paper
    assert used.status_code == 302
    assert is_logged_in(client)
    with client.session_transaction() as session:
        assert session["mfa_ok"] is True
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "official.recovery_code_used")
    )
    assert event is not None and event.details == {"left": 9}

    other = app.test_client()
    log_in(other, official.email, PASSWORD)
    again = use_recovery(other, codes[3])
    assert again.status_code == 200 and not is_logged_in(other)
    assert remaining_recovery_codes(official) == 9


def test_another_officials_code_does_not_work(client, db):
    official = make_user(Role.MODERATOR, email="moderator@example.org")
    colleague = make_user(Role.MODERATOR, email="collega@example.org")
    new_recovery_codes(official)
    colleague_codes = new_recovery_codes(colleague)
    db.session.commit()
    log_in(client, official.email, PASSWORD)
    assert use_recovery(client, colleague_codes[0]).status_code == 200
    assert not is_logged_in(client)


def test_without_a_pending_login_a_recovery_code_does_nothing(client, db):
    official = make_user(Role.MODERATOR)
    codes = new_recovery_codes(official)
    db.session.commit()
    token = csrf_token(client.get("/account/inloggen").get_data(as_text=True))
    response = client.post(RECOVERY, data={"recovery_code": codes[0], "csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"] == "/account/inloggen"
    assert remaining_recovery_codes(official) == 10


def test_new_codes_replace_the_old_ones(client, db):
    official = make_user(Role.ADMIN)
    old = new_recovery_codes(official)
    db.session.commit()
    login(client, official)
    page = client.get(SETUP).get_data(as_text=True)
    assert "U heeft nog 10 herstelcodes" in page
    response = client.post(f"{SETUP}/herstelcodes", data={"csrf_token": csrf_token(page)})
    new = CODE_PATTERN.findall(response.get_data(as_text=True))
    assert len(new) == 10 and not set(new) & set(old)
    client.post("/account/uitloggen", data={"csrf_token": csrf_token(page)})
    log_in(client, official.email, PASSWORD)
    assert use_recovery(client, old[0]).status_code == 200
    assert use_recovery(client, new[0]).status_code == 302
