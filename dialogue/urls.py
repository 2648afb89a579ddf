"""Absolute links for e-mail and exports, built from BASE_URL and never from the request's Host."""

from __future__ import annotations

from flask import current_app, has_request_context, url_for


def absolute_url(endpoint: str, **values: object) -> str:
    """Return an absolute link to endpoint.

    With BASE_URL (required in production) the link starts with it, inside and outside
    requests. Without it (development) it follows the request's host, and outside a request
    there is no host to use: the result is an empty string.
    """
    base_url = current_app.config.get("BASE_URL")
    if base_url:
        if has_request_context():
            return base_url + url_for(endpoint, **values)
        return url_for(endpoint, _external=True, **values)
    if not has_request_context():
        return ""
    return url_for(endpoint, _external=True, **values)
