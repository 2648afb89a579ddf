"""The one test world: two municipalities with their officials, a resident and what they did.

Municipality A ("Gemeente A") has a moderator, an analyst and an admin; municipality B has an
admin and a moderator of its own; a resident, a Town-Deal network user and a platform admin
belong to no municipality. A has an open consultation, and so has B.

``build_world()`` makes it and commits. What the suites need beyond that is an option:

- ``activity="none"``: the resident did nothing yet (the officials' tests make and count
  their own input); ``"input"`` (the default): the resident's published input in A with a
  published reply (the access tables); ``"history"``: the resident's history made through the
  services — input (one held for an address, never confirmed), replies, support, a report,
  an official answer and mail (the own-data tests).
- ``payloads=True``: every field that is ever rendered holds an XSS payload, and there is one
  row of each kind that renders one — held and hidden input, a report, support, answers, a
  decision, a theme, a reason and an audit event (tests/security).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from flask import current_app

from dialogue.accounts.models import Role, User
from dialogue.answers.models import OfficialResponse
from dialogue.audit.services import record
from dialogue.consultations.models import Consultation, ModerationMode
from dialogue.contributions.models import Contribution, ContributionStatus, Reply, Report, Support
from dialogue.extensions import db
from dialogue.moderation.models import Decision, ModerationDecision, ModerationReason
from dialogue.municipalities.models import Kern, Municipality
from dialogue.themes.models import Theme
from tests.factories import make_consultation, make_contribution, make_municipality, make_user

Activity = Literal["none", "input", "history"]

#: The resident's address and name: rare enough to search the whole database for them.
RESIDENT_EMAIL = "marieke.zeldzaam@example.org"
RESIDENT_NAME = "Marieke Zeldzaam"


@dataclass
class World:
    """The objects of the world; every object belongs to municipality A unless named other."""

    municipality: Municipality
    other_municipality: Municipality
    consultation: Consultation
    other_consultation: Consultation
    #: By role name: resident, moderator, analyst, admin, other_admin, other_moderator,
    #: network, platform (and neighbour, another resident, with the history). Role members
    #: are strings, so ``users[Role.ADMIN]`` finds the admin as well.
    users: dict[str, User]
    #: The resident's published input (activity "input" or "history").
    contribution: Contribution | None = None
    #: A published reply of the resident on that input (activity "input").
    reply: Reply | None = None
    #: Input of the neighbour, replied to, supported and reported by the resident ("history").
    neighbour_contribution: Contribution | None = None
    #: URL parameter values computed so far, by name (tests/access fills it from its SAMPLES).
    values: dict[str, Any] = field(default_factory=dict)
    #: URL parameter values for every route, by name (with payloads=True).
    url_values: dict[str, object] = field(default_factory=dict)

    @property
    def a(self) -> Municipality:
        return self.municipality

    @property
    def b(self) -> Municipality:
        return self.other_municipality

    @property
    def kern(self) -> Kern:
        return self.municipality.kernen[0]

    @property
    def resident(self) -> User:
        return self.users["resident"]

    @property
    def moderator(self) -> User:
        return self.users["moderator"]

    @property
    def analyst(self) -> User:
        return self.users["analyst"]

    @property
    def admin(self) -> User:
        return self.users["admin"]

    @property
    def other_admin(self) -> User:
        return self.users["other_admin"]

    @property
    def other_moderator(self) -> User:
        return self.users["other_moderator"]


def build_world(*, activity: Activity = "input", payloads: bool = False) -> World:
    """Create the world (see the module's docstring for the options) and commit it."""
    if payloads and activity != "input":
        raise ValueError("payloads=True fills the resident's input: use activity='input'")
    texts = _payload_texts() if payloads else _plain_texts()
    world = _people_and_places(texts, payloads)
    if activity == "input":
        _add_input(world, texts)
    elif activity == "history":
        _add_history(world)
    if payloads:
        _add_one_row_of_each_kind(world)
    db.session.commit()
    return world


#: Field label -> the text to store there (None: the factory's default).
Texts = dict[str, str | None]


def _plain_texts() -> Texts:
    return {
        "kp-municipality": "Gemeente A",
        "kp-kern": None,
        "kp-name": None,
        "kp-title": None,
        "kp-question": None,
        "kp-description": None,
        "kp-display": None,
        "kp-contribution": None,
        "kp-reply-name": None,
        "kp-reply": "Mee eens.",
    }


def _payload_texts() -> Texts:
    from tests.security.dom import payload, short_payload

    return {
        "kp-municipality": short_payload("kp-municipality"),
        "kp-kern": short_payload("kp-kern"),
        "kp-name": short_payload("kp-name"),
        "kp-title": payload("kp-title", 160),
        "kp-question": payload("kp-question", 500),
        "kp-description": payload("kp-description"),
        "kp-display": short_payload("kp-display"),
        "kp-contribution": payload("kp-contribution"),
        "kp-reply-name": short_payload("kp-reply-name"),
        "kp-reply": payload("kp-reply"),
    }


def _given(**values: Any) -> dict[str, Any]:
    """Return the values that are set: the factories' defaults stay for the others."""
    return {name: value for name, value in values.items() if value is not None}


def _people_and_places(texts: Texts, payloads: bool) -> World:
    """Create the municipalities, their consultations and one user per role."""
    kern = texts["kp-kern"]
    kernen = {"kernen": [Kern(name=kern), Kern(name="Gewone kern")]} if kern else {}
    municipality = make_municipality(name=texts["kp-municipality"], slug="gemeente-a", **kernen)
    other = make_municipality(name="Gemeente B", slug="gemeente-b")
    name = _given(display_name=texts["kp-name"])
    users = {
        "resident": make_user(
            Role.RESIDENT, email=RESIDENT_EMAIL, **(name or {"display_name": RESIDENT_NAME})
        )
    }
    for role in (Role.MODERATOR, Role.ANALYST, Role.ADMIN):
        users[role.value] = make_user(
            role, municipality=municipality, email=f"{role}@a.example", **name
        )
    users["other_admin"] = make_user(Role.ADMIN, municipality=other, email="admin@b.example")
    users["other_moderator"] = make_user(
        Role.MODERATOR, municipality=other, email="moderator@b.example"
    )
    users["network"] = make_user(Role.NETWORK, email="netwerk@example.org")
    users["platform"] = make_user(Role.PLATFORM_ADMIN, email="platform@example.org")
    mode = {"moderation_mode": ModerationMode.PRE} if payloads else {}
    consultation = make_consultation(
        municipality=municipality,
        slug="raadpleging-a",
        **_given(
            title=texts["kp-title"],
            question=texts["kp-question"],
            description=texts["kp-description"],
        ),
        **mode,
    )
    return World(
        municipality=municipality,
        other_municipality=other,
        consultation=consultation,
        other_consultation=make_consultation(municipality=other, slug="raadpleging-b"),
        users=users,
    )


def _add_input(world: World, texts: Texts) -> None:
    """The resident's published input in A, with a published reply of the resident."""
    world.contribution = make_contribution(
        consultation=world.consultation,
        author=world.resident,
        kern=world.kern,
        status=ContributionStatus.PUBLISHED,
        **_given(display_name=texts["kp-display"], text=texts["kp-contribution"]),
    )
    world.reply = Reply(
        contribution=world.contribution,
        author=world.resident,
        text=texts["kp-reply"],
        status=ContributionStatus.PUBLISHED,
        **_given(display_name=texts["kp-reply-name"]),
    )
    db.session.add(world.reply)
    db.session.flush()


def _add_history(world: World) -> None:
    """The resident's history, made through the services as the pages make it."""
    from dialogue.contributions.reactions import add_reply, add_support, report_contribution
    from dialogue.contributions.services import submit_contribution
    from dialogue.mail import send_email
    from dialogue.moderation.personal_data import redacted_version
    from dialogue.notifications import notify_answer

    user, name, email = world.resident, RESIDENT_NAME, RESIDENT_EMAIL
    neighbour = world.users["neighbour"] = make_user()
    with current_app.test_request_context():
        submit_contribution(
            world.consultation,
            text=f"Ik, {name}, vind de stoep te smal. Mail {email} maar.",
            author=user,
            display_name=name,
        )
        plain = submit_contribution(
            world.consultation,
            text="De bushalte moet overdekt worden.",
            author=user,
            display_name=name,
        )
        submit_contribution(
            world.consultation, text="Anoniem gestuurd, nooit bevestigd.", pending_email=email
        )
        theirs = make_contribution(consultation=world.consultation, author=neighbour)
        add_reply(theirs, user, "Helemaal mee eens met u", display_name=name)
        add_reply(plain, neighbour, "Goed punt, buur")
        # Held for the e-mail address, then published redacted: the name stays in both texts.
        held = add_reply(theirs, user, f"Groet, {name}. Mail {email} gerust.")
        held.redacted_text = redacted_version(held)
        held.status = ContributionStatus.PUBLISHED
        add_support(theirs, user)
        add_support(plain, neighbour)
        report_contribution(theirs, user, "Beledigend")
        answer = OfficialResponse(
            consultation_id=world.consultation.id,
            contribution_id=plain.id,
            author_id=world.admin.id,
            author_role="admin",
            text="Wij gaan de bushalte bekijken.",
        )
        db.session.add(answer)
        db.session.flush()
        notify_answer(answer)
        send_email(email, "Welkom", "account_confirm", user=user, confirm_url="x", hours=48)
    world.contribution, world.neighbour_contribution = plain, theirs


def _add_one_row_of_each_kind(world: World) -> None:
    """Add a row of every kind a page renders, each text an XSS payload; set url_values."""
    from tests.security.dom import payload, short_payload

    resident, published = world.resident, world.contribution
    assert published is not None and world.reply is not None
    make_contribution(
        consultation=world.consultation,
        author=resident,
        kern=world.kern,
        text=payload("kp-held") + " bel 06-12345678",
        status=ContributionStatus.PENDING,
        published_at=None,
        hold_reason="pii",
        pii_spans=[{"start": 0, "end": 7, "label": "phone"}],
        flags=[short_payload("kp-flag")],
    )
    hidden = make_contribution(
        consultation=world.consultation,
        author=resident,
        text=payload("kp-hidden"),
        status=ContributionStatus.HIDDEN,
        status_reason=payload("kp-status-reason", 500),
    )
    db.session.add_all(
        [
            Report(
                contribution=published, reporter_id=resident.id, reason=payload("kp-report", 500)
            ),
            Support(contribution_id=published.id, user_id=resident.id),
            OfficialResponse(
                consultation=world.consultation,
                author=world.analyst,
                author_role=Role.ANALYST.value,
                text=payload("kp-answer"),
            ),
            OfficialResponse(
                consultation=world.consultation,
                contribution_id=published.id,
                author=world.admin,
                author_role=Role.ADMIN.value,
                text=payload("kp-contribution-answer"),
            ),
            ModerationDecision(
                contribution=hidden,
                moderator=world.moderator,
                decision=Decision.HIDE,
                reason=payload("kp-decision", 500),
            ),
            Theme(
                consultation_id=world.consultation.id,
                municipality_id=world.municipality.id,
                key="xss-thema",
                label=payload("kp-theme", 120),
                keywords=[short_payload("kp-keyword")],
            ),
        ]
    )
    reason = ModerationReason(
        municipality_id=world.municipality.id, label=payload("kp-reason", 200)
    )
    db.session.add(reason)
    db.session.flush()
    record(
        "moderation.hide",
        hidden,
        reason=payload("kp-audit", 1000),
        actor=world.moderator,
        details={"note": payload("kp-audit-details")},
    )
    world.url_values = {
        "municipality": world.municipality.slug,
        "municipality_slug": world.municipality.slug,
        "slug": world.consultation.slug,
        "consultation_id": world.consultation.id,
        "contribution_id": published.id,
        "id": published.id,
        "reply_id": world.reply.id,
        "reason_id": reason.id,
        "user_id": world.moderator.id,
        "theme_key": "xss-thema",
        "key": "xss-thema",
        "token": "x",
    }
