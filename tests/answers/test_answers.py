"""Official public answers with a readability hint, and residents notified."""

from __future__ import annotations

from sqlalchemy import func, select

from dialogue.answers.models import OfficialResponse
from dialogue.answers.services import answer
from dialogue.contributions.models import ContributionStatus
from dialogue.extensions import db
from dialogue.mail import OutboxMessage
from tests.factories import make_contribution, make_user
from tests.helpers import as_, csrf_token

PLAIN = "Dank voor uw inbreng. We maken de stoep in maart heel. U krijgt dan een brief."
HARD = (
    "Naar aanleiding van de binnengekomen reacties wordt thans door de gemeentelijke "
    "organisatie een integrale herbeoordeling van de verkeersveiligheidsproblematiek "
    "uitgevoerd, waarbij tevens de mogelijkheden tot herinrichting van de openbare ruimte "
    "in samenwerking met belanghebbende partijen worden geïnventariseerd en geprioriteerd."
)


def test_plain_answer_is_published_and_participants_notified(client, world):
    resident = make_user()
    make_contribution(consultation=world.consultation, author=resident)
    db.session.commit()
    as_(client, world.analyst)
    response = client.post(
        f"/werkplek/antwoorden/raadpleging/{world.consultation.id}",
        data={"csrf_token": csrf_token(client, "/"), "text": PLAIN},
    )
    assert response.status_code == 302
    row = db.session.scalar(select(OfficialResponse))
    assert row.text == PLAIN and row.author_role == "analyst" and row.contribution_id is None
    assert db.session.scalar(select(OutboxMessage.recipient)) == resident.email


def test_hard_answer_gets_a_hint_first_and_is_published_after_confirming(client, world):
    as_(client, world.admin)
    url = f"/werkplek/antwoorden/raadpleging/{world.consultation.id}"
    token = csrf_token(client, "/")
    page = client.post(url, data={"csrf_token": token, "text": HARD})
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "moeilijker dan B1" in body
    assert db.session.scalar(select(func.count(OfficialResponse.id))) == 0
    response = client.post(url, data={"csrf_token": token, "text": HARD, "publish_anyway": "y"})
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(OfficialResponse.id))) == 1


def test_readability_check_button_never_publishes(client, world):
    as_(client, world.admin)
    page = client.post(
        f"/werkplek/antwoorden/raadpleging/{world.consultation.id}",
        data={"csrf_token": csrf_token(client, "/"), "text": PLAIN, "check": "1"},
    )
    assert "goed te lezen" in page.get_data(as_text=True)
    assert db.session.scalar(select(func.count(OfficialResponse.id))) == 0


def test_answer_on_a_contribution_notifies_its_author(client, world):
    author = make_user()
    item = make_contribution(consultation=world.consultation, author=author)
    db.session.commit()
    as_(client, world.analyst)
    client.post(
        f"/werkplek/antwoorden/bijdrage/{item.id}",
        data={"csrf_token": csrf_token(client, "/"), "text": PLAIN},
    )
    row = db.session.scalar(select(OfficialResponse))
    assert row.contribution_id == item.id and row.consultation_id == world.consultation.id
    assert db.session.scalar(select(OutboxMessage.recipient)) == author.email


def test_no_answer_on_unpublished_input(client, world):
    item = make_contribution(consultation=world.consultation, status=ContributionStatus.PENDING)
    db.session.commit()
    as_(client, world.admin)
    response = client.post(
        f"/werkplek/antwoorden/bijdrage/{item.id}",
        data={"csrf_token": csrf_token(client, "/"), "text": PLAIN},
    )
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(OfficialResponse.id))) == 0


def test_too_short_answer_is_refused(client, world):
    as_(client, world.admin)
    response = client.post(
        f"/werkplek/antwoorden/raadpleging/{world.consultation.id}",
        data={"csrf_token": csrf_token(client, "/"), "text": "Ok"},
    )
    assert response.status_code == 400


def test_moderators_do_not_answer(client, world):
    as_(client, world.moderator)
    assert (
        client.get(f"/werkplek/antwoorden/raadpleging/{world.consultation.id}").status_code == 403
    )


def test_service_refuses_contribution_of_another_consultation(request_context, world):
    import pytest

    item = make_contribution(consultation=world.other_consultation)
    with pytest.raises(ValueError, match="another consultation"):
        answer(world.consultation, text=PLAIN, author=world.admin, contribution=item)


def _published_answer(world) -> OfficialResponse:
    response = OfficialResponse(
        consultation=world.consultation,
        author_id=world.analyst.id,
        author_role="analyst",
        text=PLAIN,
    )
    db.session.add(response)
    db.session.commit()
    return response


def test_answer_can_be_corrected_and_shows_it_was_changed(client, world):
    from dialogue.audit.models import AuditEvent

    response = _published_answer(world)
    resident = make_user()
    make_contribution(consultation=world.consultation, author=resident)
    db.session.commit()
    as_(client, world.admin)
    url = f"/werkplek/antwoorden/{response.id}/wijzigen"
    form = client.get(url).get_data(as_text=True)
    assert PLAIN in form and "Wijziging opslaan" in form  # the current text, its own button
    corrected = PLAIN.replace("maart", "april")
    posted = client.post(url, data={"csrf_token": csrf_token(client, "/"), "text": corrected})
    assert posted.status_code == 302
    db.session.expire_all()
    assert response.text == corrected and response.edited_at is not None
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "answer.update"))
    assert event.details["previous_text"] == PLAIN
    assert event.actor_id == world.admin.id
    # Residents were told when it was published; a correction sends no new mail.
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0
    page = client.get(f"/{world.consultation.municipality.slug}/{world.consultation.slug}")
    body = page.get_data(as_text=True)
    assert corrected in body and "gewijzigd op" in body


def test_unchanged_answer_is_not_marked_or_logged(client, world):
    from dialogue.audit.models import AuditEvent

    response = _published_answer(world)
    as_(client, world.analyst)
    client.post(
        f"/werkplek/antwoorden/{response.id}/wijzigen",
        data={"csrf_token": csrf_token(client, "/"), "text": f"  {PLAIN} "},
    )
    db.session.expire_all()
    assert response.edited_at is None
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "answer.update")) is None


def test_correction_gets_the_readability_check_and_length_limits(client, world):
    response = _published_answer(world)
    as_(client, world.admin)
    url = f"/werkplek/antwoorden/{response.id}/wijzigen"
    token = csrf_token(client, "/")
    hard = client.post(url, data={"csrf_token": token, "text": HARD})
    assert hard.status_code == 200 and "moeilijker dan B1" in hard.get_data(as_text=True)
    assert client.post(url, data={"csrf_token": token, "text": "Ok"}).status_code == 400
    db.session.expire_all()
    assert response.text == PLAIN


def test_other_municipality_cannot_correct_an_answer(client, world):
    response = _published_answer(world)
    as_(client, world.other_admin)
    posted = client.post(
        f"/werkplek/antwoorden/{response.id}/wijzigen",
        data={"csrf_token": csrf_token(client, "/"), "text": PLAIN + " Extra."},
    )
    assert posted.status_code == 404  # as for an answer that does not exist
    db.session.expire_all()
    assert response.text == PLAIN
