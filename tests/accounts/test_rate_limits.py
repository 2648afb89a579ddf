"""Attempts on the login, register, reset and code forms are limited per IP address."""

from __future__ import annotations

import pytest

from dialogue.accounts.models import Role
from dialogue.extensions import db
from tests.factories import PASSWORD, make_user
from tests.helpers import csrf_token


@pytest.fixture
def limited_app(make_app):
    return make_app(RATELIMIT_ENABLED=True, AUTH_RATE_LIMIT="3 per minute")


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/account/inloggen", {"email": "x@example.org", "password": "verkeerd"}),
        ("/account/wachtwoord-vergeten", {"email": "x@example.org"}),
        ("/account/registreren", {"email": "geen-adres"}),
    ],
)
def test_auth_forms_are_rate_limited(limited_app, url, data):
    client = limited_app.test_client()
    with limited_app.app_context():
        token = csrf_token(client.get(url).get_data(as_text=True))
        responses = [client.post(url, data={**data, "csrf_token": token}) for _ in range(4)]
        statuses = [response.status_code for response in responses]
        assert statuses[:3] == [statuses[0]] * 3 and statuses[0] in (200, 302)
        assert statuses[3] == 429
        assert "U heeft dit te vaak geprobeerd" in responses[3].get_data(as_text=True)
        # Reading the page is not limited.
        assert client.get(url).status_code == 200
        # Another IP address has its own count.
        other = client.post(
            url, data={**data, "csrf_token": token}, environ_base={"REMOTE_ADDR": "10.0.0.9"}
        )
        assert other.status_code != 429


def test_code_step_is_rate_limited(limited_app):
    client = limited_app.test_client()
    with limited_app.app_context():
        official = make_user(Role.MODERATOR, email="ambtenaar@example.org")
        db.session.commit()
        token = csrf_token(client.get("/account/inloggen").get_data(as_text=True))
        client.post(
            "/account/inloggen",
            data={"email": official.email, "password": PASSWORD, "csrf_token": token},
        )
        token = csrf_token(client.get("/account/inloggen/code").get_data(as_text=True))
        statuses = [
            client.post(
                "/account/inloggen/code", data={"code": "000000", "csrf_token": token}
            ).status_code
            for _ in range(4)
        ]
        assert statuses == [200, 200, 200, 429]
