"""The my-account page: name, notifications and language."""

from __future__ import annotations

from tests.accounts.helpers import submit
from tests.factories import make_user

ACCOUNT = "/account/"


def test_my_account_saves_preferences(client, db, as_user):
    user = make_user(display_name="Oude Naam")
    as_user(user)
    page = client.get(ACCOUNT).get_data(as_text=True)
    assert user.email in page and "Oude Naam" in page
    response = submit(client, ACCOUNT, {"display_name": "Nieuwe Naam", "locale": "en"})
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.display_name == "Nieuwe Naam"
    assert user.notify_by_email is False  # unchecked box
    assert user.locale == "en"
    english = client.get(ACCOUNT).get_data(as_text=True)
    assert '<html lang="en"' in english
    assert "Log out on all devices" in english  # the catalog is compiled by make test


def test_my_account_validates_with_dutch_messages(client, db, as_user):
    user = make_user(display_name="Naam")
    as_user(user)
    response = submit(client, ACCOUNT, {"display_name": "", "locale": "xx", "notify_by_email": "y"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Vul een naam in" in page
    assert "Not a valid choice" not in page or "geldige" in page
    db.session.refresh(user)
    assert user.display_name == "Naam"


def test_own_data_links_appear_only_when_those_pages_exist(client, db, as_user, app):
    as_user(make_user())
    page = client.get(ACCOUNT).get_data(as_text=True)
    has_download = "owndata.download" in app.view_functions
    assert ("Al mijn gegevens downloaden" in page) is has_download


def test_my_account_needs_login(client, db):
    response = client.get(ACCOUNT)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/inloggen?next=")
