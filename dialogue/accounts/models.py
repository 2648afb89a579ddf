"""Users, roles and API tokens."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dialogue.extensions import db
from dialogue.municipalities.models import Municipality
from dialogue.timeutil import utcnow


class Role(enum.StrEnum):
    """What a user may do; every role but resident is an official of one municipality."""

    RESIDENT = "resident"
    MODERATOR = "moderator"
    ANALYST = "analyst"
    ADMIN = "admin"
    #: Town Deal partners (BZK, Platform31): the aggregated cross-municipality overview only.
    NETWORK = "network"
    #: Runs the installation: creates municipalities and invites their first admin; sees no input.
    PLATFORM_ADMIN = "platform-admin"

    @property
    def is_official(self) -> bool:
        return self in OFFICIAL_ROLES


OFFICIAL_ROLES = frozenset({Role.MODERATOR, Role.ANALYST, Role.ADMIN})
#: Roles that must use two-factor authentication.
MFA_ROLES = frozenset({Role.MODERATOR, Role.ANALYST, Role.ADMIN, Role.NETWORK, Role.PLATFORM_ADMIN})


def new_session_token() -> str:
    """Return a fresh random token; changing it ends every session of the user."""
    return secrets.token_urlsafe(24)


class User(UserMixin, db.Model):
    """A resident or an official."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]),
        default=Role.RESIDENT,
    )
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    email_confirmed_at: Mapped[datetime | None]
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled: Mapped[bool] = mapped_column(default=False)
    #: Last TOTP time step used, so a code cannot be replayed.
    totp_last_step: Mapped[int | None]
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    notify_by_email: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]

    municipality: Mapped[Municipality | None] = relationship()

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    @property
    def is_official(self) -> bool:
        return self.role in OFFICIAL_ROLES

    @property
    def needs_mfa(self) -> bool:
        return self.role in MFA_ROLES

    def get_id(self) -> str:
        """Tie the login to the session token so that rotating it ends every session."""
        return f"{self.id}:{self.session_token}"

    def end_all_sessions(self) -> None:
        """Invalidate every session of this user (logout, disable, password change)."""
        self.session_token = new_session_token()

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role.value}>"


class ApiToken(db.Model):
    """A bearer token for the JSON API; only its SHA-256 hash is stored."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: First characters of the token, to recognise it in a list.
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: The token stops working at this moment (default 90 days after creation).
    expires_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()

    def is_usable(self, now: datetime) -> bool:
        """Whether the token still works: not revoked and not expired."""
        return self.revoked_at is None and self.expires_at > now

    def __repr__(self) -> str:
        return f"<ApiToken {self.prefix}… user={self.user_id}>"


class RecoveryCode(db.Model):
    """A one-time code that replaces the authenticator app once; only its SHA-256 is kept."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        return f"<RecoveryCode {self.id} user={self.user_id} used={self.used_at is not None}>"
