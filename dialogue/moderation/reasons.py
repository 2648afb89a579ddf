"""The editable list of plain-Dutch moderation reasons of a municipality."""

from __future__ import annotations

from sqlalchemy import func, select

from dialogue.audit.services import record
from dialogue.extensions import db
from dialogue.moderation.models import DEFAULT_REASONS, ModerationReason
from dialogue.municipalities.models import Municipality

#: Longest reason text the author is shown (matches Contribution.status_reason).
MAX_STATUS_REASON = 500


def add_default_reasons(municipality: Municipality) -> list[ModerationReason]:
    """Give a new municipality the reasons every municipality starts with (caller commits)."""
    if municipality.id is None:
        db.session.flush()
    reasons = [
        ModerationReason(municipality_id=municipality.id, label=label, position=index)
        for index, label in enumerate(DEFAULT_REASONS)
    ]
    db.session.add_all(reasons)
    db.session.flush()
    return reasons


def active_reasons(municipality_id: int) -> list[ModerationReason]:
    """Return the reasons moderators choose from, in their order (reading only)."""
    return list(
        db.session.scalars(
            select(ModerationReason)
            .where(ModerationReason.municipality_id == municipality_id, ModerationReason.active)
            .order_by(ModerationReason.position, ModerationReason.id)
        )
    )


def find_reason(reason_id: int) -> ModerationReason | None:
    """Return a reason by id, or None."""
    return db.session.get(ModerationReason, reason_id)


def add_reason(municipality_id: int, label: str) -> ModerationReason:
    """Add a reason at the end of the list (audited)."""
    last = db.session.scalar(
        select(func.max(ModerationReason.position)).where(
            ModerationReason.municipality_id == municipality_id
        )
    )
    reason = ModerationReason(
        municipality_id=municipality_id, label=label.strip(), position=(last or 0) + 1
    )
    db.session.add(reason)
    db.session.flush()
    record("moderation_reason.create", reason, details={"label": reason.label})
    return reason


def rename_reason(reason: ModerationReason, label: str) -> None:
    """Change the wording of a reason (audited); earlier decisions keep their wording."""
    old = reason.label
    reason.label = label.strip()
    db.session.flush()
    record("moderation_reason.update", reason, details={"old": old, "new": reason.label})


def remove_reason(reason: ModerationReason) -> None:
    """Stop offering a reason (audited); it stays in the database for the record."""
    reason.active = False
    db.session.flush()
    record("moderation_reason.delete", reason, details={"label": reason.label})


def compose_status_reason(reason: ModerationReason | None, note: str | None) -> str | None:
    """Join the chosen reason and the free text into what the author reads."""
    parts = [reason.label.rstrip(".") + "." if reason else "", (note or "").strip()]
    text = " ".join(part for part in parts if part)
    return text[:MAX_STATUS_REASON] or None
