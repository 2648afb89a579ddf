"""Consultations: the question, its dates and status, and the kernen it is about."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Column, ForeignKey, String, Table, Text
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dialogue.enums import enum_column
from dialogue.extensions import db
from dialogue.municipalities.models import Kern, Municipality
from dialogue.timeutil import utcnow

if TYPE_CHECKING:
    from dialogue.contributions.models import Contribution


class ConsultationStatus(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class ConsultationPhase(enum.StrEnum):
    """What residents see: derived from the admin's status and the dates, never stored."""

    #: Not public; only the municipality's officials may preview it.
    DRAFT = "draft"
    #: Opened by the admin, but the start date is still ahead.
    UPCOMING = "upcoming"
    #: Accepting input now.
    OPEN = "open"
    #: Closed by the admin, or the end date has passed.
    CLOSED = "closed"


class ModerationMode(enum.StrEnum):
    #: Nothing is public before a moderator approves it.
    PRE = "pre"
    #: Public at once, moderated afterwards.
    POST = "post"


consultation_kern = Table(
    "consultation_kern",
    db.metadata,
    Column("consultation_id", ForeignKey("consultation.id", ondelete="CASCADE"), primary_key=True),
    Column("kern_id", ForeignKey("kern.id", ondelete="CASCADE"), primary_key=True),
)


class Consultation(db.Model):
    """A question a municipality puts to its residents for a period."""

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(160))
    question: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    opens_at: Mapped[datetime | None]
    closes_at: Mapped[datetime | None]
    status: Mapped[ConsultationStatus] = mapped_column(
        enum_column(ConsultationStatus), default=ConsultationStatus.DRAFT
    )
    moderation_mode: Mapped[ModerationMode] = mapped_column(
        enum_column(ModerationMode), default=ModerationMode.POST
    )
    #: Residents may vote agree / disagree / pass on published input (set by an admin).
    voting: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    #: When an admin published the anonymised dataset of this (closed) consultation.
    open_data_published_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    #: Raised by every change residents can see on the page (consultations/freshness.py);
    #: the cached public page is keyed by it.
    public_version: Mapped[int] = mapped_column(default=0, server_default="0")
    #: When public_version was last raised (Last-Modified of the public page).
    public_changed_at: Mapped[datetime | None]

    municipality: Mapped[Municipality] = relationship(back_populates="consultations")
    kernen: Mapped[list[Kern]] = relationship(secondary=consultation_kern, order_by=Kern.name)
    contributions: Mapped[list[Contribution]] = relationship(
        back_populates="consultation", lazy="dynamic"
    )

    def phase_at(self, moment: datetime) -> ConsultationPhase:
        """Return the public phase at moment (naive UTC); the admin's status comes first."""
        if self.status == ConsultationStatus.DRAFT:
            return ConsultationPhase.DRAFT
        if self.status == ConsultationStatus.CLOSED:
            return ConsultationPhase.CLOSED
        if self.closes_at and moment >= self.closes_at:
            return ConsultationPhase.CLOSED
        if self.opens_at and moment < self.opens_at:
            return ConsultationPhase.UPCOMING
        return ConsultationPhase.OPEN

    @property
    def phase(self) -> ConsultationPhase:
        """Return the public phase now."""
        return self.phase_at(utcnow())

    @property
    def is_open(self) -> bool:
        """Whether residents may post input now."""
        return self.phase == ConsultationPhase.OPEN

    def __repr__(self) -> str:
        return f"<Consultation {self.id} {self.slug}>"
