"""CSRF: every state-changing route outside the token-only API refuses a form without token."""

from __future__ import annotations

import pytest
from flask import Flask

from dialogue.accounts.models import Role
from tests.conftest import login
from tests.security.routes import state_changing_routes
from tests.world import build_world

CSRF_MESSAGE = "Het formulier is verlopen of ongeldig"


@pytest.mark.parametrize(
    "role", [None, Role.RESIDENT, Role.ADMIN], ids=lambda r: r.value if r else "anonymous"
)
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
