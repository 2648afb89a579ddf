"""Resetting a forgotten password with a signed, expiring, single-use link."""

from __future__ import annotations

import re

from dialogue.accounts.services import find_user_by_email
from dialogue.accounts.tokens import password_fingerprint
from dialogue.mail.links import CONFIRM_EMAIL, issue_link_token
from tests.accounts.helpers import is_logged_in, link_in, log_in, outbox, submit
from tests.conftest import login
from tests.factories import PASSWORD, make_user
from tests.helpers import csrf_token

REQUEST = "/account/wachtwoord-vergeten"
NEW_PASSWORD = "een nieuw en lang wachtwoord"


def request_link(client, email: str) -> str:
    submit(client, REQUEST, {"email": email})
    return link_in(outbox(email)[-1], "/account/wachtwoord-herstellen/")


def choose(client, link: str, password: str = NEW_PASSWORD):
    return submit(client, link, {"password": password, "password_repeat": password})


def test_same_answer_whether_or_not_the_address_exists(client, db):
    make_user(email="bekend@example.org")
    db.session.commit()
    known = submit(client, REQUEST, {"email": "bekend@example.org"})
    known_page = client.get(known.headers["Location"]).get_data(as_text=True)
    unknown = submit(client, REQUEST, {"email": "onbekend@example.org"})
    unknown_page = client.get(unknown.headers["Location"]).get_data(as_text=True)
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    assert "Als er een account is met dit e-mailadres" in known_page
    strip = re.compile(r'value="[^"]{40,}"')
    assert strip.sub("", known_page) == strip.sub("", unknown_page)
    assert len(outbox("bekend@example.org")) == 1
    assert outbox("onbekend@example.org") == []


def test_reset_sets_password_and_ends_every_session(app, db):
    user = make_user(email="inwoner@example.org")
    db.session.commit()
    other_device = login(app.test_client(), user)
    assert is_logged_in(other_device)

    client = app.test_client()
    link = request_link(client, "inwoner@example.org")
    response = choose(client, link)
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/inloggen"
    assert not is_logged_in(other_device)
    assert log_in(client, "inwoner@example.org", PASSWORD).status_code == 200
    assert log_in(client, "inwoner@example.org", NEW_PASSWORD).status_code == 302


def test_reset_link_works_only_once(client, db):
    make_user(email="inwoner@example.org")
    db.session.commit()
    link = request_link(client, "inwoner@example.org")
    assert choose(client, link).status_code == 302
    reused = client.get(link)
    assert reused.status_code == 400
    assert "Deze link werkt niet" in reused.get_data(as_text=True)
    # Posting to the used link (with a valid CSRF token) changes nothing either.
    token = csrf_token(client.get(REQUEST).get_data(as_text=True))
    again = client.post(
        link,
        data={
            "password": "nog een ander wachtwoord",
            "password_repeat": "nog een ander wachtwoord",
            "csrf_token": token,
        },
    )
    assert again.status_code == 400
    assert log_in(client, "inwoner@example.org", NEW_PASSWORD).status_code == 302


def test_older_link_stops_working_after_a_newer_one_is_used(client, db):
    make_user(email="inwoner@example.org")
    db.session.commit()
    first = request_link(client, "inwoner@example.org")
    second = request_link(client, "inwoner@example.org")
    assert choose(client, second).status_code == 302
    assert client.get(first).status_code == 400


def test_reset_link_expires(client, db, app, monkeypatch):
    make_user(email="inwoner@example.org")
    db.session.commit()
    link = request_link(client, "inwoner@example.org")
    monkeypatch.setitem(app.config, "EMAIL_TOKEN_MAX_AGE", -1)
    assert client.get(link).status_code == 400


def test_confirm_token_is_not_a_reset_token(client, db):
    user = make_user(email="inwoner@example.org")
    db.session.commit()
    with client.application.test_request_context():
        confirm = issue_link_token(
            CONFIRM_EMAIL, user_id=user.id, bound_to=password_fingerprint(user.password_hash)
        )
        db.session.commit()
    assert client.get(f"/account/wachtwoord-herstellen/{confirm}").status_code == 400


def test_new_password_follows_the_policy(client, db):
    make_user(email="inwoner@example.org", display_name="Inwoner")
    db.session.commit()
    link = request_link(client, "inwoner@example.org")
    for bad, message in [
        ("kort", "te kort"),
        ("welkom01", "veel gebruikt"),
        ("inwoner@example.org", "e-mailadres of naam"),
    ]:
        page = choose(client, link, bad).get_data(as_text=True)
        assert message in page
    user = find_user_by_email("inwoner@example.org")
    db.session.refresh(user)
    assert log_in(client, "inwoner@example.org", PASSWORD).status_code == 302
