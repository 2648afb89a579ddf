"""Helpers for account tests: real forms with the CSRF token read from the page."""

from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from dialogue.extensions import db
from dialogue.mail import OutboxMessage
from tests.helpers import csrf_token


def submit(
    client: FlaskClient, url: str, data: dict[str, Any], *, form_url: str | None = None
) -> TestResponse:
    """Open the page with the form, then post data with the page's CSRF token."""
    page = client.get(form_url or url)
    assert page.status_code == 200, f"GET {form_url or url} gave {page.status_code}"
    token = csrf_token(page.get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token})


def outbox(recipient: str) -> list[OutboxMessage]:
    """Return the messages sent to recipient, oldest first."""
    return list(
        db.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.recipient == recipient)
            .order_by(OutboxMessage.id)
        )
    )


def link_in(message: OutboxMessage, path_prefix: str) -> str:
    """Return the path of the first link in message that starts with path_prefix."""
    match = re.search(r"https?://[^/\s]+(" + re.escape(path_prefix) + r"\S+)", message.body)
    assert match, f"no {path_prefix} link in: {message.body}"
    return match.group(1)


def log_in(client: FlaskClient, email: str, password: str, next_url: str = "") -> TestResponse:
    """Post the login form like a browser."""
    url = "/account/inloggen" + (f"?next={next_url}" if next_url else "")
    return submit(client, url, {"email": email, "password": password})


def is_logged_in(client: FlaskClient) -> bool:
    """Whether the client's session is logged in (my account page opens)."""
    return client.get("/account/").status_code == 200
