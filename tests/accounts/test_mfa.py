"""Two-factor authentication for officials: setup, login step and replay protection."""

from __future__ import annotations

import re

import pyotp
import pytest
from sqlalchemy import select

from dialogue.accounts import services
from dialogue.accounts.models import Role
from dialogue.audit.models import AuditEvent
from dialogue.extensions import db as database
from dialogue.security import role_required
from tests.accounts.helpers import is_logged_in, log_in, submit
from tests.factories import PASSWORD, make_user
from tests.helpers import csrf_token

SETUP = "/account/tweestapsverificatie"
CODE = "/account/inloggen/code"
START = 1_800_000_000.0  # a fixed moment, so the tests choose the TOTP time steps


@pytest.fixture
def clock(monkeypatch):
    """Control the time the TOTP check sees; returns a setter."""
    now = {"t": START}
    monkeypatch.setattr(services, "clock", lambda: now["t"])
    return lambda seconds: now.__setitem__("t", START + seconds)


def code_at(secret: str, seconds: float) -> str:
    return pyotp.TOTP(secret).at(START + seconds)


def official_without_totp(email: str = "ambtenaar@example.org"):
    return make_user(Role.MODERATOR, email=email, totp_secret=None, totp_enabled=False)


def test_first_login_leads_to_setup_then_code_login(client, db, clock):
    official = official_without_totp()
    db.session.commit()

    response = log_in(client, official.email, PASSWORD, next_url="/privacy")
    assert response.status_code == 302
    assert response.headers["Location"].startswith(SETUP)

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<svg" in page and 'class="kp-qr"' in page
    # No inline script or style (the CSP forbids both); the site's script files may load.
    assert not re.search(r"<script(?![^>]*\bsrc=)", page) and "style=" not in page
    db.session.refresh(official)
    secret = official.totp_secret
    assert secret and secret in page
    assert not official.totp_enabled
    assert "Kernpunt" in services.totp_uri(official)
    assert services.totp_uri(official).startswith("otpauth://totp/")

    wrong = submit(client, response.headers["Location"], {"code": "000000"})
    assert "Deze code klopt niet" in wrong.get_data(as_text=True)

    done = submit(client, response.headers["Location"], {"code": code_at(secret, 0)})
    # The answer shows the recovery codes once, then leads on to where the official was going.
    assert done.status_code == 200
    shown = done.get_data(as_text=True)
    assert len(re.findall(r"<code>[2-9A-Z]{5}-[2-9A-Z]{5}</code>", shown)) == 10
    assert 'href="/privacy"' in shown
    db.session.refresh(official)
    assert official.totp_enabled
    with client.session_transaction() as session:
        assert session["mfa_ok"] is True

    # Next login: password, then a code from a later time step.
    client.post("/account/uitloggen", data={"csrf_token": _token(client)})
    clock(30)
    step_one = log_in(client, official.email, PASSWORD)
    assert step_one.headers["Location"] == CODE
    assert not is_logged_in(client)
    step_two = submit(client, CODE, {"code": code_at(secret, 30)})
    assert step_two.status_code == 302
    assert is_logged_in(client)
    with client.session_transaction() as session:
        assert session["mfa_ok"] is True
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.actor_id == official.id)
    ).all()
    assert actions.count("official.login") == 2
    assert "official.mfa_enabled" in actions


def _token(client) -> str:
    return csrf_token(client.get("/account/").get_data(as_text=True))


def test_code_replay_is_refused(app, db, clock):
    official = make_user(Role.ADMIN, email="beheer@example.org")
    db.session.commit()
    first, second = app.test_client(), app.test_client()
    code = code_at(official.totp_secret, 0)

    log_in(first, official.email, PASSWORD)
    assert submit(first, CODE, {"code": code}).status_code == 302
    assert is_logged_in(first)

    # An attacker who saw the code and knows the password cannot reuse it.
    log_in(second, official.email, PASSWORD)
    replay = submit(second, CODE, {"code": code})
    assert replay.status_code == 200
    assert "Deze code klopt niet" in replay.get_data(as_text=True)
    assert not is_logged_in(second)

    # Nor can an older code from the previous step (still inside valid_window=1).
    assert submit(second, CODE, {"code": code_at(official.totp_secret, -30)}).status_code == 200
    clock(30)
    assert submit(second, CODE, {"code": code_at(official.totp_secret, 30)}).status_code == 302


@pytest.mark.parametrize(
    ("offset", "accepted"), [(-30, True), (30, True), (-60, False), (90, False)]
)
def test_code_window_is_one_step(db, clock, offset, accepted):
    official = make_user(Role.ANALYST)
    assert services.check_totp(official, code_at(official.totp_secret, offset)) is accepted


def test_code_step_needs_a_pending_login(client, db):
    response = client.get(CODE)
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/inloggen"


def test_wrong_password_never_reaches_the_code_step(client, db):
    official = make_user(Role.MODERATOR)
    db.session.commit()
    response = log_in(client, official.email, "niet het wachtwoord")
    assert response.status_code == 200
    assert client.get(CODE).status_code == 302


def test_official_without_second_factor_is_sent_to_setup_by_role_required(make_app):
    app = make_app()

    @app.get("/_officials_only")
    @role_required(Role.MODERATOR)
    def officials_only():
        return "ok"

    client = app.test_client()
    with app.app_context():
        official = official_without_totp()
        database.session.commit()
        log_in(client, official.email, PASSWORD)
        response = client.get("/_officials_only")
        assert response.status_code == 302
        assert response.headers["Location"].startswith(SETUP)


def test_resident_has_no_setup_page(client, db, as_user):
    as_user(make_user())
    assert client.get(SETUP).status_code == 403


def test_setup_page_shows_status_once_enabled(client, db, as_user):
    as_user(make_user(Role.MODERATOR))
    page = client.get(SETUP).get_data(as_text=True)
    assert "staat aan" in page
    assert not re.search(r"<svg", page)
