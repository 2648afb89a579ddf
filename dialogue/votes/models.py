"""A resident's vote on one published contribution."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from dialogue.enums import enum_column
from dialogue.extensions import db
from dialogue.timeutil import utcnow


class VoteValue(enum.StrEnum):
    AGREE = "agree"
    DISAGREE = "disagree"
    PASS = "pass"  # noqa: S105 - a vote, not a password


class Vote(db.Model):
    """Eens / Oneens / Weet ik niet: one per resident per contribution, enforced by the database."""

    __table_args__ = (
        UniqueConstraint("contribution_id", "user_id"),
        # Covers the analysis's reads (the votes on a consultation's input and their state)
        # so that they never visit the table: 4x faster on 1.25 M votes (docs/performance.md).
        Index("ix_vote_contribution_cover", "contribution_id", "user_id", "value", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contribution_id: Mapped[int] = mapped_column(ForeignKey("contribution.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    value: Mapped[VoteValue] = mapped_column(enum_column(VoteValue))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<Vote {self.user_id}→{self.contribution_id} {self.value.value}>"


class AnonymousVoter(db.Model):
    """A resident without an account who votes on one consultation after confirming an address.

    Like anonymous input (Contribution.pending_email), the address is only used for the
    confirmation link and never stored: what is kept is a keyed digest of the consultation
    and the address, so that the same address finds the same voter again (one vote per
    resident, changeable) without the address being readable from the database.
    """

    __table_args__ = (UniqueConstraint("consultation_id", "email_digest"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id", ondelete="CASCADE"))
    email_digest: Mapped[str] = mapped_column(String(64))
    #: The resident row the votes belong to (no address, no password: it cannot log in).
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
