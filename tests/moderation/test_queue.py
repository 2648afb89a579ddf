"""The moderation queue: what is in it, bulk decisions, conflicts, restore, redaction."""

from __future__ import annotations

import pytest
from sqlalchemy import event, func, select

from dialogue.audit.models import AuditEvent
from dialogue.contributions.models import (
    Channel,
    Contribution,
    ContributionStatus,
    Reply,
    Report,
)
from dialogue.extensions import db
from dialogue.mail import OutboxMessage
from dialogue.moderation.models import DEFAULT_REASONS, ModerationDecision, ModerationReason
from dialogue.moderation.reasons import active_reasons
from tests.factories import make_contribution, make_user
from tests.helpers import as_, csrf_token

S = ContributionStatus


def pending(world, **overrides):
    values = {
        "consultation": world.consultation,
        "status": S.PENDING,
        "hold_reason": "pre_moderation",
        "published_at": None,
    }
    values.update(overrides)
    return make_contribution(**values)


def decide(client, action, contributions, *, reason_id=None, note="", seen=None, token=None):
    data = {
        "csrf_token": token or csrf_token(client, "/werkplek/moderatie"),
        "action": action,
        "ids": [str(c.id) for c in contributions],
        "note": note,
        "next": "/werkplek/moderatie",
    }
    for c in contributions:
        data[f"seen-{c.id}"] = (seen or {}).get(c.id, c.status.value)
    if reason_id:
        data["reason_id"] = str(reason_id)
    return client.post("/werkplek/moderatie/besluit", data=data)


def fresh(contribution: Contribution) -> Contribution:
    db.session.expire_all()
    return db.session.get(Contribution, contribution.id)


def test_queue_lists_pending_reported_pii_and_flagged_but_not_unconfirmed(client, world):
    waiting = pending(world, text="Graag een bankje bij de kerk in het dorp.")
    pii = pending(
        world,
        text="Bel mij op 06-12345678 over de stoep.",
        hold_reason="pii",
        pii_spans=[{"kind": "phone", "start": 11, "end": 22}],
    )
    flagged = pending(
        world, text="Wat een KLOOTZAK is die wethouder.", hold_reason="flagged", flags=["abusive"]
    )
    reported = make_contribution(consultation=world.consultation, text="Gemeld stuk tekst hier.")
    db.session.add(
        Report(contribution_id=reported.id, reporter_id=world.resident.id, reason="spam")
    )
    unconfirmed = pending(
        world,
        text="Nog niet bevestigd door de schrijver.",
        hold_reason="unconfirmed",
        pending_email="x@example.org",
    )
    other = pending(
        world, consultation=world.other_consultation, text="Inbreng in de andere gemeente."
    )
    db.session.commit()
    as_(client, world.moderator)
    page = client.get("/werkplek/moderatie").get_data(as_text=True)
    for shown in (waiting, pii, flagged, reported):
        assert f'name="ids" value="{shown.id}"' in page
    assert f'name="ids" value="{unconfirmed.id}"' not in page
    assert f'name="ids" value="{other.id}"' not in page
    assert "Persoonsgegevens" in page and "Mogelijk beledigend" in page
    assert "Gemeld door inwoners" in page
    assert "<li>spam</li>" in page  # the reporter's reason


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        ("pii", "pii"),
        ("flagged", "flagged"),
        ("reports", "reported"),
        ("pre_moderation", "waiting"),
    ],
)
def test_reason_filter(client, world, reason, expected):
    items = {
        "waiting": pending(world, text="Graag meer groen in de wijk."),
        "pii": pending(world, text="Mail naar jan@example.org graag.", hold_reason="pii"),
        "flagged": pending(
            world, text="Dit is herhaalde inbreng.", hold_reason="flagged", flags=["repeated"]
        ),
        "reported": make_contribution(consultation=world.consultation),
    }
    db.session.add(Report(contribution_id=items["reported"].id, reason="kwetsend"))
    db.session.commit()
    as_(client, world.moderator)
    page = client.get(f"/werkplek/moderatie?reason={reason}").get_data(as_text=True)
    for name, item in items.items():
        assert (f'name="ids" value="{item.id}"' in page) == (name == expected), name


