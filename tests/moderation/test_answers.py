"""Official public answers with a readability hint, and residents notified."""

from __future__ import annotations

from sqlalchemy import func, select

from dialogue.answers.services import answer
from dialogue.consultations.models import OfficialResponse
from dialogue.contributions.models import ContributionStatus
from dialogue.extensions import db
from dialogue.mail import OutboxMessage
from tests.factories import make_contribution, make_user
from tests.moderation.conftest import as_, csrf_token

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
