"""Register, log in and password reset answer alike for known and unknown addresses."""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from dialogue.config import Config
from dialogue.extensions import db
from tests.factories import PASSWORD, make_user

KNOWN = "bekend@example.org"
UNKNOWN = "onbekend@example.org"
TOKEN = re.compile(r'name="csrf_token"[^>]*value="[^"]*"|value="[^"]*"[^>]*name="csrf_token"')
#: Requests per address and form for the timing comparison (medians, compared loosely).
TIMING_SAMPLES = 7
#: A known address may take at most this many times as long as an unknown one, or the reverse.
TIMING_RATIO = 2.5

FORMS: dict[str, tuple[str, Callable[[str], dict]]] = {
    "register": (
        "/account/registreren",
        lambda email: {
            "display_name": "Iemand",
            "email": email,
            "password": "een heel lang wachtwoord",
            "password_repeat": "een heel lang wachtwoord",
            "consent": "y",
        },
    ),
    "login": (
        "/account/inloggen",
        lambda email: {"email": email, "password": "fout-wachtwoord-123"},
    ),
    "reset": ("/account/wachtwoord-vergeten", lambda email: {"email": email}),
}


def answer(client: FlaskClient, path: str, data: dict) -> tuple[int, str, str]:
    """Return status, redirect target and the page the visitor ends on.

    The CSRF token and the address the visitor typed (echoed in the form) are blanked.
    """
    response = client.post(path, data=data)
    location = response.headers.get("Location", "")
    page = client.get(location) if response.status_code in (302, 303) else response
    body = TOKEN.sub("csrf", page.get_data(as_text=True)).replace(data["email"], "EMAIL")
    return response.status_code, location, body


@pytest.fixture
def enumeration_app(make_app) -> Flask:
    app = make_app(
        WTF_CSRF_ENABLED=False,
        ARGON2_FAST=False,
        RESET_REQUEST_MIN_SECONDS=Config.RESET_REQUEST_MIN_SECONDS,
    )
    with app.app_context():
        make_user(email=KNOWN)
        db.session.commit()
    return app


@pytest.mark.slow
@pytest.mark.parametrize("form", sorted(FORMS))
def test_known_and_unknown_addresses_get_the_same_answer(enumeration_app: Flask, form: str) -> None:
    path, data = FORMS[form]
    known = answer(enumeration_app.test_client(), path, data(KNOWN))
    unknown = answer(enumeration_app.test_client(), path, data(UNKNOWN))
    assert known[0] == unknown[0], f"{form}: status {known[0]} vs {unknown[0]}"
    assert known[1] == unknown[1], f"{form}: redirect {known[1]} vs {unknown[1]}"
    assert known[2] == unknown[2], f"{form}: the pages differ"


@pytest.mark.slow
@pytest.mark.parametrize("form", sorted(FORMS))
def test_known_and_unknown_addresses_take_similar_time(enumeration_app: Flask, form: str) -> None:
    path, data = FORMS[form]
    timings: dict[str, list[float]] = {KNOWN: [], UNKNOWN: []}
    for _ in range(TIMING_SAMPLES):
        for email in (KNOWN, UNKNOWN):  # interleaved, so that machine load hits both alike
            client = enumeration_app.test_client()
            started = time.perf_counter()
            client.post(path, data=data(email))
            timings[email].append(time.perf_counter() - started)
    known, unknown = (statistics.median(timings[e]) for e in (KNOWN, UNKNOWN))
    ratio = max(known, unknown) / min(known, unknown)
    assert ratio < TIMING_RATIO, (
        f"{form}: median {known * 1000:.0f} ms (known) vs {unknown * 1000:.0f} ms (unknown)"
    )


def test_login_with_right_password_still_works(enumeration_app: Flask) -> None:
    """Guards the fixture: a known address with its password does log in (redirect)."""
    client = enumeration_app.test_client()
    response = client.post("/account/inloggen", data={"email": KNOWN, "password": PASSWORD})
    assert response.status_code == 302
