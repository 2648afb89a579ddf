"""CSRF on every state-changing route: without a token the request is refused and changes nothing.

Parametrised over every POST/PUT/PATCH/DELETE rule of app.url_map except the bearer-token API
under /api/v1/. URL parameters get the sample values of tests/access (see test_access_matrix).
Per rule, the request comes from a logged-in admin of municipality A with the second factor
done, so a missing check cannot hide behind a login redirect; a second test sends every such
route a form without token as an anonymous visitor and as a resident.
"""

from __future__ import annotations

import pytest
from flask import Flask, url_for
from sqlalchemy import select

from dialogue.accounts.models import Role
from dialogue.extensions import db as database
from tests.access import gather, rule_id, rules, url_values
from tests.conftest import login
from tests.helpers import csrf_token
from tests.security.routes import state_changing_routes
from tests.world import build_world

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
CSRF_RULES = [r for r in rules(STATE_CHANGING) if not r.rule.startswith("/api/v1/")]
CSRF_MESSAGE = "Het formulier is verlopen of ongeldig"


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
        assert CSRF_MESSAGE in response.get_data(as_text=True)
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


@pytest.mark.parametrize("role", [None, Role.RESIDENT], ids=lambda r: r.value if r else "anonymous")
def test_state_changing_routes_need_a_csrf_token(app: Flask, db, role: Role | None) -> None:
    assert app.config.get("WTF_CSRF_ENABLED", True), "the test app must check CSRF tokens"
    world = build_world(payloads=True)
    client = app.test_client()
    if role is not None:
        login(client, world.users[role])
    accepted = []
    routes = [
        r for r in state_changing_routes(app, world.url_values) if not r.url.startswith("/api/")
    ]
    assert routes, "no state-changing routes found"
    for route in routes:
        method = sorted(route.methods - {"GET"})[0]
        response = client.open(
            route.url, method=method, data={"text": "Zonder token", "confirm": "y"}
        )
        if response.status_code != 400 or CSRF_MESSAGE not in response.get_data(as_text=True):
            accepted.append(f"{method} {route.url} -> {response.status_code}")
    assert not accepted, "accepted without CSRF token:\n" + "\n".join(accepted)
