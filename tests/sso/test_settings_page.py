"""The admin sets up inloggen via de gemeente: validated, audited, the secret never shown."""

from __future__ import annotations

import re

from sqlalchemy import select

from dialogue.accounts.models import Role
from dialogue.audit.models import AuditEvent
from dialogue.extensions import db
from tests.conftest import login
from tests.factories import make_municipality, make_user

PAGE = "/beheer/inloggen-via-gemeente"
SECRET = "heel-geheim-4242"


def token(page: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert match
    return match.group(1)


def test_admin_saves_settings_and_the_secret_is_never_shown(client, monkeypatch) -> None:
    municipality = make_municipality(name="Houten", slug="houten")
    admin = make_user(Role.ADMIN, municipality=municipality)
    db.session.commit()
    monkeypatch.setenv("KERNPUNT_OIDC_SECRET_HOUTEN", SECRET)
    login(client, admin)
    page = client.get(PAGE).get_data(as_text=True)
    assert "KERNPUNT_OIDC_SECRET_HOUTEN" in page and "het geheim is gevonden" in page
    assert SECRET not in page
    form = {
        "csrf_token": token(page),
        "enabled": "y",
        "issuer": "https://login.houten.example.org",
        "client_id": "kernpunt",
        "role_claim": "groups",
        "moderator_values": "kp-mod",
        "analyst_values": "kp-ana, kp-ana2",
        "admin_values": "",
    }
    assert client.post(PAGE, data=form).status_code == 302
    db.session.refresh(municipality)
    saved = municipality.settings["sso"]
    assert saved["role_values"] == {
        "moderator": ["kp-mod"],
        "analyst": ["kp-ana", "kp-ana2"],
        "admin": [],
    }
    event = db.session.scalar(select(AuditEvent).filter_by(action="municipality.sso"))
    assert event.municipality_id == municipality.id and SECRET not in str(event.details)
    assert SECRET not in client.get(PAGE).get_data(as_text=True)
    assert "Inloggen via Houten" in client.application.test_client().get(
        "/account/inloggen"
    ).get_data(as_text=True)


def test_plain_http_issuer_and_a_value_for_two_roles_are_refused(client) -> None:
    admin = make_user(Role.ADMIN)
    db.session.commit()
    login(client, admin)
    page = client.get(PAGE).get_data(as_text=True)
    response = client.post(
        PAGE,
        data={
            "csrf_token": token(page),
            "enabled": "y",
            "issuer": "http://login.example.org",
            "client_id": "kernpunt",
            "moderator_values": "kp-x",
            "admin_values": "kp-x",
        },
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "https://" in text and "maar bij één rol" in text
    db.session.refresh(admin.municipality)
    assert "sso" not in (admin.municipality.settings or {})
