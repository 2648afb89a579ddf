"""Own data (AVG): download everything as JSON; delete the account without a trace."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from dialogue.accounts.models import User
from dialogue.contributions.models import Contribution, Reply, Report, Support
from dialogue.contributions.reactions import add_reply
from dialogue.extensions import db as _db
from dialogue.mail import OutboxMessage, send_email
from tests.factories import PASSWORD, make_user
from tests.helpers import count, post_form, text_of
from tests.world import RESIDENT_EMAIL, RESIDENT_NAME, build_world

EMAIL, NAME = RESIDENT_EMAIL, RESIDENT_NAME


def resident_with_history() -> tuple[User, Contribution, Contribution]:
    """Return the resident of a world with a history, their input and the neighbour's."""
    world = build_world(activity="history")
    return world.resident, world.contribution, world.neighbour_contribution


def every_value_in_database() -> list[tuple[str, str, str]]:
    """Return (table, column, text) for every non-empty value in every table."""
    _db.session.expire_all()
    found = []
    for table in _db.metadata.sorted_tables:
        for row in _db.session.execute(select(table)).mappings():
            for column, value in row.items():
                if value is not None:
                    found.append((table.name, column, str(value)))
    return found


def traces_of_user() -> list[tuple[str, str, str]]:
    needles = (EMAIL.lower(), NAME.lower())
    return [v for v in every_value_in_database() if any(n in v[2].lower() for n in needles)]


def test_download_contains_everything(client, app, as_user):
    user, plain, theirs = resident_with_history()
    as_user(user)
    response = client.get("/account/gegevens/download")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == EMAIL and data["account"]["display_name"] == NAME
    assert "password_hash" not in json.dumps(data) and "totp_secret" not in json.dumps(data)
    assert {c["id"] for c in data["contributions"]} >= {plain.id}
    assert len(data["contributions"]) == 2
    assert [r["text"] for r in data["replies"]] == [
        "Helemaal mee eens met u",
        f"Groet, {NAME}. Mail {EMAIL} gerust.",
    ]
    assert data["replies"][1]["published_text"] == f"Groet, {NAME}. Mail [e-mailadres] gerust."
    assert [s["contribution_id"] for s in data["supports"]] == [theirs.id]
    assert [r["reason"] for r in data["reports"]] == ["Beledigend"]
    subjects = {m["subject"] for m in data["emails"]}
    assert {"Welkom", "De gemeente heeft gereageerd"} <= subjects


def test_overview_shows_the_same_data_in_words(client, app, as_user):
    user, plain, _ = resident_with_history()
    stranger = make_user(email="buurman.onbekend@example.org")
    with app.test_request_context():
        add_reply(plain, stranger, "Reactie van een ander <script>x</script>")
        _db.session.commit()
    as_user(user)
    response = client.get("/account/gegevens")
    assert response.status_code == 200
    page = text_of(response)
    assert EMAIL in page and NAME in page and "inwoner" in page
    assert "Uw inbreng</h2>" not in page and "Uw inbreng (2)" in page
    assert "De bushalte moet overdekt worden." in page
    assert "Uw reacties (2)" in page and "Helemaal mee eens met u" in page
    assert "Online staat een versie zonder persoonsgegevens" not in page.split("Uw reacties")[0]
    assert "U steunt 1 tekst" in page and "Beledigend" in page
    assert "De gemeente heeft gereageerd" in page and "Welkom" in page
    # Only the user's own data: nothing of other residents.
    assert "buurman.onbekend" not in page and "Reactie van een ander" not in page
    assert "<script>x</script>" not in page
    account = text_of(client.get("/account/"))
    assert 'href="/account/gegevens"' in account


def test_download_needs_login(client):
    response = client.get("/account/gegevens/download")
    assert response.status_code == 302 and "/account/inloggen" in response.location


def test_wrong_password_deletes_nothing(client, app, as_user):
    user, *_ = resident_with_history()
    as_user(user)
    url = "/account/gegevens/verwijderen"
    response = post_form(
        client, url, {"password": "fout wachtwoord", "content": "anonymise"}, page=url
    )
    assert response.status_code == 200 and "klopt niet" in text_of(response)
    assert _db.session.get(User, user.id) is not None


@pytest.mark.parametrize("content", ["anonymise", "delete"])
def test_delete_account_leaves_no_email_or_name_anywhere(client, app, as_user, content):
    user, plain, theirs = resident_with_history()
    user_id = user.id
    assert traces_of_user(), "the world must contain the user's e-mail and name before deletion"
    as_user(user)
    url = "/account/gegevens/verwijderen"
    response = post_form(client, url, {"password": PASSWORD, "content": content}, page=url)
    assert response.status_code == 302
    assert traces_of_user() == []
    assert _db.session.get(User, user_id) is None
    # The session ended: pages that need a login send the visitor to log in.
    assert client.get("/mijn-inbreng").status_code == 302
    remaining = _db.session.scalars(select(Contribution)).all()
    if content == "anonymise":
        kept = _db.session.get(Contribution, plain.id)
        assert kept is not None and kept.author_id is None and kept.display_name is None
        assert count(Reply) == 3  # their reply on mine, and mine (anonymous) on theirs
        assert count(Report) == 1
    else:
        assert plain.id not in {c.id for c in remaining}
        assert count(Reply) == 0 and count(Report) == 0
    assert theirs.id in {c.id for c in remaining}
    assert _db.session.scalars(select(Support).where(Support.user_id == user_id)).all() == []
    assert (
        _db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == EMAIL)).all()
        == []
    )


def test_delete_account_leaves_other_peoples_mail_alone(client, app, as_user):
    """A resident named like a common word does not change everybody's mail when leaving."""
    leaving = make_user(email="kernpunt.fan@example.org", display_name="Kernpunt")
    others = [make_user(display_name=f"Buur {n}") for n in range(3)]
    with app.test_request_context():
        for user in [leaving, *others]:
            send_email(user.email, "Welkom", "account_confirm", user=user, confirm_url="x", hours=1)
        _db.session.commit()
    before = {
        m.id: (m.subject, m.body)
        for m in _db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.recipient != leaving.email)
        )
    }
    assert all("Kernpunt" in body for _, body in before.values())  # signed "Kernpunt"
    as_user(leaving)
    url = "/account/gegevens/verwijderen"
    response = post_form(client, url, {"password": PASSWORD, "content": "anonymise"}, page=url)
    assert response.status_code == 302
    after = {m.id: (m.subject, m.body) for m in _db.session.scalars(select(OutboxMessage))}
    assert after == before


def test_default_choice_is_anonymise(client, app, as_user):
    user, *_ = resident_with_history()
    as_user(user)
    page = text_of(client.get("/account/gegevens/verwijderen"))
    assert re.search(r'<input[^>]*checked[^>]*value="anonymise"', page)
    assert not re.search(r'<input[^>]*checked[^>]*value="delete"', page)
    response = post_form(client, "/account/gegevens/verwijderen", {"password": PASSWORD})
    # A post without a choice (browsers always send the checked one) asks; nothing is deleted.
    assert "Maak een keuze" in text_of(response)
    assert _db.session.get(User, user.id) is not None
