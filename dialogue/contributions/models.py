"""Residents' input and the reactions to it."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import (
    JSON,
    CheckConstraint,
    ColumnElement,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from dialogue.accounts.models import User
from dialogue.consultations.models import Consultation
from dialogue.contributions.fingerprint import FINGERPRINT_LENGTH, text_fingerprint
from dialogue.enums import enum_column
from dialogue.extensions import db
from dialogue.municipalities.models import Kern
from dialogue.timeutil import utcnow


class Channel(enum.StrEnum):
    WEB = "web"
    API = "api"
    MEETING = "meeting"
    LETTER = "letter"
    EMAIL = "email"
    PHONE = "phone"


class ContributionStatus(enum.StrEnum):
    #: Waiting for e-mail confirmation (anonymous) or for a moderator.
    PENDING = "pending"
    PUBLISHED = "published"
    HIDDEN = "hidden"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class TextKind:
    """How moderation names and finds one kind of moderated text: input or a reply."""

    #: "contribution" or "reply": the queue's kind filter and the kind of a queue place.
    key: str
    #: The column of Report and ModerationDecision that points at this kind; the moderation
    #: page of one item takes the id under the same name.
    foreign_key: str
    #: The moderation page of one item.
    endpoint: str
    #: The decision form: the ticked ids, and "<seen_prefix><id>" holds the status seen.
    ids_field: str
    seen_prefix: str
    #: The keys of a decision's audit details: changed, already decided, not applicable.
    audit_keys: tuple[str, str, str]
    #: "Publish without personal data" skips items without any (else publishes them as is).
    redact_needs_personal_data: bool
    #: The word for one item in messages ("Inbreng 3").
    title: Callable[[], str]
    #: A number of items in messages ("2 teksten").
    counted: Callable[[int], str]


class _ModeratedText:
    """What input and replies share: a fingerprint kept with the text, a public version.

    The classes that use it map text, text_fingerprint and redacted_text themselves, and
    name their kind for moderation in `kind`.
    """

    kind: ClassVar[TextKind]

    @validates("text")
    def _keep_fingerprint(self, _key: str, text: str) -> str:
        self.text_fingerprint = text_fingerprint(text)
        return text

    @property
    def public_text(self) -> str:
        """The text residents see: the redacted version where a moderator made one."""
        return self.redacted_text if self.redacted_text is not None else self.text


class Contribution(_ModeratedText, db.Model):
    """A resident's input on a consultation."""

    kind = TextKind(
        key="contribution",
        foreign_key="contribution_id",
        endpoint="moderation.item",
        ids_field="ids",
        seen_prefix="seen-",
        audit_keys=("contribution_ids", "already_decided", "not_applicable"),
        redact_needs_personal_data=False,
        title=lambda: str(_l("Inbreng")),
        counted=lambda count: ngettext("%(num)d tekst", "%(num)d teksten", count),
    )

    __table_args__ = (
        UniqueConstraint("author_id", "client_ref"),
        Index(
            "ix_contribution_consultation_status_created", "consultation_id", "status", "created_at"
        ),
        # The public page's order: newest published first, a page at a time.
        Index(
            "ix_contribution_consultation_status_published",
            "consultation_id",
            "status",
            "published_at",
            "id",
        ),
        # Also serves lookups by author alone (its first column).
        Index("ix_contribution_author_fingerprint", "author_id", "text_fingerprint"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    #: Name shown with the input; None shows "Inwoner van <kern>".
    display_name: Mapped[str | None] = mapped_column(String(80))
    kern_id: Mapped[int | None] = mapped_column(ForeignKey("kern.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    #: text_fingerprint(text), set whenever text is: finds repeats and double submits.
    text_fingerprint: Mapped[str] = mapped_column(String(FINGERPRINT_LENGTH))
    #: The published text when a moderator redacted personal data; the original stays in text.
    redacted_text: Mapped[str | None] = mapped_column(Text)
    channel: Mapped[Channel] = mapped_column(enum_column(Channel), default=Channel.WEB)
    status: Mapped[ContributionStatus] = mapped_column(
        enum_column(ContributionStatus), default=ContributionStatus.PENDING
    )
    #: Why the input waits or was hidden: "pre_moderation", "pii", "reports", "flagged", …
    hold_reason: Mapped[str | None] = mapped_column(String(40))
    #: The moderator's reason, shown to the author.
    status_reason: Mapped[str | None] = mapped_column(String(500))
    #: For input of anonymous visitors: the e-mail to confirm (removed after confirmation).
    pending_email: Mapped[str | None] = mapped_column(String(254), index=True)
    client_ref: Mapped[str | None] = mapped_column(String(100))
    #: Date the input was given, for input from meetings and letters.
    received_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None]

    # Filled by the nlp pipeline.
    language: Mapped[str | None] = mapped_column(String(8))
    discontent: Mapped[float | None] = mapped_column(Float)
    negative: Mapped[bool | None]
    pii_spans: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    flags: Mapped[list[str] | None] = mapped_column(JSON)
    theme_key: Mapped[str | None] = mapped_column(String(64), index=True)
    #: An official placed this input in its theme: re-analysis does not move it.
    theme_locked: Mapped[bool] = mapped_column(default=False)
    #: The theme the pipeline would choose for input it placed with low confidence: such
    #: input stays out of the theme (theme_key None) on the "Onzeker" list until an
    #: analyst confirms or moves it.
    suggested_theme_key: Mapped[str | None] = mapped_column(String(64))
    #: How clearly the pipeline's theme beat the next best one (0..1), None if not placed.
    theme_confidence: Mapped[float | None] = mapped_column(Float)

    consultation: Mapped[Consultation] = relationship(back_populates="contributions")
    author: Mapped[User | None] = relationship()
    kern: Mapped[Kern | None] = relationship()
    replies: Mapped[list[Reply]] = relationship(
        back_populates="contribution", order_by="Reply.created_at", cascade="all, delete-orphan"
    )

    @hybrid_property
    def given_at(self) -> datetime:
        """When the resident gave the input: the letter's or meeting's date, else its posting.

        Weekly counts, signals and report periods use this, so a pile of letters typed in
        one afternoon lands in the weeks they were written, not as a surge on the typing day.
        """
        return self.received_at or self.created_at

    @given_at.inplace.expression
    @classmethod
    def _given_at_expression(cls) -> ColumnElement[datetime]:
        return func.coalesce(cls.received_at, cls.created_at)

    def __repr__(self) -> str:
        return f"<Contribution {self.id} {self.status.value}>"


class Reply(_ModeratedText, db.Model):
    """A reaction on a contribution (one level deep)."""

    kind = TextKind(
        key="reply",
        foreign_key="reply_id",
        endpoint="moderation.reply",
        ids_field="reply_ids",
        seen_prefix="seen-reply-",
        audit_keys=("reply_ids", "replies_already_decided", "replies_not_applicable"),
        redact_needs_personal_data=True,
        title=lambda: str(_l("Reactie")),
        counted=lambda count: ngettext("%(num)d reactie", "%(num)d reacties", count),
    )

    __table_args__ = (Index("ix_reply_author_fingerprint", "author_id", "text_fingerprint"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contribution_id: Mapped[int] = mapped_column(
        ForeignKey("contribution.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    display_name: Mapped[str | None] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text)
    #: text_fingerprint(text), set whenever text is: finds repeated replies.
    text_fingerprint: Mapped[str] = mapped_column(String(FINGERPRINT_LENGTH))
    #: The published text when a moderator redacted personal data; the original stays in text.
    redacted_text: Mapped[str | None] = mapped_column(Text)
    #: Personal data found when the reply was posted (kind, start, end): the reply is held.
    pii_spans: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    status: Mapped[ContributionStatus] = mapped_column(
        enum_column(ContributionStatus), default=ContributionStatus.PUBLISHED
    )
    #: Why the reply waits or was hidden: "pre_moderation", "pii", "flagged", "reports", …
    hold_reason: Mapped[str | None] = mapped_column(String(40))
    #: The moderator's reason, shown to the author.
    status_reason: Mapped[str | None] = mapped_column(String(500))
    #: Automatic flags found when the reply was posted ("abusive", "shouting", "repeated").
    flags: Mapped[list[str] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    contribution: Mapped[Contribution] = relationship(back_populates="replies")
    author: Mapped[User | None] = relationship()

    @property
    def consultation(self) -> Consultation:
        """The consultation of the input the reply reacts to."""
        return self.contribution.consultation

    def __repr__(self) -> str:
        return f"<Reply {self.id} on {self.contribution_id}>"


class Support(db.Model):
    """ "Ik steun dit": at most one per user per contribution, enforced by the database."""

    __table_args__ = (UniqueConstraint("contribution_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contribution_id: Mapped[int] = mapped_column(
        ForeignKey("contribution.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<Support {self.user_id}→{self.contribution_id}>"


class Report(db.Model):
    """A resident flags a contribution, or one reply, as inappropriate.

    Exactly one of contribution_id and reply_id is set, so the queries that count the reports
    on a contribution never count the reports on its replies.
    """

    __table_args__ = (
        UniqueConstraint("contribution_id", "reporter_id"),
        UniqueConstraint("reply_id", "reporter_id"),
        CheckConstraint(
            "(contribution_id IS NULL) <> (reply_id IS NULL)", name="report_one_target"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contribution_id: Mapped[int | None] = mapped_column(
        ForeignKey("contribution.id", ondelete="CASCADE"), index=True
    )
    reply_id: Mapped[int | None] = mapped_column(
        ForeignKey("reply.id", ondelete="CASCADE"), index=True
    )
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]

    contribution: Mapped[Contribution | None] = relationship()
    reply: Mapped[Reply | None] = relationship()

    def __repr__(self) -> str:
        target = f"reply {self.reply_id}" if self.reply_id else self.contribution_id
        return f"<Report {self.id} on {target}>"
