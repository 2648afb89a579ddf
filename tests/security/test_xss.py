"""XSS corpus in every rendered field and query parameter: nothing becomes markup or script."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from flask import Flask

from dialogue.accounts.models import Role
from tests.conftest import login
from tests.security.dom import PAYLOADS, dom_problems, short_payload, text_of
from tests.security.routes import get_routes
from tests.security.server_errors import explain, server_errors
from tests.security.world import RENDERED_BY, ROLES
from tests.world import build_world

#: Query parameters the pages read (filters, sorting, paging, return addresses).
QUERY_PARAMETERS = (
    "q", "page", "sort", "status", "consultation", "kern", "kern", "reason", "channel",
    "from", "to", "next", "action", "actor", "theme",
)  # fmt: skip


def _role_name(role: Role | None) -> str:
    return role.value if role else "anonymous"


def _is_html(response) -> bool:
    return response.mimetype == "text/html"


@pytest.mark.parametrize("role", ROLES, ids=_role_name)
def test_stored_payloads_never_become_markup(app: Flask, db, role: Role | None) -> None:
    world = build_world(payloads=True)
    client = app.test_client()
    if role is not None:
        login(client, world.users[role])
    problems: dict[str, list[str]] = {}
    rendered_text = []
    for route in get_routes(app, world.url_values):
        with server_errors() as errors:
            response = client.get(route.url)
        assert response.status_code != 500, explain(500, route.url, errors)
        if _is_html(response):
            body = response.get_data(as_text=True)
            if found := dom_problems(body):
                problems[route.url] = found
            rendered_text.append(text_of(body))
    assert not problems, problems
    text = "\n".join(rendered_text)
    # The check is only worth something if the payloads were actually rendered (escaped).
    expected = {
        label
        for label, (endpoint, roles) in RENDERED_BY.items()
        if role in roles and endpoint in app.view_functions
    }
    missing = {
        label
        for label in expected
        if f"{label} {PAYLOADS[0]}" not in text and f'{label}"' not in text
    }
    assert not missing, f"payloads never rendered for {_role_name(role)}: {sorted(missing)}"


@pytest.mark.parametrize("role", [None, Role.MODERATOR, Role.ADMIN], ids=_role_name)
def test_query_parameters_never_become_markup(app: Flask, db, role: Role | None) -> None:
    world = build_world(payloads=True)
    client = app.test_client()
    if role is not None:
        login(client, world.users[role])
    problems: dict[str, list[str]] = {}
    for index, route in enumerate(get_routes(app, world.url_values)):
        probe = PAYLOADS[index % len(PAYLOADS)]
        query = urlencode({name: probe for name in QUERY_PARAMETERS})
        with server_errors() as errors:
            response = client.get(f"{route.url}?{query}")
        assert response.status_code != 500, explain(500, f"{route.url}?{query}", errors)
        if _is_html(response) and (found := dom_problems(response.get_data(as_text=True))):
            problems[route.url] = found
        location = response.headers.get("Location", "")
        assert not location.lower().startswith("javascript:"), route.url
    assert not problems, problems


def test_payload_in_path_is_escaped_on_the_error_page(client) -> None:
    response = client.get("/" + short_payload("kp-path").replace("/", "%2F"), follow_redirects=True)
    assert response.status_code == 404
    assert not dom_problems(response.get_data(as_text=True))


def test_dom_check_catches_injection() -> None:
    """The checker itself must see each kind of injection it is meant to catch."""
    assert dom_problems('<html><body><img src=x data-kpx onerror="alert(1)"></body></html>')
    assert dom_problems("<html><body><script>alert(1)</script></body></html>")
    assert dom_problems('<html><body><a href=" javascript:alert(1)">x</a></body></html>')
    assert dom_problems("<html><body><p>kp49kp</p></body></html>")
    assert not dom_problems(
        '<html><body><p>&lt;script data-kpx&gt;</p><script src="/static/js/a.js"></script></body></html>'
    )
