"""The platform admin creates a municipality, imports kernen, sets branding, invites its admin."""

from __future__ import annotations

import io
import re

from flask.testing import FlaskClient
from sqlalchemy import select

from dialogue.accounts.models import Role, User
from dialogue.audit.models import AuditEvent
from dialogue.extensions import db
from dialogue.mail import OutboxMessage
from dialogue.municipalities.models import Municipality
from tests.conftest import login
from tests.factories import make_municipality, make_user
from tests.municipalities.test_branding import png

INDEX = "/platform"


def token(client: FlaskClient, path: str = INDEX) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def platform_client(client: FlaskClient) -> FlaskClient:
    """Log a platform admin in; commits what the test made so far (a refusal rolls back)."""
    user = make_user(Role.PLATFORM_ADMIN, email="platform@example.org")
    db.session.commit()
    return login(client, user)


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_create_municipality_and_audit_it(client: FlaskClient) -> None:
    platform_client(client)
    response = client.post(
        INDEX, data={"csrf_token": token(client), "name": "Súdwest-Fryslân", "slug": ""}
    )
    created = db.session.scalar(select(Municipality).filter_by(name="Súdwest-Fryslân"))
    assert created is not None and created.slug == "sudwest-fryslan"
    assert response.headers["Location"] == f"/platform/gemeenten/{created.id}"
    event = db.session.scalar(select(AuditEvent).filter_by(action="municipality.create"))
    assert event.actor_role == "platform-admin" and event.municipality_id == created.id


def test_taken_name_and_reserved_slug_get_dutch_errors(client: FlaskClient) -> None:
    make_municipality(name="Urk", slug="urk")
    platform_client(client)
    taken = client.post(INDEX, data={"csrf_token": token(client), "name": "urk"})
    assert taken.status_code == 400
    assert "Er is al een gemeente met de naam" in taken.get_data(as_text=True)
    reserved = client.post(
        INDEX, data={"csrf_token": token(client), "name": "Platformstad", "slug": "platform"}
    )
    assert reserved.status_code == 400
    page = reserved.get_data(as_text=True)
    assert "gebruikt Kernpunt zelf" in page and 'value="Platformstad"' in page
    assert db.session.scalar(select(Municipality).filter_by(name="Platformstad")) is None


def test_kernen_csv_with_a_duplicate_imports_nothing(client: FlaskClient) -> None:
    municipality = make_municipality(name="Leudal", slug="leudal", kernen=[])
    platform_client(client)
    path = f"/platform/gemeenten/{municipality.id}"
    bad = client.post(
        f"{path}/kernen",
        data={
            "csrf_token": token(client, path),
            "file": (io.BytesIO(b"Heythuysen\nheythuysen\n"), "k.csv"),
        },
    )
    assert bad.status_code == 400
    assert "staat ook op regel 1" in bad.get_data(as_text=True)
    db.session.refresh(municipality)
    assert municipality.kernen == []
    good = client.post(
        f"{path}/kernen",
        data={
            "csrf_token": token(client, path),
            "file": (io.BytesIO(b"kern\nHeythuysen\nHaelen\n"), "k.csv"),
        },
    )
    assert good.status_code == 302
    db.session.refresh(municipality)
    assert [kern.name for kern in municipality.kernen] == ["Haelen", "Heythuysen"]


def test_branding_refuses_a_light_colour_and_serves_logo_and_tokens(client: FlaskClient) -> None:
    municipality = make_municipality(name="Houten", slug="houten")
    platform_client(client)
    path = f"/platform/gemeenten/{municipality.id}"
    light = client.post(
        f"{path}/huisstijl", data={"csrf_token": token(client, path), "primary_colour": "#ffcc00"}
    )
    assert light.status_code == 400 and "slecht leesbaar" in light.get_data(as_text=True)
    svg = client.post(
        f"{path}/huisstijl",
        data={"csrf_token": token(client, path), "logo": (io.BytesIO(b"<svg/>"), "logo.svg")},
    )
    assert svg.status_code == 400 and "PNG of JPEG" in svg.get_data(as_text=True)
    db.session.refresh(municipality)
    assert municipality.settings == {}

    saved = client.post(
        f"{path}/huisstijl",
        data={
            "csrf_token": token(client, path),
            "primary_colour": "#1f5c99",
            "logo": (io.BytesIO(png()), "logo.png"),
        },
    )
    assert saved.status_code == 302
    css = client.get("/huisstijl/houten.css")
    assert css.mimetype == "text/css" and "#1f5c99" in css.get_data(as_text=True)
    logo = client.get("/huisstijl/houten/logo")
    assert logo.mimetype == "image/png" and logo.data == png()
    logo.close()
    public = client.get("/houten").get_data(as_text=True)
    assert "/huisstijl/houten.css" in public and "Logo van Houten" in public
    assert actions().count("municipality.branding") == 1


def test_invite_first_admin_sends_mail_and_audits(client: FlaskClient) -> None:
    municipality = make_municipality(name="Oldambt", slug="oldambt")
    platform_client(client)
    path = f"/platform/gemeenten/{municipality.id}"
    response = client.post(
        f"{path}/beheerder",
        data={
            "csrf_token": token(client, path),
            "email": "beheer@oldambt.example.org",
            "display_name": "Beheer Oldambt",
        },
    )
    assert response.status_code == 302
    admin = db.session.scalar(select(User).filter_by(email="beheer@oldambt.example.org"))
    assert admin.role == Role.ADMIN and admin.municipality_id == municipality.id
    mail = db.session.scalar(select(OutboxMessage).filter_by(recipient=admin.email))
    assert mail is not None
    event = db.session.scalar(select(AuditEvent).filter_by(action="official.invite"))
    assert event.municipality_id == municipality.id and event.actor_role == "platform-admin"


def test_platform_admin_sees_no_input_and_municipality_admin_no_platform(
    client: FlaskClient,
) -> None:
    platform_client(client)
    assert client.get("/werkplek/moderatie").status_code == 403
    assert client.get("/werkplek").status_code == 403
    other = login(client.application.test_client(), make_user(Role.ADMIN))
    assert other.get(INDEX).status_code == 403


def test_login_lands_platform_admin_on_the_platform_page(client: FlaskClient) -> None:
    from dialogue.accounts.routes import _default_landing

    with client.application.test_request_context():
        user = make_user(Role.PLATFORM_ADMIN)
        assert _default_landing(user) == INDEX
