"""Helpers for the participation page tests."""

from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from dialogue.consultations.models import Consultation
from dialogue.extensions import db

CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
FORM_REF = re.compile(r'name="form_ref"[^>]*value="([^"]+)"')


def csrf(client: FlaskClient, url: str = "/") -> str:
    """Return the session's CSRF token, read from a page."""
    page = client.get(url)
    match = CSRF_INPUT.search(page.get_data(as_text=True))
    assert match, f"no csrf_token on {url} ({page.status_code})"
    return match.group(1)


def post_form(
    client: FlaskClient, url: str, data: dict[str, Any], *, page: str = "/"
) -> TestResponse:
    """Post data with a valid CSRF token taken from page."""
    return client.post(url, data={**data, "csrf_token": csrf(client, page)})


def show_url(consultation: Consultation) -> str:
    return f"/{consultation.municipality.slug}/{consultation.slug}"


def new_url(consultation: Consultation) -> str:
    return f"{show_url(consultation)}/inbreng"


def count(model: Any) -> int:
    """Return the number of rows of a model (fresh from the database)."""
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def text_of(response: TestResponse) -> str:
    return response.get_data(as_text=True)
