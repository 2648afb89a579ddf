"""The security header hook: adds each header once and keeps what the view set itself."""

from __future__ import annotations

from flask import Flask, Response

from dialogue.security import set_security_headers


def test_each_header_is_added_once_and_a_views_own_header_is_kept(app: Flask) -> None:
    with app.test_request_context("/privacy"):
        response = Response("ok")
        response.headers["x-frame-options"] = "SAMEORIGIN"  # set by the view, any case
        response.headers["Cache-Control"] = "private, no-cache"
        set_security_headers(response)
    names = [name.lower() for name, _value in response.headers.items()]
    assert len(names) == len(set(names)), names
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert response.headers["Cache-Control"] == "private, no-cache"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "Strict-Transport-Security" not in response.headers  # not in production


def test_a_response_without_its_own_headers_gets_no_store(app: Flask) -> None:
    with app.test_request_context("/privacy"):
        response = set_security_headers(Response("ok"))
    assert response.headers.getlist("Cache-Control") == ["no-store"]
