"""The admin's settings page: sharing themes with the network partners is opt-in."""

from __future__ import annotations

import re

from sqlalchemy import select

from dialogue.accounts.models import Role
from dialogue.audit.models import AuditEvent
from dialogue.extensions import db
from dialogue.themes.models import Theme
from tests.conftest import login
from tests.factories import make_consultation, make_municipality, make_user
from tests.helpers import csrf_token

SETTINGS = "/beheer/gemeente"


def checkbox(page: str) -> str:
    match = re.search(r'<input[^>]*name="in_network"[^>]*>', page)
    assert match, "no in_network checkbox on the page"
    return match.group(0)


def add_theme(label: str, municipality=None) -> Theme:
    consultation = make_consultation(municipality=municipality or make_municipality())
    theme = Theme(
        consultation_id=consultation.id,
        municipality_id=consultation.municipality_id,
        key=f"k-{consultation.id}",
        label=label,
        size=12,
        negative_share=0.5,
    )
    db.session.add(theme)
    db.session.flush()
    return theme


def save(client, *, in_network: bool):
    token = csrf_token(client.get(SETTINGS).get_data(as_text=True))
    data = {"csrf_token": token} | ({"in_network": "y"} if in_network else {})
    return client.post(SETTINGS, data=data)


def network_page(client, partner) -> str:
    """Return the network overview as a partner sees it, in a separate browser session."""
    browser = login(client.application.test_client(), partner)
    return browser.get("/netwerk/").get_data(as_text=True)


def test_new_municipalities_are_not_shared(db):
    assert make_municipality().in_network is False


def test_admin_switches_sharing_on_and_off(client, as_user, db):
    admin = make_user(Role.ADMIN)
    add_theme("Windpark De Vaart", admin.municipality)
    partner = make_user(Role.NETWORK)
    db.session.commit()
    assert "Windpark De Vaart" not in network_page(client, partner)

    as_user(admin)
    page = client.get(SETTINGS).get_data(as_text=True)
    assert "Nu: uw gemeente doet niet mee." in page
    assert "checked" not in checkbox(page)

    response = save(client, in_network=True)
    assert response.status_code == 302 and response.headers["Location"] == SETTINGS
    db.session.expire_all()
    assert admin.municipality.in_network is True
    assert "Windpark De Vaart" in network_page(client, partner)
    page = client.get(SETTINGS).get_data(as_text=True)
    assert "De netwerkpartners zien nu de thema" in page and "checked" in checkbox(page)

    save(client, in_network=False)
    db.session.expire_all()
    assert admin.municipality.in_network is False
    assert "Windpark De Vaart" not in network_page(client, partner)

    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.action, e.details["old"], e.details["new"]) for e in events] == [
        ("municipality.update", False, True),
        ("municipality.update", True, False),
    ]
    assert all(
        e.actor_id == admin.id and e.municipality_id == admin.municipality_id for e in events
    )
    assert {e.target_type for e in events} == {"municipality"}


def test_saving_without_a_change_writes_no_event(client, as_user, db):
    admin = make_user(Role.ADMIN)
    db.session.commit()
    as_user(admin)
    response = save(client, in_network=False)
    assert response.status_code == 302
    assert "U heeft niets veranderd." in client.get(SETTINGS).get_data(as_text=True)
    assert db.session.scalars(select(AuditEvent)).all() == []


def test_an_admin_changes_only_their_own_municipality(client, as_user, db):
    own = make_user(Role.ADMIN)
    other = make_municipality(in_network=False)
    db.session.commit()
    as_user(own)
    save(client, in_network=True)
    # Naming another municipality in the request changes nothing there either.
    token = csrf_token(client.get(SETTINGS).get_data(as_text=True))
    for field in ("municipality_id", "municipality", "id"):
        client.post(SETTINGS, data={"csrf_token": token, "in_network": "y", field: other.id})
        client.post(f"{SETTINGS}?{field}={other.id}", data={"csrf_token": token, "in_network": "y"})
    db.session.expire_all()
    assert own.municipality.in_network is True and other.in_network is False


def test_other_officials_cannot_change_it(client, as_user, db):
    admin = make_user(Role.ADMIN)
    moderator = make_user(Role.MODERATOR, municipality=admin.municipality)
    db.session.commit()
    as_user(admin)
    token = csrf_token(client.get(SETTINGS).get_data(as_text=True))
    as_user(moderator)
    response = client.post(SETTINGS, data={"csrf_token": token, "in_network": "y"})
    assert response.status_code == 403
    db.session.expire_all()
    assert admin.municipality.in_network is False


def test_without_csrf_token_nothing_changes(client, as_user, db):
    admin = make_user(Role.ADMIN)
    db.session.commit()
    as_user(admin)
    assert client.post(SETTINGS, data={"in_network": "y"}).status_code == 400
    db.session.expire_all()
    assert admin.municipality.in_network is False
