"""A municipality where every field that is ever rendered holds an XSS payload."""

from __future__ import annotations

from dataclasses import dataclass, field

from dialogue.accounts.models import Role, User
from dialogue.answers.models import OfficialResponse
from dialogue.audit.services import record
from dialogue.consultations.models import ModerationMode
from dialogue.contributions.models import ContributionStatus, Reply, Report, Support
from dialogue.extensions import db
from dialogue.moderation.models import Decision, ModerationDecision, ModerationReason
from dialogue.municipalities.models import Area
from dialogue.themes.models import Theme
from tests.factories import make_consultation, make_contribution, make_municipality, make_user
from tests.security.dom import payload, short_payload

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
    "kp-area": ("consultations.show", EVERYONE),
    "kp-display": ("consultations.show", EVERYONE),
    "kp-reply": ("consultations.show", EVERYONE),
    "kp-answer": ("consultations.show", EVERYONE),
    "kp-status-reason": ("contributions.mine", frozenset({Role.RESIDENT})),
    "kp-report": ("moderation.queue", frozenset({Role.MODERATOR, Role.ADMIN})),
    "kp-audit": ("audit.log", frozenset({Role.ADMIN})),
}


@dataclass
class World:
    """The seeded objects: users per role and the values that fill URL arguments."""

    users: dict[Role, User] = field(default_factory=dict)
    url_values: dict[str, object] = field(default_factory=dict)


def build_world() -> World:
    """Create a municipality full of payloads, with one user per role; commit it."""
    municipality = make_municipality(
        name=short_payload("kp-municipality"),
        slug="xss-gemeente",
        areas=[Area(name=short_payload("kp-area")), Area(name="Gewone kern")],
    )
    world = World()
    for role in ROLES[1:]:
        extra = {"municipality": municipality} if role is not Role.RESIDENT else {}
        world.users[role] = make_user(role, display_name=short_payload("kp-name"), **extra)
    resident = world.users[Role.RESIDENT]
    consultation = make_consultation(
        municipality=municipality,
        slug="xss-raadpleging",
        title=payload("kp-title", 160),
        question=payload("kp-question", 500),
        description=payload("kp-description"),
        moderation_mode=ModerationMode.PRE,
    )
    area = municipality.areas[0]
    published = make_contribution(
        consultation=consultation,
        author=resident,
        display_name=short_payload("kp-display"),
        area=area,
        text=payload("kp-contribution"),
    )
    make_contribution(
        consultation=consultation,
        author=resident,
        area=area,
        text=payload("kp-held") + " bel 06-12345678",
        status=ContributionStatus.PENDING,
        published_at=None,
        hold_reason="pii",
        pii_spans=[{"start": 0, "end": 7, "label": "phone"}],
        flags=[short_payload("kp-flag")],
    )
    hidden = make_contribution(
        consultation=consultation,
        author=resident,
        text=payload("kp-hidden"),
        status=ContributionStatus.HIDDEN,
        status_reason=payload("kp-status-reason", 500),
    )
    db.session.add_all(
        [
            Reply(
                contribution=published,
                author=resident,
                display_name=short_payload("kp-reply-name"),
                text=payload("kp-reply"),
                status=ContributionStatus.PUBLISHED,
            ),
            Report(
                contribution=published, reporter_id=resident.id, reason=payload("kp-report", 500)
            ),
            Support(contribution_id=published.id, user_id=resident.id),
            OfficialResponse(
                consultation=consultation,
                author=world.users[Role.ANALYST],
                author_role=Role.ANALYST.value,
                text=payload("kp-answer"),
            ),
            OfficialResponse(
                consultation=consultation,
                contribution_id=published.id,
                author=world.users[Role.ADMIN],
                author_role=Role.ADMIN.value,
                text=payload("kp-contribution-answer"),
            ),
            ModerationDecision(
                contribution=hidden,
                moderator=world.users[Role.MODERATOR],
                decision=Decision.HIDE,
                reason=payload("kp-decision", 500),
            ),
            Theme(
                consultation_id=consultation.id,
                municipality_id=municipality.id,
                key="xss-thema",
                label=payload("kp-theme", 120),
                keywords=[short_payload("kp-keyword")],
            ),
        ]
    )
    reason = ModerationReason(municipality_id=municipality.id, label=payload("kp-reason", 200))
    db.session.add(reason)
    db.session.flush()
    record(
        "moderation.hide",
        hidden,
        reason=payload("kp-audit", 1000),
        actor=world.users[Role.MODERATOR],
        details={"note": payload("kp-audit-details")},
    )
    db.session.commit()
    world.url_values = {
        "municipality": municipality.slug,
        "municipality_slug": municipality.slug,
        "slug": consultation.slug,
        "consultation_id": consultation.id,
        "contribution_id": published.id,
        "id": published.id,
        "reply_id": published.replies[0].id if published.replies else 1,
        "reason_id": reason.id,
        "user_id": world.users[Role.MODERATOR].id,
        "theme_key": "xss-thema",
        "key": "xss-thema",
        "token": "x",
    }
    return world
