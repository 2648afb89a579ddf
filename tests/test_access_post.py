"""The role × route matrix for state-changing requests: every POST rule of app.url_map.

Each POST rule gets a request with a valid CSRF token and no other fields from an anonymous
visitor, a resident, a moderator, an analyst and an admin of municipality A, the admin of
municipality B ("other_admin") and a network partner. The expected statuses are the
POST_EXPECTED tables in tests/access/<domain>.py. A refused request (the login redirect,
401, 403 or 404) must change nothing but the audit log, which records the attempts on
another municipality's data.
"""

from __future__ import annotations

import pytest
from flask import Flask, url_for
from sqlalchemy import select

from dialogue.audit.models import AuditEvent
from dialogue.extensions import db as database
from tests.access import LOGIN_PATH, ROLES, Status, gather, rule_id, rules, url_values
from tests.conftest import login
from tests.helpers import csrf_token
from tests.world import build_world

POST_RULES = rules({"POST"})
REFUSED = {401, 403, 404}


def snapshot() -> dict[str, list[str]]:
    """Return every row of every table but the audit log, to compare before and after."""
    database.session.expire_all()
    return {
        table.name: sorted(repr(tuple(row)) for row in database.session.execute(select(table)))
        for table in database.metadata.sorted_tables
        if table.name != AuditEvent.__tablename__
    }


def _matches(expected: Status, status: int, location: str, role: str) -> bool:
    want, prefix = expected if isinstance(expected, tuple) else (expected, None)
    if status != want:
        return False
    if status == 302 and role == "anonymous" and prefix is None:
        prefix = LOGIN_PATH
    return prefix is None or location.startswith(prefix)


def _is_refusal(status: int, location: str) -> bool:
    return status in REFUSED or (status == 302 and location.startswith(LOGIN_PATH))


@pytest.mark.parametrize("rule", POST_RULES, ids=rule_id)
def test_post_access(app: Flask, db, rule) -> None:
    tables = gather()
    if rule.endpoint not in tables.post_expected:
        pytest.fail(
            f"POST route {rule.rule} (endpoint {rule.endpoint!r}) has no entry in POST_EXPECTED "
            f'of tests/access/<domain>.py, e.g. "{rule.endpoint}": row(anonymous, resident, '
            "moderator, analyst, admin, other_admin, network=...)."
        )
    expected = tables.post_expected[rule.endpoint]
    world = build_world()
    with app.test_request_context():
        path = url_for(rule.endpoint, **url_values(rule, world, tables.samples))
    mismatches = []
    for role in [*ROLES, *(r for r in expected if r not in ROLES)]:
        client = app.test_client()
        if role == "anonymous":
            form_page = client.get(LOGIN_PATH)
        else:
            login(client, world.users[role])
            form_page = client.get("/account/")
        token = csrf_token(form_page.get_data(as_text=True))
        before = snapshot()
        response = client.post(path, data={"csrf_token": token})
        location = response.headers.get("Location", "")
        response.close()
        if not _matches(expected[role], response.status_code, location, role):
            where = f" -> {location}" if location else ""
            mismatches.append(
                f"  {role:12} expected {expected[role]}, got {response.status_code}{where}"
            )
        elif _is_refusal(response.status_code, location) and (after := snapshot()) != before:
            changed = sorted(name for name in before if before[name] != after[name])
            mismatches.append(
                f"  {role:12} was refused ({response.status_code}) but changed {changed}"
            )
    assert not mismatches, (
        f"POST {path} ({rule.endpoint}, POST_EXPECTED in "
        f"tests/access/{tables.sources[rule.endpoint]}.py):\n" + "\n".join(mismatches)
    )


def test_every_post_table_entry_is_a_route() -> None:
    endpoints = {rule.endpoint for rule in POST_RULES}
    stale = sorted(set(gather().post_expected) - endpoints)
    assert not stale, f"POST_EXPECTED entries for endpoints without a POST route: {stale}"


def test_the_post_matrix_covers_officials_and_the_other_municipality() -> None:
    assert len(POST_RULES) >= 40
    lines = gather().post_expected.values()
    assert any(line["other_admin"] == 404 for line in lines)
    assert all({"anonymous", "resident", "admin", "other_admin"} <= set(line) for line in lines)
