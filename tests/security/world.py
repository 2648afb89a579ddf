"""What the security suite expects of the payload world, ``tests.world.build_world(payloads=True)``."""

from __future__ import annotations

from dialogue.accounts.models import Role

#: Roles the suite acts as; None is an anonymous visitor.
ROLES: tuple[Role | None, ...] = (None, Role.RESIDENT, Role.MODERATOR, Role.ANALYST, Role.ADMIN)

#: Fields whose payload must show up (escaped) on some page once that page exists:
#: field label -> (endpoint that renders it, roles that see it; None is anonymous).
EVERYONE = frozenset(ROLES)
RENDERED_BY: dict[str, tuple[str, frozenset[Role | None]]] = {
    "kp-municipality": ("main.home", EVERYONE),
    "kp-title": ("main.home", EVERYONE),
    "kp-question": ("main.home", EVERYONE),
    "kp-contribution": ("consultations.show", EVERYONE),
    "kp-kern": ("consultations.show", EVERYONE),
    "kp-display": ("consultations.show", EVERYONE),
    "kp-reply": ("consultations.show", EVERYONE),
    "kp-answer": ("consultations.show", EVERYONE),
    "kp-status-reason": ("contributions.mine", frozenset({Role.RESIDENT})),
    "kp-report": ("moderation.queue", frozenset({Role.MODERATOR, Role.ADMIN})),
    "kp-audit": ("audit.log", frozenset({Role.ADMIN})),
}
