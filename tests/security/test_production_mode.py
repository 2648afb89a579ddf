"""Production mode behind a simulated reverse proxy: links, Host refusal, per-client limits, cookies.

The test client plays nginx: every request comes from 127.0.0.1 over plain HTTP, with the
client's address in X-Forwarded-For and the original scheme in X-Forwarded-Proto.
"""

from __future__ import annotations

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from dialogue.extensions import db
from tests.accounts.helpers import link_in, outbox
from tests.factories import make_user
from tests.helpers import csrf_token

BASE_URL = "https://inspraak.dijkzicht.nl"
HOST = "inspraak.dijkzicht.nl"
PROXY = "127.0.0.1"
RESET = "/account/wachtwoord-vergeten"


@pytest.fixture
def production_app(make_app) -> Flask:
    return make_app(
        KERNPUNT_ENV="production",
        SECRET_KEY="p" * 48,
        BASE_URL=BASE_URL,
        PROXY_COUNT=1,
        PRIVACY_CONTACT="privacy@dijkzicht.example.nl",
        RATELIMIT_ENABLED=True,
        AUTH_RATE_LIMIT="3 per minute",
    )


class BehindProxy:
    """A browser at client_ip talking to the app through one reverse proxy."""

    def __init__(self, app: Flask, client_ip: str, *, host: str = HOST) -> None:
        self.client = app.test_client()
        self.client_ip = client_ip
        self.host = host

    def _headers(self, forwarded_for: str | None) -> dict[str, str]:
        return {
            "Host": self.host,
            "X-Forwarded-For": forwarded_for or self.client_ip,
            "X-Forwarded-Proto": "https",
            # Browsers send it on same-origin posts (Referrer-Policy same-origin); CSRF
            # protection checks it on HTTPS.
            "Referer": f"https://{self.host}/",
        }

    def get(self, path: str) -> TestResponse:
        return self.client.get(
            path, headers=self._headers(None), environ_base={"REMOTE_ADDR": PROXY}
        )

    def post_form(
        self, path: str, data: dict[str, str], *, forwarded_for: str | None = None
    ) -> TestResponse:
        token = csrf_token(self.get(path).get_data(as_text=True))
        return self.client.post(
            path,
            data={**data, "csrf_token": token},
            headers=self._headers(forwarded_for),
            environ_base={"REMOTE_ADDR": PROXY},
        )


def test_reset_link_is_built_from_the_base_url(production_app):
    with production_app.app_context():
        make_user(email="inwoner@example.org")
        db.session.commit()
        browser = BehindProxy(production_app, "203.0.113.5")
        assert browser.post_form(RESET, {"email": "inwoner@example.org"}).status_code == 302
        body = outbox("inwoner@example.org")[-1].body
        assert f"{BASE_URL}/account/wachtwoord-herstellen/" in body
        assert link_in(outbox("inwoner@example.org")[-1], "/account/wachtwoord-herstellen/")


def test_a_foreign_host_is_refused_before_anything_happens(production_app):
    with production_app.app_context():
        make_user(email="inwoner@example.org")
        db.session.commit()
        attacker = BehindProxy(production_app, "203.0.113.66", host="evil.example")
        refused = attacker.get(RESET)
        assert refused.status_code == 400
        assert "evil.example" not in refused.get_data(as_text=True)
        posted = attacker.client.post(
            RESET,
            data={"email": "inwoner@example.org"},
            headers={"Host": "evil.example", "X-Forwarded-Proto": "https"},
            environ_base={"REMOTE_ADDR": PROXY},
        )
        assert posted.status_code == 400
        assert outbox("inwoner@example.org") == []
        # The instance's own host, with a port, is fine.
        assert (
            BehindProxy(production_app, "203.0.113.5", host=f"{HOST}:443").get(RESET).status_code
            == 200
        )


def test_rate_limits_count_per_client_not_per_proxy(production_app):
    with production_app.app_context():
        first = BehindProxy(production_app, "203.0.113.5")
        statuses = [
            first.post_form(RESET, {"email": "x@example.org"}).status_code for _ in range(4)
        ]
        assert statuses == [302, 302, 302, 429]
        # A client cannot escape its count by putting addresses of its own in front:
        # the proxy appends the real one, and only that last one is trusted.
        spoofed = first.post_form(
            RESET, {"email": "x@example.org"}, forwarded_for="198.51.100.1, 203.0.113.5"
        )
        assert spoofed.status_code == 429
        # Another resident behind the same proxy has a count of their own.
        second = BehindProxy(production_app, "198.51.100.7")
        assert second.post_form(RESET, {"email": "x@example.org"}).status_code == 302


def test_cookies_are_secure_and_hsts_is_sent(production_app):
    with production_app.app_context():
        page = BehindProxy(production_app, "203.0.113.5").get("/account/inloggen")
        assert page.status_code == 200
        cookies = page.headers.getlist("Set-Cookie")
        assert cookies and all("Secure" in cookie and "HttpOnly" in cookie for cookie in cookies)
        assert page.headers["Strict-Transport-Security"].startswith("max-age=")


def test_health_probes_answer_on_an_internal_address(production_app):
    """A container health check or load balancer asks 127.0.0.1:8000: the probes hold no links."""
    with production_app.app_context():
        internal = production_app.test_client()
        headers = {"Host": "127.0.0.1:8000"}
        assert internal.get("/healthz", headers=headers).status_code == 200
        assert internal.get("/readyz", headers=headers).status_code in (200, 503)
        assert internal.get("/", headers=headers).status_code == 400
        assert internal.get("/healthz/../", headers=headers).status_code == 400
