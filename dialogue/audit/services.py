"""Writing audit events in the caller's transaction."""

from __future__ import annotations

from typing import Any

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
