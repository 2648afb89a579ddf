"""Rate limits for anonymous posting: per e-mail address and per IP address.

Logged-in residents are counted per account in account_limits, shared with the API.
"""

from __future__ import annotations

import hashlib

from flask import Response, current_app, request
from flask_limiter.util import get_remote_address
from flask_login import current_user


def contribution_rate_limit() -> str:
    """Return the configured limit, e.g. "5 per 10 minutes"."""
    return current_app.config["CONTRIBUTION_RATE_LIMIT"]


def anonymous_ip_rate_limit() -> str:
    """Return the per-address limit for anonymous posting (the same as for log in)."""
    return current_app.config["AUTH_RATE_LIMIT"]


def contribution_rate_key() -> str:
    """Count per (hashed) e-mail address of an anonymous visitor, else per IP address."""
    email = (request.form.get("email") or "").strip().lower()
    if email:
        return "contribution:email:" + hashlib.sha256(email.encode()).hexdigest()
    return f"contribution:ip:{get_remote_address()}"


def posted(response: Response) -> bool:
    """Whether a post was accepted (the page redirects): only those count."""
    return response.status_code in (302, 303)


def is_logged_in() -> bool:
    """Whether the visitor is logged in (exempts them from the anonymous limits)."""
    return bool(current_user.is_authenticated)
