"""Signed, expiring tokens for the links in account e-mails."""

from __future__ import annotations

import hashlib
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

#: One salt per purpose, so that a token for one link never works for another.
CONFIRM_EMAIL = "kernpunt.accounts.confirm-email"
RESET_PASSWORD = "kernpunt.accounts.reset-password"  # noqa: S105 - a salt, not a password


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose)


def make_token(purpose: str, data: Any) -> str:
    """Sign data for a link of the given purpose."""
    return _serializer(purpose).dumps(data)


def read_token(purpose: str, token: str) -> Any | None:
    """Return the data of a valid, unexpired token, or None."""
    try:
        return _serializer(purpose).loads(token, max_age=current_app.config["EMAIL_TOKEN_MAX_AGE"])
    except BadSignature:  # SignatureExpired is a BadSignature too
        return None


def password_fingerprint(password_hash: str | None) -> str:
    """Return a short digest of the password hash; it changes when the password changes."""
    return hashlib.sha256((password_hash or "").encode()).hexdigest()[:16]
