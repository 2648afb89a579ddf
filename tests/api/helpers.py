"""Helpers for the API tests: tokens and request headers."""

from __future__ import annotations

import itertools

from dialogue.accounts.models import User
from dialogue.accounts.services import create_api_token
from dialogue.extensions import db

_texts = itertools.count(1)


def token_for(user: User) -> str:
    """Create and commit an API token for user."""
    token = create_api_token(user)
    db.session.commit()
    return token


def bearer(token: str) -> dict[str, str]:
    """Return the Authorization header for token."""
    return {"Authorization": f"Bearer {token}"}


def fresh_text() -> str:
    """Return a valid, unique contribution text (identical texts within seconds are merged)."""
    return f"Er moet een veilige oversteek komen bij de school, punt {next(_texts)}."


def contributions_url(consultation_id: int) -> str:
    """Return the contribution collection URL of a consultation."""
    return f"/api/v1/consultations/{consultation_id}/contributions"
