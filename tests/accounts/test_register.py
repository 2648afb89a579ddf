"""Registering and confirming an e-mail address through the real forms."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from dialogue import security
from dialogue.accounts.models import User
from dialogue.accounts.services import find_user_by_email
from tests.accounts.helpers import is_logged_in, link_in, log_in, outbox, submit
from tests.factories import PASSWORD, make_consultation, make_user
from tests.helpers import csrf_token

REGISTER = "/account/registreren"


def registration(email: str = "nieuw@example.org", **overrides: str) -> dict[str, str]:
    data = {
        "display_name": "Nieuwe Inwoner",
        "email": email,
        "password": PASSWORD,
        "password_repeat": PASSWORD,
        "consent": "y",
    }
    data.update(overrides)
    return data


def test_register_confirm_and_log_in(client, db):
    response = submit(client, REGISTER, registration())
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/controleer-uw-e-mail"
    user = find_user_by_email("nieuw@example.org")
    assert user is not None and user.email_confirmed_at is None
    assert user.password_hash != PASSWORD

    # Before confirming, logging in is refused and a new link is sent.
    page = log_in(client, "nieuw@example.org", PASSWORD).get_data(as_text=True)
    assert "Bevestig eerst uw e-mailadres" in page
    assert not is_logged_in(client)
    messages = outbox("nieuw@example.org")
    assert len(messages) == 2

    # The link shows a button and changes nothing; the button confirms and logs in.
    link = link_in(messages[0], "/account/bevestigen/")
    page = client.get(link)
    assert page.status_code == 200
    assert "E-mailadres bevestigen" in page.get_data(as_text=True)
    db.session.expire_all()
    assert find_user_by_email("nieuw@example.org").email_confirmed_at is None
    assert not is_logged_in(client)
    confirm = submit(client, link, {})
    assert confirm.status_code == 302 and confirm.headers["Location"] == "/"
    db.session.expire_all()
    assert find_user_by_email("nieuw@example.org").email_confirmed_at is not None
    assert is_logged_in(client)


def test_confirming_brings_the_resident_back_to_the_form_they_came_from(client, db):
    consultation = make_consultation()
    db.session.commit()
    path = f"/{consultation.municipality.slug}/{consultation.slug}"
    form_page = f"{path}#meedoen"
    login_page = client.get("/account/inloggen", query_string={"next": form_page})
    assert f"/account/registreren?next={path}%23meedoen" in login_page.get_data(as_text=True)
    submit(client, f"{REGISTER}?next={path}%23meedoen", registration())
    link = link_in(outbox("nieuw@example.org")[0], "/account/bevestigen/")

    confirm = submit(client, link, {})
    assert confirm.headers["Location"] == form_page
    # The message is beside the form, where the browser lands (#meedoen), not at the top.
    page = client.get(form_page).get_data(as_text=True)
    form = page.index(f'action="{path}/inbreng"')
    assert page.index('id="meedoen"') < page.index("U bent ingelogd") < form
    assert page.count("U bent ingelogd") == 1
    assert is_logged_in(client)

    # A link used before logs nobody in: it sends to the login page.
    client.post("/account/uitloggen", data={"csrf_token": _token(client)})
    again = client.get(link)
    assert again.headers["Location"].startswith("/account/inloggen")
    login_form = client.get("/account/inloggen").get_data(as_text=True)
    pressed = client.post(link, data={"csrf_token": csrf_token(login_form)})
    assert pressed.headers["Location"].startswith("/account/inloggen")
    assert not is_logged_in(client)


def test_confirmation_never_sends_to_another_site(client, db):
    submit(client, f"{REGISTER}?next=//evil.example/", registration())
    confirm = submit(client, link_in(outbox("nieuw@example.org")[0], "/account/bevestigen/"), {})
    assert confirm.headers["Location"] == "/"


def _token(client) -> str:
    return csrf_token(client.get("/account/").get_data(as_text=True))


def test_following_the_link_changes_nothing_the_button_confirms_once(app, client, db):
    """A mail scanner opens the link: nothing happens, and the resident's first login stays."""
    submit(client, REGISTER, registration())
    link = link_in(outbox("nieuw@example.org")[0], "/account/bevestigen/")
    scanner = app.test_client()
    assert scanner.get(link).status_code == 200
    assert scanner.get(link).status_code == 200
    db.session.expire_all()
    assert find_user_by_email("nieuw@example.org").email_confirmed_at is None
    assert not is_logged_in(scanner)

    token = csrf_token(client.get(link).get_data(as_text=True))
    first = client.post(link, data={"csrf_token": token})
    assert first.headers["Location"] == "/"
    assert is_logged_in(client)
    db.session.expire_all()
    confirmed_at = find_user_by_email("nieuw@example.org").email_confirmed_at
    assert confirmed_at is not None
    # A second press (the page kept open in another tab) is harmless: the resident stays
    # logged in and lands on their account; the confirmation time stays the first one.
    second = client.post(link, data={"csrf_token": _token(client)})
    assert second.status_code == 302 and second.headers["Location"] == "/account/"
    assert is_logged_in(client)
    db.session.expire_all()
    assert find_user_by_email("nieuw@example.org").email_confirmed_at == confirmed_at


