"""Writing audit events in the caller's transaction."""

from __future__ import annotations

from typing import Any, NoReturn

from flask import abort, request
from flask_login import AnonymousUserMixin, current_user

from dialogue.audit.models import AuditEvent
from dialogue.extensions import db

#: The actor of changes nobody made in person (command line, scheduled jobs): the log shows
#: "systeem".
SYSTEM_ACTOR = AnonymousUserMixin()


def record(
    action: str,
    target: Any = None,
    *,
    reason: str | None = None,
    municipality_id: int | None = None,
    actor: Any = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit event for the current (or given) actor; the caller commits."""
    actor = actor if actor is not None else current_user
    authenticated = getattr(actor, "is_authenticated", False)
    if municipality_id is None:
        municipality_id = getattr(target, "municipality_id", None) or (
            actor.municipality_id if authenticated else None
        )
    event = AuditEvent(
        municipality_id=municipality_id,
        actor_id=actor.id if authenticated else None,
        actor_role=actor.role.value if authenticated else None,
        action=action,
        target_type=type(target).__name__.lower() if target is not None else None,
        target_id=str(target.id) if getattr(target, "id", None) is not None else None,
        reason=reason,
        details=details,
    )
    db.session.add(event)
    db.session.flush()
    return event


def deny_access(target: Any = None, *, municipality_id: int | None = None) -> NoReturn:
    """Log an "access.denied" event (committed on its own) and answer 404.

    404, not 403: another municipality's id must look exactly like an id that does not exist,
    or the answer would tell that it does. The audit log still shows the attempt.
    """
    db.session.rollback()
    target_municipality = municipality_id or getattr(target, "municipality_id", None)
    record(
        "access.denied",
        target,
        municipality_id=current_user.municipality_id,
        details={
            "endpoint": request.endpoint,
            "method": request.method,
            "target_municipality_id": target_municipality,
        },
    )
    db.session.commit()
    abort(404)


def require_municipality(target: Any, municipality_id: int | None = None) -> None:
    """Refuse (404, audited) when target belongs to another municipality than the official."""
    owner = municipality_id if municipality_id is not None else target.municipality_id
    if owner is None or owner != current_user.municipality_id:
        deny_access(target, municipality_id=owner)