def test_filters_by_channel_kern_consultation_and_date(client, world):
    kern = world.a.kernen[0]
    letter = pending(
        world, channel=Channel.LETTER, kern=kern, text="Brief over de brug in het dorp."
    )
    web = pending(world, text="Via de website over de brug.")
    db.session.commit()
    as_(client, world.moderator)
    page = client.get(f"/werkplek/moderatie?channel=letter&kern={kern.id}").get_data(as_text=True)
    assert f'name="ids" value="{letter.id}"' in page and f'name="ids" value="{web.id}"' not in page
    page = client.get(
        f"/werkplek/moderatie?consultation={world.consultation.id}&date_from=2000-01-01"
    ).get_data(as_text=True)
    assert f'name="ids" value="{letter.id}"' in page and f'name="ids" value="{web.id}"' in page
    page = client.get("/werkplek/moderatie?date_to=2000-01-01").get_data(as_text=True)
    assert f'name="ids" value="{letter.id}"' not in page
    # Nonsense filter values are ignored, never a 500.
    assert client.get("/werkplek/moderatie?kern=abc&date_from=gisteren&sort=x").status_code == 200


def test_sort_newest_first(client, world):
    first = pending(world, text="Eerste inbreng in de rij.")
    second = pending(world, text="Tweede inbreng in de rij.")
    db.session.commit()
    as_(client, world.moderator)
    oldest = client.get("/werkplek/moderatie").get_data(as_text=True)
    newest = client.get("/werkplek/moderatie?sort=newest").get_data(as_text=True)
    assert oldest.index(f'name="ids" value="{first.id}"') < oldest.index(
        f'name="ids" value="{second.id}"'
    )
    assert newest.index(f'name="ids" value="{second.id}"') < newest.index(
        f'name="ids" value="{first.id}"'
    )


def test_bulk_approve_publishes_notifies_and_writes_one_audit_event(client, world):
    author = make_user()
    items = [
        pending(world, author=author, text=f"Inbreng nummer {n} over het dorp.") for n in range(3)
    ]
    db.session.commit()
    as_(client, world.moderator)
    response = decide(client, "approve", items)
    assert response.status_code == 302
    for item in items:
        assert fresh(item).status == S.PUBLISHED and fresh(item).published_at is not None
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "moderation.approve")
    ).all()
    assert len(events) == 1
    assert sorted(events[0].details["contribution_ids"]) == sorted(i.id for i in items)
    assert db.session.scalar(select(func.count(ModerationDecision.id))) == 3
    mails = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == author.email)
    ).all()
    assert len(mails) == 3


def test_hide_needs_a_reason_and_the_author_sees_it(client, world):
    author = make_user()
    item = pending(world, author=author)
    db.session.commit()
    as_(client, world.moderator)
    decide(client, "hide", [item])
    assert fresh(item).status == S.PENDING  # refused: no reason
    reason = next(r for r in active_reasons(world.a.id) if r.label == "Niet over dit onderwerp")
    db.session.commit()
    decide(client, "hide", [item], reason_id=reason.id, note="Dit gaat over een andere straat.")
    hidden = fresh(item)
    assert hidden.status == S.HIDDEN
    assert hidden.status_reason == "Niet over dit onderwerp. Dit gaat over een andere straat."
    mail = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == author.email)
    ).one()
    assert "Niet over dit onderwerp" in mail.body


def test_reject_with_free_text_only(client, world):
    item = pending(world)
    db.session.commit()
    as_(client, world.moderator)
    decide(client, "reject", [item], note="Dit is reclame.")
    assert fresh(item).status == S.REJECTED and fresh(item).status_reason == "Dit is reclame."


def test_double_click_on_bulk_action_is_harmless(client, world):
    items = [pending(world, text=f"Dubbel klikken test {n} in het dorp.") for n in range(5)]
    db.session.commit()
    as_(client, world.moderator)
    token = csrf_token(client, "/werkplek/moderatie")
    first = decide(client, "approve", items, token=token)
    second = decide(client, "approve", items, token=token, seen={i.id: "pending" for i in items})
    assert first.status_code == second.status_code == 302
    assert db.session.scalar(select(func.count(ModerationDecision.id))) == 5
    assert (
        db.session.scalar(
            select(func.count(AuditEvent.id)).where(AuditEvent.action.like("moderation.%"))
        )
        == 1
    )
    page = client.get("/werkplek/moderatie").get_data(as_text=True)
    assert "5 teksten had u zojuist al behandeld. Er is niets dubbel gedaan." in page


