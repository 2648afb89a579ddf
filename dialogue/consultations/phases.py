"""The public phase of consultations, with the date residents need to see with it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from dialogue.audit.models import AuditEvent
from dialogue.consultations.models import Consultation, ConsultationPhase, ConsultationStatus
from dialogue.consultations.services import local_date
from dialogue.extensions import db
from dialogue.i18n import day
from dialogue.timeutil import utcnow

PHASE_LABELS = {
    ConsultationPhase.DRAFT: _l("concept"),
    ConsultationPhase.UPCOMING: _l("binnenkort"),
    ConsultationPhase.OPEN: _l("open"),
    ConsultationPhase.CLOSED: _l("gesloten"),
}

#: The audit action `set_consultation_status` writes when an admin closes a consultation.
CLOSE_ACTION = "consultation.closed"


@dataclass(frozen=True)
class PublicPhase:
    """A consultation's phase and the local date that goes with it."""

    phase: ConsultationPhase
    #: Upcoming: the first day; open: the last day (None: no end date); closed: since when.
    day: date | None

    @property
    def label(self) -> str:
        """Return the phase in words, for a badge."""
        return str(PHASE_LABELS[self.phase])


@dataclass(frozen=True)
class PhaseListing:
    """Public consultations grouped by phase; drafts are left out."""

    open_now: list[Consultation]
    upcoming: list[Consultation]
    closed: list[Consultation]
    phases: dict[int, PublicPhase]

    @property
    def in_order(self) -> list[Consultation]:
        """Return all consultations: open ones first, then upcoming, then closed."""
        return [*self.open_now, *self.upcoming, *self.closed]


def _admin_close_moments(consultations: Sequence[Consultation]) -> dict[int, datetime]:
    """Return when an admin last closed each closed consultation, read from the audit log."""
    closed = {
        (c.municipality_id, str(c.id)): c.id
        for c in consultations
        if c.status == ConsultationStatus.CLOSED
    }
    if not closed:
        return {}
    rows = db.session.execute(
        select(AuditEvent.municipality_id, AuditEvent.target_id, func.max(AuditEvent.created_at))
        .where(
            AuditEvent.action == CLOSE_ACTION,
            AuditEvent.target_type == "consultation",
            AuditEvent.target_id.in_(sorted({target_id for _, target_id in closed})),
            AuditEvent.municipality_id.in_(sorted({place for place, _ in closed})),
        )
        .group_by(AuditEvent.municipality_id, AuditEvent.target_id)
    )
    return {closed[(m, t)]: moment for m, t, moment in rows if (m, t) in closed}


def _closed_since(
    consultation: Consultation, now: datetime, admin_closed_at: datetime | None
) -> datetime | None:
    """Return the first moment the consultation stopped accepting input, if known."""
    moments = [m for m in (admin_closed_at, consultation.closes_at) if m is not None and m <= now]
    return min(moments, default=None)


def _describe(
    consultation: Consultation, now: datetime, admin_closed_at: datetime | None
) -> PublicPhase:
    phase = consultation.phase_at(now)
    if phase == ConsultationPhase.UPCOMING:
        day = local_date(consultation.opens_at)
    elif phase == ConsultationPhase.OPEN:
        day = local_date(consultation.closes_at, inclusive_end=True)
    elif phase == ConsultationPhase.CLOSED:
        day = local_date(_closed_since(consultation, now, admin_closed_at))
    else:
        day = None
    return PublicPhase(phase, day)


def public_phases(consultations: Sequence[Consultation]) -> dict[int, PublicPhase]:
    """Return the public phase of each consultation by id (one audit query for closed ones)."""
    now = utcnow()
    closed_at = _admin_close_moments(consultations)
    return {c.id: _describe(c, now, closed_at.get(c.id)) for c in consultations}


def public_phase(consultation: Consultation) -> PublicPhase:
    """Return the public phase of one consultation."""
    return public_phases([consultation])[consultation.id]


def public_listing(consultations: Sequence[Consultation]) -> PhaseListing:
    """Group consultations by public phase, keeping their order; upcoming ones soonest first."""
    phases = public_phases(consultations)

    def in_phase(phase: ConsultationPhase) -> list[Consultation]:
        return [c for c in consultations if phases[c.id].phase == phase]

    upcoming = sorted(in_phase(ConsultationPhase.UPCOMING), key=lambda c: c.opens_at)
    return PhaseListing(
        in_phase(ConsultationPhase.OPEN), upcoming, in_phase(ConsultationPhase.CLOSED), phases
    )


def open_data_url(consultation: Consultation) -> str | None:
    """Return the public open-data page of the consultation, or None if not published."""
    if consultation.open_data_published_at is None:
        return None
    return url_for("exports.open_data", consultation_id=consultation.id)


def not_yet_open_message(consultation: Consultation) -> str | None:
    """Say when an upcoming consultation opens; None when it is not upcoming (then: closed)."""
    if consultation.phase != ConsultationPhase.UPCOMING or consultation.opens_at is None:
        return None
    return str(
        _l(
            "Deze raadpleging begint op %(date)s. Vanaf die dag kunt u uw inbreng geven.",
            date=day(consultation.opens_at),
        )
    )
