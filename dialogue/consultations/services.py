"""Finding consultations, and the admin's changes to consultations and kernen (audited)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import abort, current_app
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import bindparam, select
from sqlalchemy.orm import contains_eager

from dialogue.answers.models import OfficialResponse
from dialogue.audit.services import record
from dialogue.consultations.models import Consultation, ConsultationStatus, ModerationMode
from dialogue.contributions.validation import InvalidInput, clean_text, has_forbidden_characters
from dialogue.extensions import db
from dialogue.municipalities.models import Kern, Municipality

#: Slugs the site itself uses at the top level or under a municipality.
RESERVED_SLUGS = frozenset({"beheer", "inbreng", "mijn-inbreng", "nieuw"})
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def local_zone() -> ZoneInfo:
    """Return the municipality's time zone (the interface's default time zone)."""
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def start_of_day_utc(day: date) -> datetime:
    """Return local midnight at the start of day as a naive UTC datetime."""
    local = datetime.combine(day, time.min, tzinfo=local_zone())
    return local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def local_date(moment: datetime | None, *, inclusive_end: bool = False) -> date | None:
    """Return the local date of a stored UTC moment; for an end moment, the last day included."""
    if moment is None:
        return None
    local = moment.replace(tzinfo=ZoneInfo("UTC")).astimezone(local_zone())
    if inclusive_end:
        local -= timedelta(microseconds=1)
    return local.date()


def slugify(text: str) -> str:
    """Return a URL-safe slug of text (ASCII, lower case, hyphens)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NON_SLUG.sub("-", ascii_text.lower()).strip("-")[:70] or "raadpleging"


def unique_slug(municipality_id: int, wanted: str, *, exclude_id: int | None = None) -> str:
    """Return wanted, or wanted-2, -3 … when another consultation of the municipality has it."""
    base = slugify(wanted)
    if base in RESERVED_SLUGS:
        base = f"{base}-1"
    taken = set(
        db.session.scalars(
            select(Consultation.slug).where(
                Consultation.municipality_id == municipality_id,
                Consultation.id != (exclude_id or 0),
            )
        )
    )
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def municipality_or_404(slug: str) -> Municipality:
    """Return the municipality with slug, or answer 404."""
    municipality = db.session.scalar(select(Municipality).where(Municipality.slug == slug))
    if municipality is None:
        abort(404)
    return municipality


def may_preview(consultation: Consultation) -> bool:
    """Whether the current user may see a draft: officials of its municipality."""
    return bool(
        current_user.is_authenticated
        and current_user.is_official
        and current_user.municipality_id == consultation.municipality_id
    )


# Built once: the page is read far more often than anything else, and building the statement
# cost more than running it.
_PUBLIC_CONSULTATION = (
    select(Consultation)
    .join(Municipality)
    .options(contains_eager(Consultation.municipality))
    .where(
        Municipality.slug == bindparam("municipality_slug"),
        Consultation.slug == bindparam("slug"),
    )
)


def public_consultation(municipality_slug: str, slug: str) -> Consultation:
    """Return a visible consultation by its address, or answer 404 (drafts only for its officials)."""
    consultation = db.session.scalar(
        _PUBLIC_CONSULTATION, {"municipality_slug": municipality_slug, "slug": slug}
    )
    if consultation is None:
        abort(404)
    if consultation.status == ConsultationStatus.DRAFT and not may_preview(consultation):
        abort(404)
    return consultation


def consultations_of(municipality: Municipality) -> list[Consultation]:
    """Return the municipality's public (not draft) consultations, newest first."""
    return list(
        db.session.scalars(
            select(Consultation)
            .where(
                Consultation.municipality_id == municipality.id,
                Consultation.status != ConsultationStatus.DRAFT,
            )
            .order_by(Consultation.created_at.desc())
        )
    )


def public_consultations() -> list[Consultation]:
    """Return every public (not draft) consultation: open ones first, latest closing first."""
    return list(
        db.session.scalars(
            select(Consultation)
            .where(Consultation.status != ConsultationStatus.DRAFT)
            .order_by(Consultation.status.desc(), Consultation.closes_at.desc())
        )
    )


def managed_consultations(municipality_id: int) -> list[Consultation]:
    """Return all of a municipality's consultations, drafts too, newest first (admin list)."""
    return list(
        db.session.scalars(
            select(Consultation)
            .where(Consultation.municipality_id == municipality_id)
            .order_by(Consultation.created_at.desc())
        )
    )


def consultation_answers(consultation: Consultation) -> list[OfficialResponse]:
    """Return the municipality's answers on the consultation as a whole, newest first."""
    return list(
        db.session.scalars(
            select(OfficialResponse)
            .where(
                OfficialResponse.consultation_id == consultation.id,
                OfficialResponse.contribution_id.is_(None),
            )
            .order_by(OfficialResponse.created_at.desc())
        )
    )


def theme_labels(consultation: Consultation) -> dict[str, str]:
    """Return the labels of the consultation's themes by key (for answers per theme)."""
    from dialogue.themes.models import Theme

    rows = db.session.execute(
        select(Theme.key, Theme.label).where(Theme.consultation_id == consultation.id)
    )
    return {key: label for key, label in rows}


@dataclass
class ConsultationData:
    """What an admin fills in for a consultation."""

    title: str
    question: str
    description: str
    kern_ids: list[int]
    opens_on: date | None
    closes_on: date | None
    moderation_mode: ModerationMode
    slug: str | None = None
    voting: bool = False