def test_a_post_without_csrf_token_confirms_nothing(client, db):
    submit(client, REGISTER, registration())
    link = link_in(outbox("nieuw@example.org")[0], "/account/bevestigen/")
    assert client.post(link).status_code == 400
    db.session.expire_all()
    assert find_user_by_email("nieuw@example.org").email_confirmed_at is None
    assert not is_logged_in(client)


def test_duplicate_email_is_not_revealed(client, db):
    existing = make_user(email="bestaat@example.org")
    db.session.commit()
    new = submit(client, REGISTER, registration("nieuw@example.org"))
    client.get("/")  # consume flashes so both answers start from the same state
    duplicate = submit(client, REGISTER, registration("Bestaat@Example.org "))

    assert duplicate.status_code == new.status_code == 302
    assert duplicate.headers["Location"] == new.headers["Location"]
    # The follow-up page is the same for both.
    assert (
        client.get(duplicate.headers["Location"]).get_data()
        == client.get(new.headers["Location"]).get_data()
    )
    # No second account; the owner gets a notice instead of a confirmation link.
    count = db.session.scalar(
        select(func.count()).select_from(User).where(User.email == "bestaat@example.org")
    )
    assert count == 1
    (notice,) = outbox(existing.email)
    assert "U heeft al een account" in notice.subject
    assert "/account/bevestigen/" not in notice.body


def test_duplicate_and_new_registration_do_the_same_hashing_work(client, db, monkeypatch):
    make_user(email="bestaat@example.org")
    db.session.commit()
    calls: list[str] = []
    real = security.hash_password
    monkeypatch.setattr(
        "dialogue.accounts.services.hash_password",
        lambda password: calls.append("hash") or real(password),
    )
    submit(client, REGISTER, registration("nieuw@example.org"))
    new_calls = len(calls)
    submit(client, REGISTER, registration("bestaat@example.org"))
    assert new_calls == 1
    assert len(calls) - new_calls == new_calls


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"email": "geen-adres"}, "Vul een geldig e-mailadres in"),
        ({"password": "kort", "password_repeat": "kort"}, "te kort"),
        ({"password": "password", "password_repeat": "password"}, "veel gebruikt"),
        (
            {"password": "nieuw@example.org", "password_repeat": "nieuw@example.org"},
            "niet hetzelfde zijn als uw e-mailadres",
        ),
        (
            {"display_name": "Jan Janssen de Vries", "password": "jan janssen de vries"}
            | {"password_repeat": "jan janssen de vries"},
            "niet hetzelfde zijn als uw e-mailadres of naam",
        ),
        ({"password_repeat": "iets anders"}, "niet gelijk"),
        ({"consent": ""}, "akkoord"),
        ({"display_name": ""}, "Vul een naam in"),
    ],
)
def test_invalid_registration_shows_dutch_message_next_to_field(client, db, overrides, message):
    response = submit(client, REGISTER, registration(**overrides))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert message in page
    assert 'class="utrecht-form-field-error-message"' in page
    assert 'aria-invalid="true"' in page or overrides.get("consent") == ""
    assert find_user_by_email("nieuw@example.org") is None


def test_confirmation_link_with_bad_signature_is_refused(client, db):
    submit(client, REGISTER, registration())
    link = link_in(outbox("nieuw@example.org")[0], "/account/bevestigen/")
    wrong = link[:-2] + ("aa" if not link.endswith("aa") else "bb")
    response = client.get(wrong)
    assert response.status_code == 400
    assert "Deze link werkt niet" in response.get_data(as_text=True)
    # Pressing the button on a page kept open with a wrong link says the same.
    token = csrf_token(client.get(link).get_data(as_text=True))
    posted = client.post(wrong, data={"csrf_token": token})
    assert posted.status_code == 400
    assert "Deze link werkt niet" in posted.get_data(as_text=True)
    assert find_user_by_email("nieuw@example.org").email_confirmed_at is None


def test_confirmation_link_expires(client, db, app, monkeypatch):
    submit(client, REGISTER, registration())
    link = link_in(outbox("nieuw@example.org")[0], "/account/bevestigen/")
    token = csrf_token(client.get(link).get_data(as_text=True))
    # The link expires while the page with the button is open: GET and POST both refuse.
    monkeypatch.setitem(app.config, "EMAIL_TOKEN_MAX_AGE", -1)
    assert client.get(link).status_code == 400
    posted = client.post(link, data={"csrf_token": token})
    assert posted.status_code == 400
    assert "Deze link werkt niet" in posted.get_data(as_text=True)
    assert find_user_by_email("nieuw@example.org").email_confirmed_at is None


def test_logged_in_user_is_sent_from_register_to_account(client, db, as_user):
    as_user(make_user())
    response = client.get(REGISTER)
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/"
