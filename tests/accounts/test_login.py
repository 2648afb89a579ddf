"""Logging in and out through the real forms; sessions are renewed and ended server-side."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from dialogue.accounts import services
from dialogue.accounts.models import Role
from dialogue.accounts.services import find_user_by_email
from dialogue.timeutil import utcnow
from tests.accounts.helpers import is_logged_in, log_in
from tests.conftest import login
from tests.factories import PASSWORD, make_user
from tests.helpers import csrf_token

GENERIC_ERROR = "Het e-mailadres of het wachtwoord klopt niet."


def test_resident_logs_in_and_goes_to_next(client, db):
    make_user(email="inwoner@example.org")
    db.session.commit()
    response = log_in(client, "inwoner@example.org", PASSWORD, next_url="/privacy")
    assert response.status_code == 302
    assert response.headers["Location"] == "/privacy"
    assert is_logged_in(client)


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:x"])
def test_next_never_leaves_the_site(client, db, target):
    make_user(email="inwoner@example.org")
    db.session.commit()
    response = log_in(client, "inwoner@example.org", PASSWORD, next_url=target)
    assert response.headers["Location"] == "/"


def test_wrong_password_and_unknown_email_get_the_same_answer(client, db, monkeypatch):
    make_user(email="inwoner@example.org")
    db.session.commit()
    checks: list[bool] = []
    real = services.verify_password
    monkeypatch.setattr(
        services,
        "verify_password",
        lambda stored, password: checks.append(stored is None) or real(stored, password),
    )
    wrong = log_in(client, "inwoner@example.org", "verkeerd wachtwoord")
    unknown = log_in(client, "niemand@example.org", "verkeerd wachtwoord")
    assert wrong.status_code == unknown.status_code == 200
    wrong_page, unknown_page = wrong.get_data(as_text=True), unknown.get_data(as_text=True)
    assert GENERIC_ERROR in wrong_page and GENERIC_ERROR in unknown_page
    token = csrf_token(wrong_page)
    assert wrong_page.replace(token, "").replace("inwoner@", "x@") == unknown_page.replace(
        csrf_token(unknown_page), ""
    ).replace("niemand@", "x@")
    # Both answers pass through argon2 once (for an unknown address on a dummy hash).
    assert checks == [False, True]
    assert not is_logged_in(client)


def test_disabled_user_cannot_log_in_and_gets_the_generic_answer(client, db):
    make_user(email="weg@example.org", active=False)
    db.session.commit()
    page = log_in(client, "weg@example.org", PASSWORD).get_data(as_text=True)
    assert GENERIC_ERROR in page
    assert not is_logged_in(client)


def test_session_is_renewed_at_login(client, db, app):
    make_user(email="inwoner@example.org")
    db.session.commit()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker before login"
    client.get("/account/inloggen")
    before = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    log_in(client, "inwoner@example.org", PASSWORD)
    after = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    assert before != after
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"].endswith(":" + session_token_of("inwoner@example.org"))


def session_token_of(email: str) -> str:
    return find_user_by_email(email).session_token


def test_logout_from_one_client_ends_the_session_of_another(app, db):
    make_user(email="inwoner@example.org")
    db.session.commit()
    first, second = app.test_client(), app.test_client()
    log_in(first, "inwoner@example.org", PASSWORD)
    stolen_cookie = first.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    log_in(second, "inwoner@example.org", PASSWORD)
    assert is_logged_in(first) and is_logged_in(second)

    page = second.get("/account/").get_data(as_text=True)
    response = second.post("/account/uitloggen", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302
    assert not is_logged_in(second)
    assert not is_logged_in(first)
    replay = app.test_client()
    replay.set_cookie(app.config["SESSION_COOKIE_NAME"], stolen_cookie)
    assert not is_logged_in(replay)


def test_logout_needs_post_with_csrf(client, db, as_user):
    as_user(make_user())
    assert client.get("/account/uitloggen").status_code in (404, 405)  # no GET route
    assert client.post("/account/uitloggen").status_code == 400
    assert is_logged_in(client)


def test_header_shows_logout_button_when_logged_in(client, db, as_user):
    assert 'action="/account/uitloggen"' not in client.get("/").get_data(as_text=True)
    as_user(make_user())
    assert 'action="/account/uitloggen"' in client.get("/").get_data(as_text=True)


def test_disabled_user_is_logged_out_at_next_request(client, db, as_user):
    user = make_user()
    db.session.commit()
    as_user(user)
    assert is_logged_in(client)
    user.active = False
    db.session.commit()
    response = client.get("/account/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/inloggen")


@pytest.mark.parametrize(
    ("since_login", "since_seen", "logged_in"),
    [
        (timedelta(minutes=40), timedelta(minutes=29), True),
        (timedelta(minutes=40), timedelta(minutes=31), False),  # idle timeout
        (timedelta(hours=10, minutes=1), timedelta(minutes=1), False),  # absolute timeout
    ],
)
def test_official_timeouts(client, db, since_login, since_seen, logged_in):
    official = make_user(Role.MODERATOR)
    db.session.commit()
    login(client, official)
    now = utcnow()
    with client.session_transaction() as session:
        session["login_at"] = (now - since_login).isoformat()
        session["seen_at"] = (now - since_seen).isoformat()
    response = client.get("/account/")
    assert (response.status_code == 200) is logged_in
    if not logged_in:
        assert response.headers["Location"].startswith("/account/inloggen")
        assert not is_logged_in(client)


@pytest.mark.parametrize(
    ("since_login", "since_seen", "logged_in"),
    [
        (timedelta(days=20), timedelta(days=6, hours=23), True),
        (timedelta(days=20), timedelta(days=7, minutes=1), False),  # idle timeout
        (timedelta(days=30, minutes=1), timedelta(minutes=1), False),  # absolute timeout
    ],
)
def test_resident_timeouts(client, db, since_login, since_seen, logged_in):
    login(client, make_user())
    now = utcnow()
    with client.session_transaction() as session:
        session["login_at"] = (now - since_login).isoformat()
        session["seen_at"] = (now - since_seen).isoformat()
    response = client.get("/account/")
    assert (response.status_code == 200) is logged_in
    if not logged_in:
        assert response.headers["Location"].startswith("/account/inloggen")
        assert not is_logged_in(client)


def test_resident_timeouts_are_configurable(client, app, db, monkeypatch):
    monkeypatch.setitem(app.config, "RESIDENT_IDLE_TIMEOUT_DAYS", 1)
    login(client, make_user())
    with client.session_transaction() as session:
        session["seen_at"] = (utcnow() - timedelta(days=1, minutes=1)).isoformat()
    assert not is_logged_in(client)


def test_a_visit_keeps_a_resident_session_alive(client, db):
    login(client, make_user())
    with client.session_transaction() as session:
        session["seen_at"] = (utcnow() - timedelta(days=6)).isoformat()
    assert is_logged_in(client)
    with client.session_transaction() as session:
        seen_at = datetime.fromisoformat(session["seen_at"])
    assert utcnow() - seen_at < timedelta(minutes=1)