def test_action_that_does_not_fit_the_status_is_skipped(client, world):
    waiting = pending(world)
    hidden = make_contribution(
        consultation=world.consultation, status=S.HIDDEN, hold_reason="moderator"
    )
    db.session.commit()
    as_(client, world.moderator)
    decide(client, "restore", [waiting, hidden])
    assert fresh(waiting).status == S.PENDING and fresh(hidden).status == S.PUBLISHED
    assert "1 tekst is overgeslagen: deze actie past niet bij de status ervan." in client.get(
        "/werkplek/moderatie"
    ).get_data(as_text=True)


def test_decision_on_input_another_moderator_decided_overwrites_nothing(client, world, app):
    colleague = make_user(world.moderator.role, municipality=world.a)
    item = pending(world)
    reason = active_reasons(world.a.id)[1]
    db.session.commit()
    # Both moderators load the queue and see "pending"; the colleague hides it first.
    as_(client, colleague)
    decide(client, "hide", [item], reason_id=reason.id)
    assert fresh(item).status == S.HIDDEN
    other_client = app.test_client()
    as_(other_client, world.moderator)
    response = decide(other_client, "approve", [item], seen={item.id: "pending"})
    assert response.status_code == 302
    assert fresh(item).status == S.HIDDEN
    assert fresh(item).status_reason == reason.label + "."
    page = other_client.get("/werkplek/moderatie").get_data(as_text=True)
    assert "al door iemand anders behandeld" in page
    assert f"Inbreng {item.id} heeft nu de status: verborgen." in page


def test_hidden_input_can_be_restored(client, world):
    item = make_contribution(
        consultation=world.consultation,
        status=S.HIDDEN,
        hold_reason="moderator",
        status_reason="Beledigend.",
    )
    db.session.commit()
    as_(client, world.moderator)
    page = client.get("/werkplek/moderatie?view=hidden").get_data(as_text=True)
    assert f'name="ids" value="{item.id}"' in page and "Selectie terugzetten" in page
    decide(client, "restore", [item])
    assert fresh(item).status == S.PUBLISHED


def test_approving_reported_input_resolves_the_reports(client, world):
    item = make_contribution(
        consultation=world.consultation, status=S.HIDDEN, hold_reason="reports"
    )
    db.session.add(Report(contribution_id=item.id, reason="Vind ik kwetsend"))
    db.session.commit()
    as_(client, world.moderator)
    decide(client, "approve", [item])
    assert fresh(item).status == S.PUBLISHED
    assert db.session.scalar(select(Report.resolved_at)) is not None
    page = client.get("/werkplek/moderatie").get_data(as_text=True)
    assert f'name="ids" value="{item.id}"' not in page


def test_pii_is_highlighted_escaped_and_published_redacted_in_one_action(client, world):
    text = "<script>x</script> Bel 06-12345678 of mail jan@example.org"
    start = text.index("06")
    mail = text.index("jan")
    item = pending(
        world,
        text=text,
        hold_reason="pii",
        pii_spans=[
            {"kind": "phone", "start": start, "end": start + 11},
            {"kind": "email", "start": mail, "end": len(text)},
        ],
    )
    db.session.commit()
    as_(client, world.moderator)
    page = client.get(f"/werkplek/moderatie/bijdrage/{item.id}").get_data(as_text=True)
    assert "<script>x</script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page
    assert (
        '<mark class="kp-pii"><span class="kp-visually-hidden">telefoonnummer: </span>06-12345678</mark>'
        in page
    )
    queue = client.get("/werkplek/moderatie").get_data(as_text=True)
    assert f'name="action" value="redact:{item.id}"' in queue
    response = client.post(
        "/werkplek/moderatie/besluit",
        data={
            "csrf_token": csrf_token(client, "/werkplek/moderatie"),
            "action": f"redact:{item.id}",
            f"seen-{item.id}": "pending",
            "next": "/werkplek/moderatie",
        },
    )
    assert response.status_code == 302
    done = fresh(item)
    assert done.status == S.PUBLISHED
    assert done.redacted_text == "<script>x</script> Bel [telefoonnummer] of mail [e-mailadres]"
    assert done.text == text  # the original stays for the moderator and the author
    assert done.public_text == done.redacted_text