def _check(data: ConsultationData, municipality: Municipality) -> dict[str, Any]:
    errors: dict[str, object] = {}
    values: dict[str, Any] = {}
    for field, limit in (("title", 160), ("question", 500), ("description", 5000)):
        value = clean_text(getattr(data, field))
        if field != "description" and len(value) < 3:
            errors[field] = _l("Vul dit veld in (minimaal 3 tekens).")
        elif len(value) > limit:
            errors[field] = _l("Gebruik maximaal %(max)s tekens.", max=limit)
        elif has_forbidden_characters(value):
            errors[field] = _l("Dit veld bevat tekens die niet kunnen.")
        values[field] = value
    kernen = {kern.id: kern for kern in municipality.kernen}
    if any(kern_id not in kernen for kern_id in data.kern_ids):
        errors["kernen"] = _l("Kies alleen kernen van uw gemeente.")
    values["kernen"] = [kernen[i] for i in data.kern_ids if i in kernen]
    if data.opens_on and data.closes_on and data.closes_on < data.opens_on:
        errors["closes_on"] = _l("De einddatum moet op of na de begindatum liggen.")
    if errors:
        raise InvalidInput(errors)
    values["opens_at"] = start_of_day_utc(data.opens_on) if data.opens_on else None
    values["closes_at"] = (
        start_of_day_utc(data.closes_on + timedelta(days=1)) if data.closes_on else None
    )
    values["moderation_mode"] = data.moderation_mode
    values["voting"] = data.voting
    return values


def _snapshot(consultation: Consultation) -> dict[str, Any]:
    return {
        "title": consultation.title,
        "slug": consultation.slug,
        "question": consultation.question,
        "description": consultation.description,
        "kernen": sorted(kern.name for kern in consultation.kernen),
        "opens_at": consultation.opens_at.isoformat() if consultation.opens_at else None,
        "closes_at": consultation.closes_at.isoformat() if consultation.closes_at else None,
        "moderation_mode": consultation.moderation_mode.value,
        "voting": consultation.voting,
        "status": consultation.status.value,
    }


def create_consultation(municipality: Municipality, data: ConsultationData) -> Consultation:
    """Create a draft consultation and audit it."""
    values = _check(data, municipality)
    consultation = Consultation(
        municipality_id=municipality.id,
        slug=unique_slug(municipality.id, data.slug or values["title"]),
        status=ConsultationStatus.DRAFT,
        **values,
    )
    db.session.add(consultation)
    db.session.flush()
    record("consultation.create", consultation, details=_snapshot(consultation))
    return consultation


def update_consultation(consultation: Consultation, data: ConsultationData) -> list[str]:
    """Change a consultation, audit what changed, and return the names of changed fields."""
    before = _snapshot(consultation)
    values = _check(data, consultation.municipality)
    for name, value in values.items():
        setattr(consultation, name, value)
    if data.slug and slugify(data.slug) != consultation.slug:
        consultation.slug = unique_slug(
            consultation.municipality_id, data.slug, exclude_id=consultation.id
        )
    db.session.flush()
    after = _snapshot(consultation)
    changed = [key for key in after if after[key] != before[key]]
    if changed:
        record(
            "consultation.update",
            consultation,
            details={key: {"from": before[key], "to": after[key]} for key in changed},
        )
    return changed


def set_consultation_status(consultation: Consultation, status: ConsultationStatus) -> bool:
    """Open or close a consultation (audited); return False when nothing changed."""
    if consultation.status == status:
        return False
    before = consultation.status
    consultation.status = status
    db.session.flush()
    record(
        f"consultation.{'open' if status == ConsultationStatus.OPEN else status.value}",
        consultation,
        details={"from": before.value, "to": status.value},
    )
    return True


def _kern_name(name: str) -> str:
    cleaned = " ".join(clean_text(name).split())
    if len(cleaned) < 2 or len(cleaned) > 120 or has_forbidden_characters(cleaned):
        raise InvalidInput({"name": _l("Gebruik een naam van 2 tot 120 tekens.")})
    return cleaned


def _name_taken(municipality: Municipality, name: str, exclude_id: int | None = None) -> bool:
    return any(
        kern.name.casefold() == name.casefold() and kern.id != exclude_id
        for kern in municipality.kernen
    )


def add_kern(municipality: Municipality, name: str) -> Kern:
    """Add a kern to the municipality (audited)."""
    cleaned = _kern_name(name)
    if _name_taken(municipality, cleaned):
        raise InvalidInput({"name": _l("Deze kern bestaat al.")})
    kern = Kern(municipality_id=municipality.id, name=cleaned)
    db.session.add(kern)
    db.session.flush()
    db.session.refresh(municipality, ["kernen"])
    record("area.create", kern, details={"name": cleaned})
    return kern


def rename_kern(kern: Kern, name: str) -> bool:
    """Rename a kern (audited); return False when the name did not change."""
    cleaned = _kern_name(name)
    if cleaned == kern.name:
        return False
    if _name_taken(kern.municipality, cleaned, exclude_id=kern.id):
        raise InvalidInput({"name": _l("Deze kern bestaat al.")})
    before = kern.name
    kern.name = cleaned
    db.session.flush()
    record("area.rename", kern, details={"from": before, "to": cleaned})
    return True
