"""Security headers on every response: pages, redirects, error pages, static files, the API."""

from __future__ import annotations

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from dialogue.accounts.models import Role
from tests.conftest import login
from tests.security.routes import get_routes
from tests.world import build_world

EXPECTED_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
CSP_DIRECTIVES = (
    "default-src 'self'",
    "script-src 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
)


def header_problems(response: TestResponse) -> list[str]:
    """Return the security headers that are missing or weak on a response."""
    problems = [
        f"{name}: {response.headers.get(name)!r}"
        for name, value in EXPECTED_HEADERS.items()
        if response.headers.get(name) != value
    ]
    policy = response.headers.get("Content-Security-Policy", "")
    problems += [
        f"CSP lacks {directive}" for directive in CSP_DIRECTIVES if directive not in policy
    ]
    if "unsafe-inline" in policy or "unsafe-eval" in policy:
        problems.append(f"CSP allows unsafe code: {policy}")
    if not response.headers.get("Permissions-Policy"):
        problems.append("Permissions-Policy missing")
    return problems


def stored_safely(response: TestResponse, *, logged_in: bool) -> bool:
    """Pages are never stored, except the public pages every logged-out visitor shares.

    Those (dialogue/pagecache.py) may be kept by the visitor's own browser, never by a shared
    cache, and are revalidated with their ETag before each use.
    """
    control = response.headers.get("Cache-Control", "")
    if not logged_in and response.headers.get("ETag"):
        return control == "private, no-cache"
    return "no-store" in control


@pytest.mark.parametrize("role", [None, Role.ADMIN], ids=["anonymous", "admin"])
def test_every_page_sends_security_headers(app: Flask, db, role: Role | None) -> None:
    world = build_world(payloads=True)
    client = app.test_client()
    if role is not None:
        login(client, world.users[role])
    problems = {}
    for route in get_routes(app, world.url_values):
        response = client.get(route.url)
        if found := header_problems(response):
            problems[route.url] = found
        if response.mimetype == "text/html":
            assert stored_safely(response, logged_in=role is not None), route.url
    assert not problems, problems


def test_error_pages_and_static_files_send_security_headers(client) -> None:
    responses = {
        "404": client.get("/bestaat-niet"),
        "405": client.delete("/privacy"),
        "static css": client.get("/static/css/kernpunt.css"),
        "static 404": client.get("/static/bestaat-niet.js"),
        "api 404": client.get("/api/v1/bestaat-niet"),
    }
    assert responses["404"].status_code == 404
    assert responses["405"].status_code == 405
    assert responses["static css"].status_code == 200
    problems = {name: found for name, r in responses.items() if (found := header_problems(r))}
    for response in responses.values():
        response.close()  # static files are streamed from an open file
    assert not problems, problems


def test_csrf_failure_and_server_error_pages_send_security_headers(make_app) -> None:
    app = make_app(TESTING=False, WTF_CSRF_ENABLED=True)

    @app.get("/kapot")
    def broken():
        raise RuntimeError("SELECT secret FROM user -- should never reach the visitor")

    client = app.test_client()
    csrf = client.post("/taal", data={"lang": "en"})
    crash = client.get("/kapot")
    assert csrf.status_code == 400
    assert crash.status_code == 500
    for response in (csrf, crash):
        assert not header_problems(response)
    body = crash.get_data(as_text=True)
    assert "SELECT" not in body and "RuntimeError" not in body and "Traceback" not in body
