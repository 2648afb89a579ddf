"""Themes the pipeline found in a consultation's input, and officials' curation of them."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Float, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dialogue.enums import enum_column
from dialogue.extensions import db
from dialogue.timeutil import utcnow

if TYPE_CHECKING:
    from dialogue.consultations.models import Consultation


class ThemeStatus(enum.StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_behandeling"
    ANSWERED = "beantwoord"


class Theme(db.Model):
    """A theme of one consultation; `key` is the pipeline's stable id, kept across runs."""

    __table_args__ = (UniqueConstraint("consultation_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(120))
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Ids of representative published contributions, chosen by the pipeline.
    example_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    size: Mapped[int] = mapped_column(default=0)
    negative_share: Mapped[float | None] = mapped_column(Float)
    status: Mapped[ThemeStatus] = mapped_column(enum_column(ThemeStatus), default=ThemeStatus.OPEN)
    #: Re-analysis keeps a pinned theme and its members even when the pipeline no longer finds it.
    pinned: Mapped[bool] = mapped_column(default=False)
    #: An official renamed the theme: re-analysis keeps the label.
    label_edited: Mapped[bool] = mapped_column(default=False)
    #: False when the theme vanished in the latest analysis or was merged away.
    active: Mapped[bool] = mapped_column(default=True)
    #: After a merge: the key of the theme this one was merged into.
    merged_into_key: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    #: Id of the municipality, for scoping queries without a join.
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)

    consultation: Mapped[Consultation] = relationship()

    def __repr__(self) -> str:
        return f"<Theme {self.key} {self.label!r}>"


class ThemeAnalysis(db.Model):
    """The stored pipeline model of one analysis run, used for identity and assignment."""

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id"), index=True)
    job_id: Mapped[int | None] = mapped_column(ForeignKey("job.id", ondelete="SET NULL"))
    model: Mapped[dict[str, Any]] = mapped_column(JSON)
    method: Mapped[str] = mapped_column(String(40))
    contribution_count: Mapped[int]
    theme_count: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<ThemeAnalysis {self.id} consultation={self.consultation_id}>"