def test_unknown_action_or_bad_seen_status_is_400(client, world):
    item = pending(world)
    db.session.commit()
    as_(client, world.moderator)
    assert decide(client, "delete", [item]).status_code == 400
    assert decide(client, "approve", [item], seen={item.id: "nonsense"}).status_code == 400
    assert fresh(item).status == S.PENDING


def test_nothing_selected_changes_nothing(client, world):
    as_(client, world.moderator)
    response = decide(client, "approve", [])
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(AuditEvent.id))) == 0


def test_queue_works_without_javascript_and_is_labelled(client, world):
    item = pending(world)
    db.session.commit()
    as_(client, world.moderator)
    page = client.get("/werkplek/moderatie?select=all").get_data(as_text=True)
    assert '<form method="post" action="/werkplek/moderatie/besluit"' in page
    assert f'<label for="kies-{item.id}"' in page
    assert f'id="kies-{item.id}" checked' in page
    assert "<script>" not in page.split("</main>")[0]


def test_a_new_municipality_has_the_default_reasons_and_reading_adds_none(app, world):
    from dialogue.municipalities.services import create_municipality

    with app.test_request_context():
        created = create_municipality("Nieuwdorp")
    first = [r.label for r in active_reasons(created.id)]
    second = [r.label for r in active_reasons(created.id)]
    assert (
        first
        == second
        == [
            "Bevat persoonsgegevens",
            "Beledigend of kwetsend",
            "Niet over dit onderwerp",
            "Reclame of spam",
            "Dubbel geplaatst",
        ]
    )
    count = select(func.count(ModerationReason.id)).filter_by(municipality_id=created.id)
    assert db.session.scalar(count) == 5


def test_queue_pages_by_100_and_sorts_by_reports(client, world):
    for n in range(120):
        pending(world, text=f"Inbreng {n} over het dorpshuis.")
    reported = make_contribution(consultation=world.consultation)
    for reason in ("kwetsend", "spam"):
        db.session.add(Report(contribution_id=reported.id, reason=reason))
    db.session.commit()
    as_(client, world.moderator)
    first = client.get("/werkplek/moderatie").get_data(as_text=True)
    second = client.get("/werkplek/moderatie?page=2").get_data(as_text=True)
    assert "Inbreng gevonden: 121" in first
    assert first.count('name="ids"') == 100 and second.count('name="ids"') == 21
    by_reports = client.get("/werkplek/moderatie?sort=reports").get_data(as_text=True)
    assert by_reports.index('name="ids"') == by_reports.index(f'name="ids" value="{reported.id}"')
    assert client.get("/werkplek/moderatie?page=999999999999999999999").status_code == 200


def test_a_new_municipality_starts_with_the_default_reasons(world):
    labels = [r.label for r in active_reasons(world.b.id)]
    assert labels == list(DEFAULT_REASONS)


def test_moderation_pages_only_read(client, world):
    item = pending(world)
    reply = Reply(contribution=item, author=world.resident, text="Dat vind ik ook.")
    db.session.add(reply)
    db.session.commit()
    as_(client, world.admin)
    client.get("/werkplek/moderatie")  # log in and settle the session before counting
    commits: list[object] = []

    def count_commit(session) -> None:
        commits.append(session)

    event.listen(db.session, "after_commit", count_commit)
    try:
        for path in ("", f"/bijdrage/{item.id}", f"/reactie/{reply.id}", "/redenen"):
            assert client.get(f"/werkplek/moderatie{path}").status_code == 200
    finally:
        event.remove(db.session, "after_commit", count_commit)
    assert commits == []


@pytest.mark.parametrize(
    ("language", "name"),
    [("fy", "Fries"), ("other", "een andere taal"), ("nl", "Nederlands"), (None, "niet bepaald")],
)
def test_the_item_page_names_the_language_of_the_input(client, world, language, name):
    """A moderator reading Frisian, Polish or Turkish input sees which language it is in."""
    item = pending(world, text="Wy binne net bliid mei de nije wynmûnen.", language=language)
    db.session.commit()
    as_(client, world.moderator)
    page = client.get(f"/werkplek/moderatie/bijdrage/{item.id}").get_data(as_text=True)
    assert f"<dt>Taal</dt><dd>{name}</dd>" in page
