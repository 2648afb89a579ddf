"""Hypothesis-generated form and JSON input to every state-changing route, as every role:
never a 500. CSRF is off in this app so that the input reaches the views."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import lxml.html
import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from dialogue.accounts.models import Role
from tests.conftest import login
from tests.security.routes import get_routes, state_changing_routes
from tests.security.server_errors import explain, server_errors
from tests.security.world import ROLES
from tests.world import World, build_world

#: Generated requests per route and role (bounded: 2 shared cores).
EXAMPLES_PER_ROUTE = 6
#: Field names every form might read, besides those found in the rendered forms.
KNOWN_FIELDS = (
    "text", "reason", "explanation", "email", "password", "password_repeat", "display_name",
    "kern", "consent", "code", "ids", "action", "reason_id", "note", "status", "label",
    "name", "slug", "title", "question", "description", "opens_on", "closes_on",
    "moderation_mode", "kernen", "role", "next", "lang", "website", "form_ref", "confirm",
    "into", "theme", "key", "contribution_ids", "channel", "received_on", "position",
)  # fmt: skip

#: Values that mean something to some form (actions, states, dates, roles) or break parsers.
MEANINGFUL = [
    "", " ", "\x00", "1", "0", "-1", "y", "on", "approve", "hide", "redact:1", "open", "closed",
    "2026-02-30", "9999-12-31", "nl", "en", "resident", "admin", "../", "%s%n",
    "<script>alert(1)</script>",
]  # fmt: skip
values = st.one_of(
    st.text(max_size=50),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1000, max_size=3000),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(MEANINGFUL),
)
#: Status codes seen per test, to show that the input reached the views (not only 400s).
seen_statuses: Counter[int] = Counter()


def form_fields(client: FlaskClient, app: Flask, world: World) -> list[str]:
    """Return the names of every input in every form the client can see, plus KNOWN_FIELDS."""
    names = set(KNOWN_FIELDS)
    for route in get_routes(app, world.url_values):
        response = client.get(route.url)
        if response.mimetype == "text/html" and response.status_code == 200:
            document = lxml.html.fromstring(response.get_data(as_text=True))
            names.update(document.xpath("//form//*[@name]/@name"))
    names.discard("csrf_token")
    return sorted(names)


def fuzz(
    client: Callable[[], FlaskClient], url: str, method: str, forms: st.SearchStrategy
) -> None:
    """Send generated form and JSON bodies to url; fail on the first answer of 500 or more."""

    @given(data=forms, as_json=st.booleans())
    @settings(
        max_examples=EXAMPLES_PER_ROUTE,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def send(data: dict, as_json: bool) -> None:
        body = {"json": data} if as_json else {"data": data}
        with server_errors() as errors:
            response = client().open(url, method=method, **body)
        seen_statuses[response.status_code] += 1
        assert response.status_code < 500, explain(response.status_code, url, errors)

    send()


@pytest.mark.slow
@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.value if r else "anonymous")
def test_generated_input_never_causes_a_server_error(make_app, role: Role | None) -> None:
    app = make_app(WTF_CSRF_ENABLED=False)
    failures: dict[str, str] = {}
    seen_statuses.clear()
    with app.app_context():
        world = build_world(payloads=True)
        client = app.test_client()

        def as_role() -> FlaskClient:
            if role is not None:
                login(client, world.users[role])
            return client

        fields = form_fields(as_role(), app, world)
        forms = st.dictionaries(
            st.sampled_from(fields), st.one_of(values, st.lists(values, max_size=3)), max_size=8
        )
        for route in state_changing_routes(app, world.url_values):
            method = sorted(route.methods - {"GET"})[0]
            try:
                fuzz(as_role, route.url, method, forms)
            except AssertionError as error:
                failures[f"{method} {route.url}"] = str(error).splitlines()[0]
    handled = sum(count for status, count in seen_statuses.items() if status in (200, 302, 303))
    assert handled, f"no generated request reached a view: {dict(seen_statuses)}"
    assert not failures, "\n".join(f"{key}: {value}" for key, value in failures.items())
