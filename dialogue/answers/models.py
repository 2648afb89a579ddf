"""The municipality's public answers: on a consultation, on one input or on a theme."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dialogue.accounts.models import User
from dialogue.consultations.models import Consultation
from dialogue.extensions import db
from dialogue.timeutil import utcnow


class OfficialResponse(db.Model):
    """A public answer of the municipality on a consultation, a contribution or a theme."""

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id"), index=True)
    contribution_id: Mapped[int | None] = mapped_column(
        ForeignKey("contribution.id", ondelete="CASCADE"), index=True
    )
    #: Theme answers refer to the theme's stable key (themes come with their own tables).
    theme_key: Mapped[str | None] = mapped_column(String(64), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    #: The official's role at the time of answering, shown with the answer.
    author_role: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    #: When an official last corrected the text (shown as "gewijzigd"); None if never.
    edited_at: Mapped[datetime | None]

    consultation: Mapped[Consultation] = relationship()
    author: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<OfficialResponse {self.id} consultation={self.consultation_id}>"
