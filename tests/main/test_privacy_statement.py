"""The privacy statement names the controller and contact, retention periods and the AP."""

from __future__ import annotations

from tests.factories import make_municipality

PLACEHOLDER = "Dit staat hier nog niet. Vraag het aan uw gemeente."


def page(client) -> str:
    response = client.get("/privacy")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_without_settings_the_public_sees_no_configuration_hint(client, db):
    make_municipality(name="Aadorp")
    make_municipality(name="Dijkzicht")
    db.session.commit()
    text = page(client)
    assert text.count(PLACEHOLDER) == 2
    assert "KERNPUNT_" not in text and "instelling" not in text and "Beheerder" not in text
    assert "Aadorp" not in text and "functionaris" not in text


def test_a_single_municipality_is_the_controller(client, db):
    make_municipality(name="Gemeente Dijkzicht")
    db.session.commit()
    text = page(client)
    assert "<strong>Gemeente Dijkzicht</strong>" in text
    assert text.count(PLACEHOLDER) == 1  # only the contact is missing


def test_configured_controller_contact_and_officer(client, app, db, monkeypatch):
    make_municipality(name="Aadorp")
    settings = {
        "PRIVACY_CONTROLLER": "Gemeente Dijkzicht, Markt 1, 9999 ZZ Dijkzicht",
        "PRIVACY_CONTACT": "privacy@dijkzicht.example.nl",
        "PRIVACY_OFFICER": "fg@dijkzicht.example.nl",
    }
    for name, value in settings.items():
        monkeypatch.setitem(app.config, name, value)
    text = page(client)
    assert "<strong>Gemeente Dijkzicht, Markt 1, 9999 ZZ Dijkzicht</strong>" in text
    assert 'href="mailto:privacy@dijkzicht.example.nl"' in text
    assert "functionaris gegevensbescherming: fg@dijkzicht.example.nl" in text
    assert PLACEHOLDER not in text


def test_settings_are_escaped(client, app, db, monkeypatch):
    monkeypatch.setitem(app.config, "PRIVACY_CONTACT", '<script>alert("x")</script> 14 0123')
    text = page(client)
    assert "<script>alert" not in text and "&lt;script&gt;" in text


def test_retention_periods_and_the_right_to_complain(client, db):
    text = page(client)
    assert "Uw account bewaren wij tot u het zelf verwijdert." in text
    # Link lifetime 2 days + 7 grace days, and the daily purge may run up to a day later.
    assert "uiterlijk 10 dagen nadat u de inbreng stuurde" in text
    assert "uiterlijk 10 dagen later" in text  # an account never confirmed
    assert "hoort uiterlijk 10 dagen later." in text  # a voter without account or votes
    assert "Heeft u zonder account gestemd? Dan kunt u uw stemmen bekijken" in text
    # E-mail records: 180 days, and the daily purge may run up to a day later.
    assert "Alles verwijderen wij uiterlijk 181 dagen later." in text
    assert "Ook dit logboek heeft geen vaste einddatum." in text
    assert "Autoriteit Persoonsgegevens" in text
    assert 'href="https://autoriteitpersoonsgegevens.nl"' in text


def test_the_stated_period_follows_the_settings(client, app, db, monkeypatch):
    monkeypatch.setitem(app.config, "UNCONFIRMED_INPUT_GRACE_DAYS", 0)
    monkeypatch.setitem(app.config, "EMAIL_TOKEN_MAX_AGE", 12 * 3600)
    monkeypatch.setitem(app.config, "SENT_MAIL_RETENTION_DAYS", 30)
    text = page(client)
    assert "uiterlijk 2 dagen nadat" in text
    assert "Alles verwijderen wij uiterlijk 31 dagen later." in text
