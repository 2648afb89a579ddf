"""Rising-volume and rising-discontent signals per theme and per kern."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import JSON, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dialogue.enums import enum_column
from dialogue.extensions import db
from dialogue.municipalities.models import Kern
from dialogue.signals.privacy import mask_small_counts, privacy_threshold
from dialogue.timeutil import utcnow

#: The scope of a kern's rise over all its input: "kern:" and the kern id.
WHOLE_KERN = "kern:"


class SignalKind(enum.StrEnum):
    RISING_VOLUME = "rising_volume"
    RISING_DISCONTENT = "rising_discontent"


class SignalStatus(enum.StrEnum):
    NEW = "new"
    ACKNOWLEDGED = "acknowledged"
    DISMISSED = "dismissed"


class Signal(db.Model):
    """One warning of the pipeline, and what an analyst did with it."""

    __table_args__ = (
        UniqueConstraint("consultation_id", "theme_key", "scope", "kind", "period_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id"), index=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    theme_key: Mapped[str] = mapped_column(String(64))
    kern_id: Mapped[int | None] = mapped_column(ForeignKey("kern.id", ondelete="SET NULL"))
    #: "all" for the whole consultation, else the kern id (NULLs would not be unique), or
    #: "kern:" and the kern id for a rise of all the kern's input (`theme_key` is then the
    #: theme that carries most of it).
    scope: Mapped[str] = mapped_column(String(20), default="all")
    #: For a rise over the whole consultation: the kernen where it rose most, strongest
    #: first, as the explanation names them ("vooral in Holtum").
    main_kernen: Mapped[list[str] | None] = mapped_column(JSON)
    kind: Mapped[SignalKind] = mapped_column(enum_column(SignalKind))
    period_start: Mapped[date]
    period_end: Mapped[date]
    score: Mapped[float] = mapped_column(Float)
    p_value: Mapped[float] = mapped_column(Float)
    #: The plain-Dutch explanation as saved; read and write it through `explanation`.
    stored_explanation: Mapped[str] = mapped_column("explanation", Text)
    status: Mapped[SignalStatus] = mapped_column(
        enum_column(SignalStatus), default=SignalStatus.NEW
    )
    #: Why an analyst dismissed the signal (in the council report, with the chosen reason).
    status_reason: Mapped[str | None] = mapped_column(String(500))
    #: A dismissed signal quiets its series (theme, kern, kind) up to this day.
    quiet_until: Mapped[date | None]
    response_id: Mapped[int | None] = mapped_column(
        ForeignKey("official_response.id", ondelete="SET NULL")
    )
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]
    #: When analysts were e-mailed about this signal (once).
    notified_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    kern: Mapped[Kern | None] = relationship()

    @property
    def explanation(self) -> str:
        """The plain-Dutch explanation, every count below the privacy threshold as "< 5".

        Masked again on reading: texts saved before the rule, or under a lower threshold,
        reach no page, e-mail or export with a small count.
        """
        return mask_small_counts(self.stored_explanation, privacy_threshold())

    @explanation.setter
    def explanation(self, text: str) -> None:
        # Masked on saving too, so the database never holds a small count either.
        self.stored_explanation = mask_small_counts(text, privacy_threshold())

    @property
    def whole_kern(self) -> bool:
        """Whether the signal is about all input of its kern, over every theme."""
        return self.scope.startswith(WHOLE_KERN)

    @property
    def kern_name(self) -> str | None:
        """The kern's name, or None for the whole consultation."""
        return self.kern.name if self.kern else None

    def __repr__(self) -> str:
        return f"<Signal {self.kind.value} {self.theme_key} {self.period_start}>"


class SignalDigest(db.Model):
    """An analyst who asked for the weekly digest of new signals (Monday e-mail)."""

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    #: The Monday of the last digest sent, so a second run that day sends nothing.
    last_sent_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<SignalDigest user={self.user_id}>"
