"""Fixtures for the officials' workspace tests: two municipalities with their officials."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from flask import Flask, g, request_started
from flask.testing import FlaskClient

from dialogue.accounts.models import Role, User
from dialogue.consultations.models import Consultation
from dialogue.extensions import db as _db
from dialogue.municipalities.models import Municipality
from tests.conftest import login
from tests.factories import make_consultation, make_municipality, make_user


@pytest.fixture(autouse=True)
def _forget_cached_user(app: Flask) -> Iterator[None]:
    """Forget the user Flask-Login caches on g: the db fixture's app context outlives requests."""

    def forget(*_args: object) -> None:
        g.pop("_login_user", None)

    request_started.connect(forget, app)
    yield
    request_started.disconnect(forget, app)


@dataclass
class World:
    """Municipality A with every kind of official, and municipality B with its own."""

    a: Municipality
    b: Municipality
    moderator: User
    analyst: User
    admin: User
    resident: User
    other_admin: User
    other_moderator: User
    consultation: Consultation
    other_consultation: Consultation


@pytest.fixture
def world(db) -> World:
    a = make_municipality(name="Dorpen aan de Dijk")
    b = make_municipality(name="Veenkoloniën")
    result = World(
        a=a,
        b=b,
        moderator=make_user(Role.MODERATOR, municipality=a),
        analyst=make_user(Role.ANALYST, municipality=a),
        admin=make_user(Role.ADMIN, municipality=a),
        resident=make_user(Role.RESIDENT),
        other_admin=make_user(Role.ADMIN, municipality=b),
        other_moderator=make_user(Role.MODERATOR, municipality=b),
        consultation=make_consultation(municipality=a),
        other_consultation=make_consultation(municipality=b),
    )
    _db.session.commit()
    return result


def csrf_token(client: FlaskClient, path: str) -> str:
    """Return the CSRF token of the form on the page at path."""
    page = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', page
    )
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def as_(client: FlaskClient, user: User) -> FlaskClient:
    """Log user in on client (with the second factor done)."""
    return login(client, user)


@pytest.fixture
def request_context(app: Flask, db) -> Iterator[None]:
    """Run a service test inside a request, as the pages do."""
    with app.test_request_context():
        yield
