"""Moderators' decisions on input."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, event, insert
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dialogue.accounts.models import User
from dialogue.contributions.models import Contribution, Reply
from dialogue.enums import enum_column
from dialogue.extensions import db
from dialogue.municipalities.models import Municipality
from dialogue.timeutil import utcnow


class Decision(enum.StrEnum):
    APPROVE = "approve"
    HIDE = "hide"
    REJECT = "reject"
    RESTORE = "restore"
    REDACT = "redact"


class ModerationDecision(db.Model):
    """One moderator's decision on one contribution or one reply, with the reason the author sees.

    Exactly one of contribution_id and reply_id is set.
    """

    __table_args__ = (
        CheckConstraint(
            "(contribution_id IS NULL) <> (reply_id IS NULL)", name="moderation_decision_one_target"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contribution_id: Mapped[int | None] = mapped_column(
        ForeignKey("contribution.id", ondelete="CASCADE"), index=True
    )
    reply_id: Mapped[int | None] = mapped_column(
        ForeignKey("reply.id", ondelete="CASCADE"), index=True
    )
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decision: Mapped[Decision] = mapped_column(enum_column(Decision))
    reason: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    contribution: Mapped[Contribution | None] = relationship()
    reply: Mapped[Reply | None] = relationship()
    moderator: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        target = f"reply {self.reply_id}" if self.reply_id else self.contribution_id
        return f"<ModerationDecision {self.decision.value} on {target}>"


#: Reasons every municipality starts with; admins edit the list afterwards.
DEFAULT_REASONS = (
    "Bevat persoonsgegevens",
    "Beledigend of kwetsend",
    "Niet over dit onderwerp",
    "Reclame of spam",
    "Dubbel geplaatst",
)


class ModerationReason(db.Model):
    """A plain-Dutch reason moderators choose from; the author sees it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    label: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0)
    #: Removed reasons stay for the record but are no longer offered.
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<ModerationReason {self.id} {self.label!r}>"


@event.listens_for(Municipality, "after_insert")
def _start_with_default_reasons(_mapper, connection, municipality: Municipality) -> None:
    """Give a new municipality the default reasons, so that no page has to make them."""
    connection.execute(
        insert(ModerationReason),
        [
            {"municipality_id": municipality.id, "label": label, "position": position}
            for position, label in enumerate(DEFAULT_REASONS)
        ],
    )
