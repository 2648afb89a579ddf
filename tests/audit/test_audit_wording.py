"""The audit log in words: who did what to which objects (as links), why, in local time."""

from __future__ import annotations

from datetime import datetime

from dialogue.audit.models import AuditEvent
from dialogue.audit.services import record
from dialogue.extensions import db
from dialogue.moderation.reasons import active_reasons
from dialogue.themes.models import Theme
from tests.helpers import as_, csrf_token
from tests.moderation.test_queue import pending


def audit_page(client) -> str:
    return client.get("/werkplek/audit").get_data(as_text=True)


def test_bulk_decision_reads_as_a_sentence_with_each_object_linked(client, world):
    first, second = pending(world), pending(world)
    db.session.commit()
    as_(client, world.moderator)
    reason = active_reasons(world.a.id)[1]
    client.post(
        "/werkplek/moderatie/besluit",
        data={
            "csrf_token": csrf_token(client, "/werkplek/moderatie"),
            "action": "reject",
            "ids": [first.id, second.id],
            f"seen-{first.id}": "pending",
            f"seen-{second.id}": "pending",
            "reason_id": reason.id,
            "next": "/werkplek/moderatie",
        },
    )
    as_(client, world.admin)
    page = audit_page(client)
    assert f"{world.moderator.email} heeft 2 teksten afgewezen (reden: {reason.label})." in page
    for contribution in (first, second):
        assert (
            f'<a class="utrecht-link" href="/werkplek/moderatie/bijdrage/{contribution.id}">'
            f"inbreng {contribution.id}</a>" in page
        )


def test_single_object_is_a_link_in_the_sentence_with_its_name(client, world):
    theme = Theme(
        consultation_id=world.consultation.id,
        municipality_id=world.a.id,
        key="t1",
        label="Verkeer bij de school",
    )
    db.session.add(theme)
    db.session.flush()
    record("theme.rename", theme, actor=world.analyst, details={"from": "a", "to": "b"})
    db.session.commit()
    as_(client, world.admin)
    assert (
        f'{world.analyst.email} heeft <a class="utrecht-link" href="/werkplek/themas/{theme.id}">'
        "thema “Verkeer bij de school”</a> een andere naam gegeven." in audit_page(client)
    )


def test_times_are_local_and_system_actions_say_so(client, world):
    db.session.add(
        AuditEvent(
            municipality_id=world.a.id,
            action="contribution.purge_unconfirmed",
            created_at=datetime(2026, 7, 1, 10, 0, 5),
        )
    )
    db.session.commit()
    as_(client, world.admin)
    page = audit_page(client)
    # 10:00 UTC is 12:00 in Dutch summer time; the seconds are in the datetime attribute and CSV.
    assert "1 juli 2026, 12:00<" in page
    assert "Het systeem heeft niet bevestigde inbreng na de bewaartermijn verwijderd." in page
    assert "(UTC)" not in page


def test_unknown_actions_and_reasons_stay_escaped(client, world):
    record(
        "api.token_created",
        None,
        actor=world.admin,
        municipality_id=world.a.id,
        reason="<script>alert(1)</script>",
    )
    db.session.commit()
    as_(client, world.admin)
    page = audit_page(client)
    assert f"{world.admin.email}: <code>api.token_created</code>" in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_events_from_before_the_kern_rename_read_like_new_ones(app):
    from dialogue.audit.wording import describe

    with app.test_request_context():
        old, new = (
            describe(AuditEvent(action="area.rename", target_type=kind, target_id="5"), {}, {})
            for kind in ("area", "kern")
        )
    assert old.sentence == new.sentence
    assert "kern 5" in new.sentence and "/beheer/kernen" in new.sentence
