"""The officials' home and the admin page for officials."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from dialogue.accounts.models import Role, User
from dialogue.answers.models import OfficialResponse
from dialogue.consultations.models import ConsultationStatus
from dialogue.contributions.models import ContributionStatus
from dialogue.extensions import db
from dialogue.mail import OutboxMessage
from dialogue.timeutil import utcnow
from tests.factories import make_consultation, make_contribution
from tests.helpers import as_, csrf_token


def test_home_shows_queue_size_oldest_item_and_unanswered_consultations(client, world):
    old = utcnow() - timedelta(days=3)
    make_contribution(
        consultation=world.consultation, status=ContributionStatus.PENDING, created_at=old
    )
    make_contribution(consultation=world.consultation, status=ContributionStatus.PENDING)
    make_contribution(consultation=world.other_consultation, status=ContributionStatus.PENDING)
    answered = make_consultation(municipality=world.a, title="Al beantwoord")
    db.session.add(
        OfficialResponse(
            consultation=answered, author_id=world.admin.id, author_role="admin", text="Dank u."
        )
    )
    make_consultation(
        municipality=world.a, title="Nog een concept", status=ConsultationStatus.DRAFT
    )
    db.session.commit()
    as_(client, world.admin)
    page = client.get("/werkplek").get_data(as_text=True)
    assert '<strong class="kp-figure">2</strong> teksten wachten' in page
    assert f'datetime="{old.isoformat()}Z"' in page
    unanswered_card = page.split("Nog geen antwoord</h2>")[1].split("</li>\n  {% endif %}")[0]
    unanswered_card = unanswered_card.split('<li class="kp-card">')[0]
    assert world.consultation.title in unanswered_card
    assert "Al beantwoord" not in unanswered_card
    assert "Nog een concept" not in page


def test_home_per_role(client, world):
    as_(client, world.moderator)
    page = client.get("/werkplek").get_data(as_text=True)
    assert "Naar de wachtrij" in page and "Nog geen antwoord" not in page
    as_(client, world.analyst)
    page = client.get("/werkplek").get_data(as_text=True)
    assert "Naar de wachtrij" not in page and "Nog geen antwoord" in page
    as_(client, world.resident)
    assert client.get("/werkplek").status_code == 403


def test_officials_need_their_second_factor(client, world):
    from tests.conftest import login

    login(client, world.moderator, mfa=False)
    assert client.get("/werkplek").status_code == 403


def test_invite_creates_official_and_mails_a_link(client, world):
    as_(client, world.admin)
    response = client.post(
        "/werkplek/medewerkers",
        data={
            "csrf_token": csrf_token(client, "/"),
            "email": "Nieuw@Gemeente.example",
            "display_name": "Nieuwe Collega",
            "role": "moderator",
        },
    )
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "nieuw@gemeente.example"))
    assert user.role == Role.MODERATOR and user.municipality_id == world.a.id
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == user.email))
    assert "/account/wachtwoord-herstellen/" in mail.body


def test_invite_refuses_existing_address_and_bad_role(client, world):
    as_(client, world.admin)
    token = csrf_token(client, "/")
    taken = client.post(
        "/werkplek/medewerkers",
        data={
            "csrf_token": token,
            "email": world.resident.email,
            "display_name": "X Y",
            "role": "analyst",
        },
    )
    assert taken.status_code == 400 and "al een account" in taken.get_data(as_text=True)
    network = client.post(
        "/werkplek/medewerkers",
        data={
            "csrf_token": token,
            "email": "n@example.org",
            "display_name": "X Y",
            "role": "network",
        },
    )
    assert network.status_code == 400


def test_disabling_an_official_ends_their_sessions(client, world, app):
    colleague_client = app.test_client()
    as_(colleague_client, world.moderator)
    assert colleague_client.get("/werkplek").status_code == 200
    as_(client, world.admin)
    client.post(
        f"/werkplek/medewerkers/{world.moderator.id}/uitschakelen",
        data={"csrf_token": csrf_token(client, "/")},
    )
    db.session.expire_all()
    assert world.moderator.active is False
    response = colleague_client.get("/werkplek")
    assert response.status_code in (302, 401)


def test_role_change_takes_effect_at_once(client, world, app):
    colleague_client = app.test_client()
    as_(colleague_client, world.moderator)
    as_(client, world.admin)
    client.post(
        f"/werkplek/medewerkers/{world.moderator.id}/rol",
        data={"csrf_token": csrf_token(client, "/"), "role": "analyst"},
    )
    assert colleague_client.get("/werkplek/moderatie").status_code == 403
    assert colleague_client.get("/werkplek/antwoorden").status_code == 200


def test_admin_cannot_change_or_disable_themselves(client, world):
    as_(client, world.admin)
    token = csrf_token(client, "/")
    client.post(
        f"/werkplek/medewerkers/{world.admin.id}/rol",
        data={"csrf_token": token, "role": "moderator"},
    )
    client.post(f"/werkplek/medewerkers/{world.admin.id}/uitschakelen", data={"csrf_token": token})
    db.session.expire_all()
    assert world.admin.role == Role.ADMIN and world.admin.active


def test_staff_page_lists_only_own_officials(client, world):
    as_(client, world.admin)
    page = client.get("/werkplek/medewerkers").get_data(as_text=True)
    assert world.moderator.email in page and world.analyst.email in page
    assert world.other_admin.email not in page and world.resident.email not in page
