"""What the public pages depend on, read with one light query before anything is rendered.

A cached page is only as cheap as finding out which page to serve: these prebuilt Core
queries read the few columns that decide a page's cache key (versions, change times, the
admin's status, which opening and closing moments have passed, names and addresses), without
loading ORM objects. The page itself is built from the ORM only when it is not cached.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, bindparam, select

from dialogue.consultations.models import Consultation, ConsultationStatus
from dialogue.extensions import db
from dialogue.municipalities.models import Municipality
from dialogue.timeutil import utcnow

_consultation = Consultation.__table__
_municipality = Municipality.__table__

_PHASE_COLUMNS = (
    _consultation.c.id,
    _consultation.c.municipality_id,
    _consultation.c.status,
    _consultation.c.updated_at,
    _consultation.c.opens_at,
    _consultation.c.closes_at,
)

_CONSULTATION = (
    select(
        *_PHASE_COLUMNS,
        _consultation.c.public_version,
        _consultation.c.public_changed_at,
        _municipality.c.name,
        _municipality.c.slug,
    )
    .join(_municipality, _municipality.c.id == _consultation.c.municipality_id)
    .where(
        _municipality.c.slug == bindparam("municipality_slug"),
        _consultation.c.slug == bindparam("slug"),
    )
)
_PUBLIC_CONSULTATIONS = select(*_PHASE_COLUMNS).where(
    _consultation.c.status != ConsultationStatus.DRAFT.value
)
_CONSULTATIONS_OF = _PUBLIC_CONSULTATIONS.where(
    _consultation.c.municipality_id == bindparam("municipality_id")
)
_MUNICIPALITIES = select(_municipality.c.id, _municipality.c.name, _municipality.c.slug)
_MUNICIPALITY = _MUNICIPALITIES.where(_municipality.c.slug == bindparam("slug"))


def _passed(moment: datetime | None, now: datetime) -> bool | None:
    return None if moment is None else moment <= now


def _phase_part(row: Row, now: datetime) -> tuple:
    """What decides a consultation's public phase and its date now."""
    return (
        row.id,
        row.municipality_id,
        str(row.status),
        row.updated_at,
        row.opens_at,
        row.closes_at,
        _passed(row.opens_at, now),
        _passed(row.closes_at, now),
    )


def passed_moments(row: Row, now: datetime | None = None) -> list[datetime]:
    """Return the opening and closing moments of row that have passed (the page changed then)."""
    now = now or utcnow()
    return [m for m in (row.opens_at, row.closes_at) if m is not None and m <= now]


def consultation_row(municipality_slug: str, slug: str) -> Row | None:
    """Return the key columns of a consultation by its address, or None."""
    return db.session.execute(
        _CONSULTATION, {"municipality_slug": municipality_slug, "slug": slug}
    ).first()


def consultation_key(row: Row) -> tuple:
    """Return the cache key parts of a consultation page."""
    return ("consultation", row.public_version, row.name, row.slug, _phase_part(row, utcnow()))


def _listing_key(kind: str, rows: Sequence[Row], municipalities: Sequence[Any]) -> tuple:
    now = utcnow()
    return (
        kind,
        tuple(tuple(place) for place in municipalities),
        tuple(sorted(_phase_part(row, now) for row in rows)),
    )


def home_key() -> tuple[tuple, list[datetime]]:
    """Return the home page's key parts and the moments it changed."""
    rows = db.session.execute(_PUBLIC_CONSULTATIONS).all()
    municipalities = db.session.execute(_MUNICIPALITIES).all()
    return _listing_key("home", rows, municipalities), _moments(rows)


def municipality_key(slug: str) -> tuple[int, tuple, list[datetime]] | None:
    """Return a municipality's id, its page's key parts and the moments it changed; or None."""
    place = db.session.execute(_MUNICIPALITY, {"slug": slug}).first()
    if place is None:
        return None
    rows = db.session.execute(_CONSULTATIONS_OF, {"municipality_id": place.id}).all()
    return place.id, _listing_key("municipality", rows, [place]), _moments(rows)


def _moments(rows: Sequence[Row]) -> list[datetime]:
    now = utcnow()
    return [moment for row in rows for moment in (row.updated_at, *passed_moments(row, now))]
