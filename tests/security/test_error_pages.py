"""Bad URL arguments and parameters never produce a 500, a stack trace or SQL."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from dialogue.accounts.models import Role
from tests.conftest import login
from tests.security.routes import get_routes
from tests.security.server_errors import explain, server_errors
from tests.world import build_world

#: Text that betrays internals: Python tracebacks, SQL, database drivers, file paths.
LEAKS = re.compile(
    r"Traceback|File \"/|sqlalchemy|psycopg|sqlite3|OperationalError|IntegrityError"
    r"|\bSELECT\b.+\bFROM\b|\bINSERT INTO\b|/site-packages/|werkzeug\.exceptions",
    re.IGNORECASE,
)
#: Values for URL arguments and query parameters that break careless code.
BAD_VALUES = (
    "0",
    "-1",
    str(2**63),
    str(2**70),
    "'",
    '"; DROP TABLE user; --',
    "%00",
    "../..",
    "ñ" * 300,
)
BAD_INTEGERS = (0, 2**63, 2**70)


def _bad_url_values(world_values: dict, index: int) -> dict:
    values = {}
    for name, value in world_values.items():
        if isinstance(value, int):
            values[name] = BAD_INTEGERS[index % len(BAD_INTEGERS)]
        else:
            values[name] = BAD_VALUES[index % len(BAD_VALUES)]
    return values


@pytest.mark.parametrize(
    "role", [None, Role.MODERATOR, Role.ADMIN], ids=lambda r: r.value if r else "anonymous"
)
def test_bad_arguments_never_leak_internals(app: Flask, db, role: Role | None) -> None:
    world = build_world(payloads=True)
    client = app.test_client()
    if role is not None:
        login(client, world.users[role])
    failures = []
    for index in range(len(BAD_VALUES)):
        bad = BAD_VALUES[index]
        for route in get_routes(app, _bad_url_values(world.url_values, index)):
            url = f"{route.url}?page={bad}&sort={bad}&consultation={bad}&status={bad}&q={bad}"
            with server_errors() as errors:
                response = client.get(url)
            body = response.get_data(as_text=True)
            if response.status_code >= 500:
                failures.append(explain(response.status_code, url, errors))
            elif leak := LEAKS.search(body):
                failures.append(f"{url} shows {leak.group(0)!r}")
    assert not failures, "\n".join(failures)
