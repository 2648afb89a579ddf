"""Municipalities and their kernen (village cores)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dialogue.extensions import db
from dialogue.timeutil import utcnow

if TYPE_CHECKING:
    from dialogue.consultations.models import Consultation


class Municipality(db.Model):
    """A participating municipality: the unit every official's access is scoped to."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: Themes shown in the Town Deal partners' overview; off until the admin switches it on.
    in_network: Mapped[bool] = mapped_column(default=False)

    kernen: Mapped[list[Kern]] = relationship(
        back_populates="municipality", order_by="Kern.name", cascade="all, delete-orphan"
    )
    consultations: Mapped[list[Consultation]] = relationship(back_populates="municipality")

    def __repr__(self) -> str:
        return f"<Municipality {self.slug}>"


class Kern(db.Model):
    """A kern: a village or neighbourhood of a municipality."""

    __table_args__ = (UniqueConstraint("municipality_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))

    municipality: Mapped[Municipality] = relationship(back_populates="kernen")

    def __repr__(self) -> str:
        return f"<Kern {self.name}>"


class MunicipalityLogo(db.Model):
    """A municipality's logo, kept in the database so that its backups hold it."""

    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipality.id", ondelete="CASCADE"), primary_key=True
    )
    #: "image/png" or "image/jpeg", recognised from the content.
    content_type: Mapped[str] = mapped_column(String(20))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<MunicipalityLogo {self.municipality_id} {self.content_type}>"
