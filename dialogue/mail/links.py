"""Opaque tokens for the links the app mails: a random value in the link, its hash stored.

A link never carries personal data: no e-mail address, no user id, nothing that decodes to
anything (a signed token is only base64, readable by whoever sees the link: a mail archive,
a proxy log, a forwarded message). What the link stands for stays in the database, in a
``MailLink`` row found by the SHA-256 hash of the token, with a keyed digest of what must
still hold when it is used (the address it was sent to, the password it may replace).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import ForeignKey, String, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from dialogue.extensions import db
from dialogue.timeutil import utcnow

#: One purpose per kind of link, so that a token for one link never works for another.
CONFIRM_EMAIL = "confirm-email"
RESET_PASSWORD = "reset-password"  # noqa: S105 - a purpose, not a password
CONFIRM_CONTRIBUTION = "confirm-contribution"
CONFIRM_VOTING = "confirm-voting"
MANAGE_VOTES = "manage-votes"
#: Longest token accepted in a link (token_urlsafe(32) gives 43 characters).
_TOKEN_MAX_LENGTH = 100


class MailLink(db.Model):
    """One mailed link: the hash of its token, what it is for, and what must still hold."""

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(40))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    contribution_id: Mapped[int | None] = mapped_column(
        ForeignKey("contribution.id", ondelete="CASCADE"), index=True
    )
    #: Keyed digest of what the link is bound to (an address, a password fingerprint).
    bound_to: Mapped[str] = mapped_column(String(64))
    #: The local page to return to after the link is used (a path on this site, no data).
    next_url: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<MailLink {self.id} {self.purpose}>"


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def keyed_digest(value: str | None) -> str:
    """Return an HMAC of value under the secret key (not reversible by guessing addresses)."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, (value or "").encode(), hashlib.sha256).hexdigest()


def issue_link_token(
    purpose: str,
    *,
    bound_to: str,
    user_id: int | None = None,
    contribution_id: int | None = None,
    next_url: str | None = None,
) -> str:
    """Store a new link of purpose and return its token (the only copy: it goes in the mail)."""
    token = secrets.token_urlsafe(32)
    db.session.add(
        MailLink(
            purpose=purpose,
            token_hash=_token_hash(token),
            user_id=user_id,
            contribution_id=contribution_id,
            bound_to=keyed_digest(bound_to),
            next_url=next_url[:300] if next_url else None,
        )
    )
    return token


def find_link(purpose: str, token: str) -> tuple[MailLink | None, str]:
    """Return (link, state) for a token: state is "ok", "expired" or "invalid"."""
    if not token or len(token) > _TOKEN_MAX_LENGTH:
        return None, "invalid"
    link = db.session.scalar(
        select(MailLink).where(
            MailLink.token_hash == _token_hash(token), MailLink.purpose == purpose
        )
    )
    if link is None:
        return None, "invalid"
    max_age = timedelta(seconds=current_app.config["EMAIL_TOKEN_MAX_AGE"])
    if link.created_at < utcnow() - max_age:
        return None, "expired"
    return link, "ok"


def is_bound_to(link: MailLink, value: str | None) -> bool:
    """Whether what the link was bound to still holds (compared in constant time)."""
    return hmac.compare_digest(link.bound_to, keyed_digest(value))


#: A link is deleted this long after it expired; until then it answers "verlopen".
EXPIRED_LINK_RETENTION = timedelta(days=30)


def purge_expired_links(now: datetime | None = None) -> int:
    """Delete links expired more than EXPIRED_LINK_RETENTION ago; return how many. No commit.

    A link holds the user and a digest of what it was bound to: once it can never be used
    again and is no longer needed to say "this link has expired", it goes.
    """
    max_age = timedelta(seconds=current_app.config["EMAIL_TOKEN_MAX_AGE"])
    cutoff = (now or utcnow()) - max_age - EXPIRED_LINK_RETENTION
    result = db.session.execute(
        delete(MailLink)
        .where(MailLink.created_at < cutoff)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0
