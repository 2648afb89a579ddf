"""Every official action writes exactly one audit event; other municipalities are refused."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from dialogue.accounts.models import Role
from dialogue.audit.models import AuditEvent
from dialogue.contributions.models import ContributionStatus
from dialogue.extensions import db
from dialogue.moderation.reasons import active_reasons
from tests.factories import make_contribution, make_user
from tests.helpers import as_, csrf_token
from tests.world import World

S = ContributionStatus


@dataclass
class Action:
    """An official POST: who does it, where, with what form data, and the audit action."""

    actor: str
    audit_action: str
    prepare: Callable[[World], tuple[str, dict]]


def _decision(action: str, status: S, **extra) -> Callable[[World], tuple[str, dict]]:
    def prepare(world: World) -> tuple[str, dict]:
        item = make_contribution(
            consultation=world.consultation,
            status=status,
            text="Bel mij op 06-12345678 over de stoep.",
            pii_spans=[{"kind": "phone", "start": 11, "end": 22}],
        )
        reason = active_reasons(world.a.id)[0]
        return "/werkplek/moderatie/besluit", {
            "action": action,
            "ids": str(item.id),
            f"seen-{item.id}": status.value,
            "reason_id": str(reason.id),
            **extra,
        }

    return prepare


def _reason_edit(suffix: str, data: dict) -> Callable[[World], tuple[str, dict]]:
    def prepare(world: World) -> tuple[str, dict]:
        reason = active_reasons(world.a.id)[2]
        return f"/werkplek/moderatie/redenen/{reason.id}{suffix}", data

    return prepare


def _answer_edit(world: World) -> tuple[str, dict]:
    from dialogue.answers.models import OfficialResponse

    answer = OfficialResponse(
        consultation=world.consultation,
        author_id=world.analyst.id,
        author_role="analyst",
        text="Dank voor uw inbreng. We bouwen de brug in 2027.",
    )
    db.session.add(answer)
    db.session.flush()
    return f"/werkplek/antwoorden/{answer.id}/wijzigen", {
        "text": "Dank voor uw inbreng. We bouwen de brug in 2028."
    }


def _official(suffix: str, data: dict, *, active: bool = True):
    def prepare(world: World) -> tuple[str, dict]:
        colleague = make_user(Role.MODERATOR, municipality=world.a, active=active)
        return f"/werkplek/medewerkers/{colleague.id}{suffix}", data

    return prepare


def _share_with_network(world: World) -> tuple[str, dict]:
    world.a.in_network = False
    return "/beheer/gemeente", {"in_network": "y"}


def _answer_contribution(world: World) -> tuple[str, dict]:
    item = make_contribution(consultation=world.consultation, author=make_user())
    return f"/werkplek/antwoorden/bijdrage/{item.id}", {"text": "Dank u wel. We pakken dit op."}


def _intake_confirm(world: World, client) -> tuple[str, dict]:
    csv_file = "text;kern;channel;date\nDe brug is glad in de winter.;;brief;2026-01-05\n"
    response = client.post(
        "/werkplek/invoer/upload",
        data={
            "csrf_token": csrf_token(client, "/"),
            "consultation": str(world.consultation.id),
            "file": (io.BytesIO(csv_file.encode()), "inbreng.csv"),
        },
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    token = page.split('name="token" value="')[1].split('"')[0]
    return "/werkplek/invoer/upload/bevestigen", {"token": token}


ACTIONS = {
    "approve": Action("moderator", "moderation.approve", _decision("approve", S.PENDING)),
    "hide": Action("moderator", "moderation.hide", _decision("hide", S.PUBLISHED)),
    "reject": Action("admin", "moderation.reject", _decision("reject", S.PENDING)),
    "restore": Action("moderator", "moderation.restore", _decision("restore", S.HIDDEN)),
    "redact": Action("moderator", "moderation.redact", _decision("redact", S.PENDING)),
    "add_reason": Action(
        "admin",
        "moderation_reason.create",
        lambda world: ("/werkplek/moderatie/redenen", {"label": "Bevat een oproep tot geweld"}),
    ),
    "update_reason": Action(
        "admin", "moderation_reason.update", _reason_edit("", {"label": "Gaat over iets anders"})
    ),
    "remove_reason": Action("admin", "moderation_reason.delete", _reason_edit("/verwijderen", {})),
    "invite": Action(
        "admin",
        "official.invite",
        lambda world: (
            "/werkplek/medewerkers",
            {
                "email": "nieuw@gemeente.example",
                "display_name": "Nieuwe Collega",
                "role": "analyst",
            },
        ),
    ),
    "change_role": Action("admin", "official.role_change", _official("/rol", {"role": "analyst"})),
    "disable": Action("admin", "official.disable", _official("/uitschakelen", {})),
    "enable": Action("admin", "official.enable", _official("/inschakelen", {}, active=False)),
    "answer_consultation": Action(
        "analyst",
        "answer.create",
        lambda world: (
            f"/werkplek/antwoorden/raadpleging/{world.consultation.id}",
            {"text": "Dank voor uw inbreng. We bouwen de brug in 2027."},
        ),
    ),
    "answer_contribution": Action("admin", "answer.create", _answer_contribution),
    "answer_edit": Action("analyst", "answer.update", _answer_edit),
    "share_with_network": Action("admin", "municipality.update", _share_with_network),
    "intake_record": Action(
        "moderator",
        "intake.create",
        lambda world: (
            "/werkplek/invoer",
            {
                "consultation": str(world.consultation.id),
                "channel": "meeting",
                "received_on": "2026-01-10",
                "text": "Op de dorpsavond vroegen mensen om een bankje.",
            },
        ),
    ),
}


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_each_official_action_writes_exactly_one_audit_event(client, world, name):
    action = ACTIONS[name]
    path, data = action.prepare(world)
    db.session.commit()
    actor = getattr(world, action.actor)
    as_(client, actor)
    before = db.session.scalar(select(func.count(AuditEvent.id)))
    response = client.post(path, data={"csrf_token": csrf_token(client, "/"), **data})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.id > 0)).all()
    assert len(events) == before + 1
    event = events[-1]
    assert event.action == action.audit_action
    assert event.actor_id == actor.id and event.actor_role == actor.role.value
    assert event.municipality_id == world.a.id


def test_intake_import_writes_one_event_and_the_preview_none(client, world):
    as_(client, world.moderator)
    path, data = _intake_confirm(world, client)
    assert db.session.scalar(select(func.count(AuditEvent.id))) == 0
    response = client.post(path, data={"csrf_token": csrf_token(client, "/"), **data})
    assert response.status_code == 302
    events = db.session.scalars(select(AuditEvent)).all()
    assert [e.action for e in events] == ["intake.import"]


def test_audit_export_is_itself_audited(client, world):
    as_(client, world.admin)
    response = client.get("/werkplek/audit/export.csv")
    assert response.status_code == 200
    assert [e.action for e in db.session.scalars(select(AuditEvent))] == ["audit.export"]


def test_catalogue_covers_every_official_post_route(app):
    """A new POST route in these blueprints must be added to ACTIONS (or listed here)."""
    without_event = {
        "intake.upload",  # the preview: nothing is stored
        "intake.confirm",  # covered by test_intake_import_writes_one_event_and_the_preview_none
    }
    covered = {
        "moderation.decide",
        "moderation.add_reason",
        "moderation.update_reason",
        "moderation.remove_reason",
        "officials.invite",
        "officials.change_role",
        "officials.disable",
        "officials.enable",
        "answers.consultation",
        "answers.contribution",
        "answers.edit",
        "intake.record",
        "municipalities.settings",
    }
    posts = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "POST" in rule.methods
        and rule.endpoint.split(".")[0]
        in {"moderation", "officials", "answers", "intake", "audit", "municipalities"}
    }
    assert posts == covered | without_event


# --- other municipalities -------------------------------------------------------------------


def _foreign_contribution(world: World):
    return make_contribution(consultation=world.other_consultation, status=S.PENDING)


def _foreign_reason(world: World):
    return active_reasons(world.b.id)[0]


CROSS = {
    "decide": (
        "moderator",
        "POST",
        lambda w: (
            lambda c: (
                "/werkplek/moderatie/besluit",
                {"action": "approve", "ids": str(c.id), f"seen-{c.id}": "pending"},
            )
        )(_foreign_contribution(w)),
    ),
    "decide_mixed_selection": (
        "moderator",
        "POST",
        lambda w: (
            lambda own, foreign: (
                "/werkplek/moderatie/besluit",
                {
                    "action": "approve",
                    "ids": [str(own.id), str(foreign.id)],
                    f"seen-{own.id}": "pending",
                    f"seen-{foreign.id}": "pending",
                },
            )
        )(
            make_contribution(consultation=w.consultation, status=S.PENDING),
            _foreign_contribution(w),
        ),
    ),
    "item": (
        "moderator",
        "GET",
        lambda w: (f"/werkplek/moderatie/bijdrage/{_foreign_contribution(w).id}", {}),
    ),
    "update_reason": (
        "admin",
        "POST",
        lambda w: (
            f"/werkplek/moderatie/redenen/{_foreign_reason(w).id}",
            {"label": "Overgenomen"},
        ),
    ),
    "remove_reason": (
        "admin",
        "POST",
        lambda w: (f"/werkplek/moderatie/redenen/{_foreign_reason(w).id}/verwijderen", {}),
    ),
    "change_role": (
        "admin",
        "POST",
        lambda w: (f"/werkplek/medewerkers/{w.other_moderator.id}/rol", {"role": "admin"}),
    ),
    "disable": (
        "admin",
        "POST",
        lambda w: (f"/werkplek/medewerkers/{w.other_admin.id}/uitschakelen", {}),
    ),
    "enable": (
        "admin",
        "POST",
        lambda w: (f"/werkplek/medewerkers/{w.other_admin.id}/inschakelen", {}),
    ),
    "answer_consultation_page": (
        "analyst",
        "GET",
        lambda w: (f"/werkplek/antwoorden/raadpleging/{w.other_consultation.id}", {}),
    ),
    "answer_consultation": (
        "analyst",
        "POST",
        lambda w: (
            f"/werkplek/antwoorden/raadpleging/{w.other_consultation.id}",
            {"text": "Een antwoord van de verkeerde gemeente."},
        ),
    ),
    "answer_contribution": (
        "admin",
        "POST",
        lambda w: (
            f"/werkplek/antwoorden/bijdrage/{make_contribution(consultation=w.other_consultation).id}",
            {"text": "Een antwoord van de verkeerde gemeente."},
        ),
    ),
    "intake_record": (
        "moderator",
        "POST",
        lambda w: (
            "/werkplek/invoer",
            {
                "consultation": str(w.other_consultation.id),
                "channel": "letter",
                "received_on": "2026-01-10",
                "text": "Een brief voor de andere gemeente.",
            },
        ),
    ),
}


@pytest.mark.parametrize("name", sorted(CROSS))
def test_other_municipality_is_refused_and_logged(client, world, name):
    role, method, prepare = CROSS[name]
    path, data = prepare(world)
    db.session.commit()
    actor = getattr(world, role)
    as_(client, actor)
    if method == "GET":
        response = client.get(path)
    else:
        response = client.post(path, data={"csrf_token": csrf_token(client, "/"), **data})
    # 404, as for an id that does not exist: the answer must not tell that the id exists.
    assert response.status_code == 404
    events = db.session.scalars(select(AuditEvent)).all()
    assert [e.action for e in events] == ["access.denied"]
    assert events[0].actor_id == actor.id and events[0].municipality_id == world.a.id
    assert events[0].details["target_municipality_id"] == world.b.id


def test_refused_bulk_decision_changes_nothing(client, world):
    own = make_contribution(consultation=world.consultation, status=S.PENDING)
    foreign = _foreign_contribution(world)
    db.session.commit()
    as_(client, world.moderator)
    client.post(
        "/werkplek/moderatie/besluit",
        data={
            "csrf_token": csrf_token(client, "/"),
            "action": "approve",
            "ids": [str(own.id), str(foreign.id)],
            f"seen-{own.id}": "pending",
            f"seen-{foreign.id}": "pending",
        },
    )
    db.session.expire_all()
    assert own.status == S.PENDING and foreign.status == S.PENDING


def test_refused_role_change_changes_nothing(client, world):
    as_(client, world.admin)
    client.post(
        f"/werkplek/medewerkers/{world.other_moderator.id}/rol",
        data={"csrf_token": csrf_token(client, "/"), "role": "admin"},
    )
    db.session.expire_all()
    assert world.other_moderator.role == Role.MODERATOR
