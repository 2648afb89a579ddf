"""Replies in the moderation queue: shown as reactions, decided like input, scoped per municipality."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from dialogue.accounts.models import Role
from dialogue.audit.models import AuditEvent
from dialogue.contributions.models import ContributionStatus, Reply, Report
from dialogue.extensions import db
from dialogue.mail import OutboxMessage
from dialogue.moderation.models import ModerationDecision
from dialogue.moderation.queue import queue_size
from tests.conftest import login
from tests.factories import make_consultation, make_contribution, make_municipality, make_user
from tests.helpers import as_, csrf_token

S = ContributionStatus
QUEUE = "/werkplek/moderatie"


def reply_on(contribution, text="Dat vind ik ook.", **overrides) -> Reply:
    values = {"contribution": contribution, "author": make_user(), "text": text}
    reply = Reply(**values | overrides)
    db.session.add(reply)
    db.session.flush()
    return reply


def waiting_reply(world, text="Dat vind ik ook.", **overrides) -> Reply:
    contribution = make_contribution(
        consultation=world.consultation, text="Graag meer bankjes bij de kerk."
    )
    values = {"status": S.PENDING, "hold_reason": "pre_moderation"} | overrides
    return reply_on(contribution, text, **values)


def decide(client, action, *, replies=(), contributions=(), note="Past niet.", seen=None):
    data = {
        "csrf_token": csrf_token(client, QUEUE),
        "action": action,
        "ids": [str(c.id) for c in contributions],
        "reply_ids": [str(r.id) for r in replies],
        "note": note,
        "next": QUEUE,
    }
    for c in contributions:
        data[f"seen-{c.id}"] = c.status.value
    for r in replies:
        data[f"seen-reply-{r.id}"] = (seen or {}).get(r.id, r.status.value)
    return client.post(f"{QUEUE}/besluit", data=data)


def fresh(reply: Reply) -> Reply:
    db.session.expire_all()
    return db.session.get(Reply, reply.id)


def audit_events(action: str) -> list[AuditEvent]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_queue_shows_waiting_replies_marked_as_reaction_with_their_contribution(client, world):
    pre = waiting_reply(world, "Eens, maar dan ook bij de school.")
    flagged = waiting_reply(
        world, "Wat een klootzak zeg.", hold_reason="flagged", flags=["abusive"]
    )
    waiting_reply(world, "Gewone reactie die online staat.", status=S.PUBLISHED)
    db.session.commit()
    page = as_(client, world.moderator).get(QUEUE).get_data(as_text=True)
    for reply in (pre, flagged):
        assert f'name="reply_ids" value="{reply.id}"' in page
        assert f'href="/werkplek/moderatie/reactie/{reply.id}"' in page
        assert f"op inbreng {reply.contribution_id}:" in page
    assert ">Reactie</span>" in page and "Graag meer bankjes bij de kerk." in page
    assert "Mogelijk beledigend" in page and "Wacht op goedkeuring" in page
    assert "Gewone reactie die online staat." not in page
    # The officials' home counts waiting replies too (their contributions are published).
    assert queue_size(world.a.id) == (2, pre.created_at)


def test_kind_and_reason_filters_cover_replies(client, world):
    reply = waiting_reply(world, "Wat een klootzak.", hold_reason="flagged", flags=["abusive"])
    contribution = make_contribution(
        consultation=world.consultation, status=S.PENDING, text="Nog te beoordelen inbreng."
    )
    db.session.commit()
    as_(client, world.moderator)

    def shown(query: str) -> tuple[bool, bool]:
        page = client.get(f"{QUEUE}?{query}").get_data(as_text=True)
        return f'value="{reply.id}" id="kies-reactie' in page, contribution.text in page

    assert shown("") == (True, True)
    assert shown("kind=reply") == (True, False)
    assert shown("kind=contribution") == (False, True)
    assert shown("reason=flagged") == (True, False)
    assert shown("reason=pii") == (False, False)
    assert shown("channel=letter") == (False, False)
    held = waiting_reply(
        world,
        "Bel 06-12345678.",
        hold_reason="pii",
        pii_spans=[{"kind": "phone", "start": 4, "end": 15}],
    )
    db.session.commit()
    page = client.get(f"{QUEUE}?reason=pii").get_data(as_text=True)
    assert f'value="{held.id}" id="kies-reactie' in page
    assert f'value="{reply.id}" id="kies-reactie' not in page
    assert '<mark class="kp-pii">' in page and "06-12345678</mark>" in page


def test_redact_publishes_the_reply_without_personal_data(client, world):
    text = "Bel mij op 06-12345678 over de bankjes."
    reply = waiting_reply(
        world, text, hold_reason="pii", pii_spans=[{"kind": "phone", "start": 11, "end": 22}]
    )
    db.session.commit()
    as_(client, world.moderator)
    page = client.get(f"{QUEUE}/reactie/{reply.id}").get_data(as_text=True)
    assert "Publiceer zonder persoonsgegevens" in page and "[telefoonnummer]" in page
    response = decide(client, "redact", replies=[reply], note="")
    assert response.status_code == 302
    stored = fresh(reply)
    assert stored.status == S.PUBLISHED and stored.hold_reason is None
    assert stored.text == text  # the original stays for the author and the moderator
    assert stored.redacted_text == "Bel mij op [telefoonnummer] over de bankjes."
    consultation = world.consultation
    public = client.get(f"/{consultation.municipality.slug}/{consultation.slug}").get_data(
        as_text=True
    )
    assert "[telefoonnummer]" in public and "06-12345678" not in public
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "moderation.redact")
    ).one()
    assert event.details["reply_ids"] == [reply.id]
    decision = db.session.scalars(select(ModerationDecision)).one()
    assert (decision.reply_id, decision.decision.value) == (reply.id, "redact")
    mail = db.session.scalars(select(OutboxMessage)).one()
    assert "persoonsgegevens uit uw tekst gehaald" in mail.body
    assert "[telefoonnummer]" in mail.body and "06-12345678" not in mail.body


def test_approve_publishes_the_reply_records_decision_audit_and_mail(client, world):
    reply = waiting_reply(world)
    db.session.commit()
    as_(client, world.moderator)
    response = decide(client, "approve", replies=[reply], note="")
    assert response.status_code == 302
    assert "1 reactie goedgekeurd." in client.get(QUEUE).get_data(as_text=True)
    reply = fresh(reply)
    assert (reply.status, reply.hold_reason) == (S.PUBLISHED, None)
    decision = db.session.scalars(select(ModerationDecision)).one()
    assert (decision.reply_id, decision.contribution_id) == (reply.id, None)
    [event] = audit_events("moderation.approve")
    assert (event.target_type, event.target_id) == ("reply", str(reply.id))
    assert event.details["reply_ids"] == [reply.id]
    mail = db.session.scalars(select(OutboxMessage)).one()
    assert mail.recipient == reply.author.email and "reactie staat online" in mail.subject


def test_hide_needs_a_reason_and_the_author_reads_it(client, world):
    reply = waiting_reply(world, status=S.PUBLISHED, hold_reason=None)
    db.session.commit()
    as_(client, world.moderator)
    decide(client, "hide", replies=[reply], note="")
    assert fresh(reply).status == S.PUBLISHED
    decide(client, "hide", replies=[reply], note="Dit is kwetsend.")
    reply = fresh(reply)
    assert (reply.status, reply.status_reason) == (S.HIDDEN, "Dit is kwetsend.")
    mail = db.session.scalars(select(OutboxMessage)).one()
    assert "reactie is verborgen" in mail.subject and "Dit is kwetsend." in mail.body


def test_bulk_decision_on_contributions_and_replies_is_one_audit_event(client, world):
    replies = [waiting_reply(world, f"Reactie nummer {n}.") for n in range(3)]
    contribution = make_contribution(consultation=world.consultation, status=S.PENDING)
    db.session.commit()
    as_(client, world.moderator)
    decide(client, "reject", replies=replies, contributions=[contribution])
    assert {fresh(r).status for r in replies} == {S.REJECTED}
    [event] = audit_events("moderation.reject")
    assert event.details["reply_ids"] == sorted(r.id for r in replies)
    assert event.details["contribution_ids"] == [contribution.id]
    assert db.session.scalar(select(func.count(ModerationDecision.id))) == 4


def test_decision_another_moderator_made_is_not_overwritten(client, world):
    reply = waiting_reply(world)
    db.session.commit()
    colleague = make_user(world.moderator.role, municipality=world.a)
    db.session.commit()
    as_(client, colleague)
    decide(client, "reject", replies=[reply])
    as_(client, world.moderator)
    response = decide(client, "approve", replies=[reply], seen={reply.id: "pending"})
    assert response.status_code == 302
    page = client.get(QUEUE).get_data(as_text=True)
    assert "al door iemand anders behandeld" in page
    assert f"Reactie {reply.id} heeft nu de status: afgewezen." in page
    assert fresh(reply).status == S.REJECTED
    assert audit_events("moderation.approve") == []


def test_double_click_changes_nothing_twice(client, world):
    reply = waiting_reply(world)
    db.session.commit()
    as_(client, world.moderator)
    decide(client, "approve", replies=[reply], seen={reply.id: "pending"})
    decide(client, "approve", replies=[reply], seen={reply.id: "pending"})
    assert "zojuist al behandeld" in client.get(QUEUE).get_data(as_text=True)
    assert len(audit_events("moderation.approve")) == 1
    assert db.session.scalar(select(func.count(ModerationDecision.id))) == 1


def test_reported_reply_waits_and_approval_resolves_the_reports(client, world):
    contribution = make_contribution(consultation=world.consultation)
    reply = reply_on(contribution, "Scherpe maar nette reactie.")
    db.session.add_all(
        Report(reply_id=reply.id, reporter_id=make_user().id, reason="Beledigend") for _ in range(2)
    )
    db.session.commit()
    as_(client, world.moderator)
    page = client.get(f"{QUEUE}?reason=reports").get_data(as_text=True)
    assert "Scherpe maar nette reactie." in page and "2 meldingen" in page
    decide(client, "approve", replies=[reply], note="")
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).where(Report.resolved_at.is_(None))) == 0
    assert "Scherpe maar nette reactie." not in client.get(QUEUE).get_data(as_text=True)


def test_hidden_reply_can_be_restored_from_the_hidden_view(client, world):
    reply = waiting_reply(world, "Verborgen reactie.", status=S.HIDDEN, hold_reason="moderator")
    db.session.commit()
    as_(client, world.moderator)
    assert "Verborgen reactie." in client.get(f"{QUEUE}?view=hidden").get_data(as_text=True)
    decide(client, "restore", replies=[reply], note="")
    assert fresh(reply).status == S.PUBLISHED


def test_redacting_replies_says_they_were_published_without_personal_data(client, world):
    text = "Mail mij op jan@example.org over de bankjes."
    spans = [{"kind": "email", "start": 12, "end": 27}]
    held = [waiting_reply(world, text, hold_reason="pii", pii_spans=spans) for _ in range(2)]
    db.session.commit()
    as_(client, world.moderator)
    decide(client, "redact", replies=held, note="")
    page = client.get(QUEUE).get_data(as_text=True)
    assert "2 reacties zonder persoonsgegevens gepubliceerd." in page
    assert "teruggezet" not in page


def test_redact_skips_replies_without_personal_data(client, world):
    reply = waiting_reply(world)
    db.session.commit()
    as_(client, world.moderator)
    decide(client, "redact", replies=[reply], note="")
    assert fresh(reply).status == S.PENDING
    assert "overgeslagen" in client.get(QUEUE).get_data(as_text=True)


def test_reply_page_shows_reply_contribution_and_decision_form(client, world):
    reply = waiting_reply(world, "Een reactie om te bekijken.", status=S.PUBLISHED)
    db.session.commit()
    as_(client, world.moderator)
    page = client.get(f"{QUEUE}/reactie/{reply.id}").get_data(as_text=True)
    assert "Een reactie om te bekijken." in page and "Graag meer bankjes bij de kerk." in page
    assert f'name="seen-reply-{reply.id}" value="published"' in page
    assert 'value="hide"' in page
    item = client.get(f"{QUEUE}/bijdrage/{reply.contribution_id}").get_data(as_text=True)
    assert f'href="/werkplek/moderatie/reactie/{reply.id}"' in item


def test_moderator_of_another_municipality_is_refused_and_logged(client, world):
    reply = waiting_reply(world)
    db.session.commit()
    as_(client, world.other_moderator)
    assert client.get(f"{QUEUE}/reactie/{reply.id}").status_code == 404
    response = decide(client, "approve", replies=[reply], note="")
    assert response.status_code == 404
    assert fresh(reply).status == S.PENDING
    denied = audit_events("access.denied")
    assert len(denied) == 2 and {e.target_type for e in denied} == {"reply"}
    assert f"reactie-{reply.id}" not in client.get(QUEUE).get_data(as_text=True)


def test_bad_reply_selection_is_400_or_404(client, world):
    as_(client, world.moderator)
    token = csrf_token(client, QUEUE)
    base = {"csrf_token": token, "action": "approve", "next": QUEUE}
    post = client.post
    assert post(f"{QUEUE}/besluit", data=base | {"reply_ids": "x"}).status_code == 400
    bad_status = base | {"reply_ids": "5", "seen-reply-5": "weg"}
    assert post(f"{QUEUE}/besluit", data=bad_status).status_code == 400
    missing = base | {"reply_ids": "999999", "seen-reply-999999": "pending"}
    assert post(f"{QUEUE}/besluit", data=missing).status_code == 404


def test_public_page_offers_moderators_a_link_to_the_reply(client, world):
    contribution = make_contribution(consultation=world.consultation)
    reply = reply_on(contribution, "Openbare reactie.")
    db.session.commit()
    consultation = world.consultation
    url = f"/{consultation.municipality.slug}/{consultation.slug}"
    as_(client, world.moderator)
    assert f"/werkplek/moderatie/reactie/{reply.id}" in client.get(url).get_data(as_text=True)
    as_(client, world.other_moderator)
    assert f"/werkplek/moderatie/reactie/{reply.id}" not in client.get(url).get_data(as_text=True)


PARALLEL = 4


def test_parallel_decisions_on_one_reply_change_it_once(make_app):
    app = make_app()
    with app.app_context():
        municipality = make_municipality()
        moderators = [make_user(Role.MODERATOR, municipality=municipality) for _ in range(PARALLEL)]
        contribution = make_contribution(consultation=make_consultation(municipality=municipality))
        reply = reply_on(contribution, status=S.PENDING, hold_reason="pre_moderation")
        db.session.commit()
        reply_id = reply.id
        clients = [login(app.test_client(), moderator) for moderator in moderators]
        tokens = [csrf_token(client, QUEUE) for client in clients]
    actions = ["approve", "reject"] * (PARALLEL // 2)
    barrier = threading.Barrier(PARALLEL)
    codes: list[int] = []

    def worker(client, token, action) -> None:
        data = {
            "csrf_token": token,
            "action": action,
            "reply_ids": str(reply_id),
            f"seen-reply-{reply_id}": "pending",
            "note": "Besluit",
            "next": QUEUE,
        }
        barrier.wait()
        codes.append(client.post(f"{QUEUE}/besluit", data=data).status_code)

    threads = [
        threading.Thread(target=worker, args=args)
        for args in zip(clients, tokens, actions, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert codes == [302] * PARALLEL
    with app.app_context():
        decisions = db.session.scalars(select(ModerationDecision)).all()
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action.like("moderation.%"))
        ).all()
        status = db.session.get(Reply, reply_id).status
        assert len(decisions) == 1 and len(events) == 1
        expected = {"approve": S.PUBLISHED, "reject": S.REJECTED}[decisions[0].decision.value]
        assert status == expected
