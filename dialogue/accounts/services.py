"""Account operations used by the pages, the CLI and the demo loader."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select

from dialogue.accounts.models import ApiToken, Role, User
from dialogue.extensions import db
from dialogue.municipalities.models import Municipality
from dialogue.security import hash_password
from dialogue.timeutil import utcnow


class AccountError(ValueError):
    """A request about an account that cannot be carried out, with a reason for the user."""


def normalise_email(email: str) -> str:
    """Return the e-mail address as stored: trimmed and lower case."""
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    """Return the user with this e-mail address, if any."""
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(
    email: str,
    password: str,
    *,
    display_name: str | None = None,
    role: Role = Role.RESIDENT,
    municipality: Municipality | None = None,
    confirmed: bool = False,
) -> User:
    """Create a user; officials must belong to a municipality."""
    if role in (Role.MODERATOR, Role.ANALYST, Role.ADMIN) and municipality is None:
        raise AccountError("officials need a municipality")
    email = normalise_email(email)
    if find_user_by_email(email) is not None:
        raise AccountError("e-mail address already in use")
    user = User(
        email=email,
        display_name=display_name or email.split("@")[0],
        password_hash=hash_password(password),
        role=role,
        municipality=municipality,
        email_confirmed_at=utcnow() if confirmed else None,
    )
    db.session.add(user)
    db.session.flush()
    return user


def hash_api_token(token: str) -> str:
    """Return the stored form of an API token."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_api_token(user: User) -> str:
    """Create an API token for user and return it; only its hash is kept."""
    token = "kp_" + secrets.token_urlsafe(32)
    db.session.add(ApiToken(user=user, token_hash=hash_api_token(token), prefix=token[:10]))
    db.session.flush()
    return token


def user_for_api_token(token: str) -> User | None:
    """Return the active user a bearer token belongs to, or None."""
    row = db.session.scalar(
        select(ApiToken).where(
            ApiToken.token_hash == hash_api_token(token), ApiToken.revoked_at.is_(None)
        )
    )
    if row is None or not row.user.active:
        return None
    row.last_used_at = utcnow()
    return row.user
