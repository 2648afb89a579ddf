"""The role × route matrix: every GET route of app.url_map against tests/access/*.py.

Each GET rule is requested by an anonymous visitor, a resident, a moderator, an analyst and
an admin of municipality A, and the admin of municipality B ("other_admin"). Every object in
the world (tests/world.py build_world) belongs to municipality A. The expected
statuses live in tests/access/<domain>.py (EXPECTED); URL parameters get their values from
SAMPLES there (consultation_id, contribution_id, municipality, slug, token, ...). A route
without an entry, or a parameter without a sample, fails with a message saying what to add.
"""

from __future__ import annotations

import pytest
from flask import Flask, url_for

from tests.access import LOGIN_PATH, ROLES, Status, gather, rule_id, rules, url_values
from tests.conftest import login
from tests.world import build_world

GET_RULES = rules({"GET"})


def _check(expected: Status, status: int, location: str | None, role: str) -> bool:
    want, prefix = expected if isinstance(expected, tuple) else (expected, None)
    if status != want:
        return False
    if status == 302 and role == "anonymous" and prefix is None:
        prefix = LOGIN_PATH
    return prefix is None or (location or "").startswith(prefix)


@pytest.mark.parametrize("rule", GET_RULES, ids=rule_id)
def test_route_access(app: Flask, db, rule) -> None:
    tables = gather()
    if rule.endpoint not in tables.expected:
        pytest.fail(
            f"Route {rule.rule} (endpoint {rule.endpoint!r}) has no expected-access entry. "
            f"Add it to EXPECTED in tests/access/<domain>.py, e.g. "
            f'"{rule.endpoint}": row(anonymous, resident, moderator, analyst, admin, other_admin).'
        )
    expected = tables.expected[rule.endpoint]
    world = build_world()
    with app.test_request_context():
        path = url_for(rule.endpoint, **url_values(rule, world, tables.samples))

    mismatches = []
    for role in [*ROLES, *(r for r in expected if r not in ROLES)]:
        client = app.test_client()
        if role != "anonymous":
            login(client, world.users[role])
        response = client.get(path)
        location = response.headers.get("Location")
        response.close()
        if not _check(expected[role], response.status_code, location, role):
            where = f" -> {location}" if location else ""
            mismatches.append(
                f"  {role:12} expected {expected[role]}, got {response.status_code}{where}"
            )
    assert not mismatches, (
        f"GET {path} ({rule.endpoint}, table tests/access/{tables.sources[rule.endpoint]}.py):\n"
        + "\n".join(mismatches)
    )


def test_every_table_entry_is_a_route() -> None:
    endpoints = {rule.endpoint for rule in GET_RULES}
    stale = {
        endpoint: f"tests/access/{gather().sources[endpoint]}.py"
        for endpoint in gather().expected
        if endpoint not in endpoints
    }
    assert not stale, f"expected-access entries for endpoints without a GET route: {stale}"


def test_matrix_covers_the_roles_and_finds_routes() -> None:
    assert len(GET_RULES) >= 10
    assert {"main.home", "accounts.my_account"} <= {r.endpoint for r in GET_RULES}
