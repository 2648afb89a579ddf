"""Helpers for tests that use the pages like a browser: log in, read the CSRF token, post forms."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import event, func, select, text
from werkzeug.test import TestResponse

from dialogue.consultations.models import Consultation
from dialogue.extensions import db
from tests.conftest import login

FORM_REF = re.compile(r'name="form_ref"[^>]*value="([^"]+)"')
#: A hidden input named csrf_token, whatever the order of its attributes.
_CSRF_FIELD = re.compile(r'<input\b[^>]*\bname="csrf_token"[^>]*>')
_VALUE = re.compile(r'\bvalue="([^"]+)"')

#: Log a user in on a client, the second factor done (the officials' tests call it so).
as_ = login


def csrf_token(source: FlaskClient | str, path: str = "/") -> str:
    """Return the CSRF token of a form: on the page html given, or on the page at path.

    ``csrf_token(client, path)`` opens path with client first; ``csrf_token(html)`` reads a
    page already fetched (opening it again would, for one, use up its flash message).
    """
    if isinstance(source, str):
        page, where = source, "the page"
    else:
        page, where = source.get(path).get_data(as_text=True), path
    field = _CSRF_FIELD.search(page)
    value = _VALUE.search(field.group(0)) if field else None
    assert value, f"no CSRF token on {where}"
    return value.group(1)


def post_form(
    client: FlaskClient, url: str, data: dict[str, Any], *, page: str = "/"
) -> TestResponse:
    """Post data with a valid CSRF token taken from page."""
    return client.post(url, data={**data, "csrf_token": csrf_token(client, page)})


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


_CSRF_VALUE = re.compile(r'name="csrf_token"[^>]*value="[^"]*"')


def without_csrf_values(page: str) -> str:
    """Blank the CSRF tokens of a page: they carry a timestamp, so two pages can differ."""
    return _CSRF_VALUE.sub('name="csrf_token" value=""', page)


@contextmanager
def sql_statements() -> Iterator[list[str]]:
    """Collect every SQL statement sent to the database inside the block (BEGIN and COMMIT
    are not statements the driver is given, so they are not in it)."""
    seen: list[str] = []

    def note(_conn, _cursor, statement, *_args) -> None:
        seen.append(" ".join(statement.split()))

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", note)


@contextmanager
def autocommit_modes() -> Iterator[list[bool]]:
    """Collect, per SQL statement sent inside the block, whether its PostgreSQL connection
    was in autocommit mode (no BEGIN and COMMIT around it)."""
    modes: list[bool] = []

    def note(connection, *_args) -> None:
        modes.append(connection.connection.dbapi_connection.autocommit)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield modes
    finally:
        event.remove(db.engine, "before_cursor_execute", note)


def autocommit_during_and_after(requests: Callable[[], None]) -> tuple[list[bool], list[bool]]:
    """Return the autocommit mode of every statement `requests` sends (each request starts
    with a new session), and of one statement sent on the pooled connection afterwards."""
    db.session.remove()
    with autocommit_modes() as modes:
        requests()
        during = list(modes)
        modes.clear()
        db.session.remove()
        db.session.execute(text("SELECT 1"))
    return during, modes
