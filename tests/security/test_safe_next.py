"""`next` targets: only local paths, never control characters that split the Location header."""

from __future__ import annotations

import pytest

from dialogue.main.routes import safe_next
from tests.accounts.helpers import submit
from tests.factories import PASSWORD, make_user


@pytest.mark.parametrize(
    "target",
    [
        "/privacy\r\nSet-Cookie: kernpunt_session=x",
        "/privacy\nLocation: https://evil.example/",
        "/privacy\r",
        "/\t/evil.example",
        "/\x00",
        "/\x7f",
        "/\\evil.example",
        "https://evil.example/",
        "//evil.example",
        "privacy",
    ],
)
def test_unsafe_targets_give_the_default(target):
    assert safe_next(target, "/standaard") == "/standaard"


@pytest.mark.parametrize("target", ["/privacy", "/dijkzicht/windpark?pagina=2", "/a%0D%0Ab"])
def test_local_paths_pass(target):
    assert safe_next(target) == target


def test_language_switch_with_crlf_in_next_redirects_home(app, db):
    app.config["WTF_CSRF_ENABLED"] = False
    try:
        response = app.test_client().post(
            "/taal", data={"lang": "en", "next": "/privacy\r\nSet-Cookie: x=1"}
        )
    finally:
        app.config["WTF_CSRF_ENABLED"] = True
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_login_with_crlf_in_next_lands_on_the_default_page(client, db):
    make_user(email="inwoner@example.org")
    db.session.commit()
    response = submit(
        client,
        "/account/inloggen?next=/privacy%0D%0ASet-Cookie:%20x=1",
        {"email": "inwoner@example.org", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
