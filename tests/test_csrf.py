"""CSRF on every state-changing route: without a token the request is refused and changes nothing.

Parametrised over every POST/PUT/PATCH/DELETE rule of app.url_map except the bearer-token API
under /api/v1/. URL parameters get the sample values of tests/access (see test_access_matrix).
The request comes from a logged-in admin of municipality A with the second factor done, so a
missing check cannot hide behind a login redirect.
"""

from __future__ import annotations

import pytest
from flask import Flask, url_for
from sqlalchemy import select

from dialogue.extensions import db as database
from tests.access import gather, rule_id, rules, url_values
from tests.conftest import login
from tests.helpers import csrf_token
from tests.world import build_world

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
CSRF_RULES = [r for r in rules(STATE_CHANGING) if not r.rule.startswith("/api/v1/")]


def snapshot() -> dict[str, list[str]]:
    """Return every row of every table, to compare before and after a request."""
    database.session.expire_all()
    return {
        table.name: sorted(repr(tuple(row)) for row in database.session.execute(select(table)))
        for table in database.metadata.sorted_tables
    }


@pytest.mark.parametrize("rule", CSRF_RULES, ids=rule_id)
def test_state_change_without_csrf_token_is_refused(app: Flask, db, rule) -> None:
    world = build_world()
    with app.test_request_context():
        path = url_for(rule.endpoint, **url_values(rule, world, gather().samples))
    client = login(app.test_client(), world.users["admin"])
    before = snapshot()
    for method in sorted(rule.methods & STATE_CHANGING):
        response = client.open(path, method=method, data={"text": "x", "reason": "x"})
        assert response.status_code == 400, f"{method} {path} without CSRF token"
        assert "Traceback" not in response.get_data(as_text=True)
    assert snapshot() == before, f"{path} changed data without a CSRF token"


def test_the_check_is_not_vacuous(app: Flask, db) -> None:
    """The same kind of request with the page's token does go through."""
    world = build_world()
    client = login(app.test_client(), world.users["resident"])
    token = csrf_token(client.get("/account/").get_data(as_text=True))
    assert client.post("/taal", data={"lang": "en", "next": "/"}).status_code == 400
    assert client.post("/taal", data={"lang": "en", "csrf_token": token}).status_code == 302
    assert client.post("/account/uitloggen", data={"csrf_token": token}).status_code == 302
    assert client.get("/account/").status_code == 302


def test_rules_were_found() -> None:
    assert {"main.set_language", "accounts.logout"} <= {r.endpoint for r in CSRF_RULES}
