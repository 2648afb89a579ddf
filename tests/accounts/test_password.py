"""Password policy, hash parameters and changing a password."""

from __future__ import annotations

import re

import pytest

from dialogue.accounts.models import Role
from dialogue.config import Config
from dialogue.security import hash_password, password_problem, verify_password
from tests.accounts.helpers import is_logged_in, log_in, submit
from tests.conftest import login
from tests.factories import PASSWORD, make_municipality, make_user

CHANGE = "/account/wachtwoord-wijzigen"


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("1234567", "too_short"),
        ("x" * 257, "too_long"),
        ("wachtwoord", "common"),
        ("Welkom123", "common"),
        ("jan@example.org", "personal"),
        ("JAN", "too_short"),
        ("Jan de Vries", "personal"),
        ("abcdefgh", None),  # no composition rules
        ("lange zin zonder cijfers", None),
    ],
)
def test_password_policy(password, problem):
    assert password_problem(password, email="jan@example.org", name="Jan de Vries") == problem


def test_production_hash_is_argon2id_with_strong_parameters(app, monkeypatch):
    assert not getattr(Config, "ARGON2_FAST", False), "production must not use fast hashing"
    monkeypatch.setitem(app.config, "ARGON2_FAST", False)
    with app.app_context():
        encoded = hash_password("een goed wachtwoord")
        assert verify_password(encoded, "een goed wachtwoord")
        assert not verify_password(encoded, "een ander wachtwoord")
    match = re.match(r"^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$", encoded)
    assert match, encoded
    memory, time_cost, parallelism = map(int, match.groups())
    assert memory >= 19456  # KiB, OWASP minimum for argon2id
    assert time_cost >= 2
    assert parallelism >= 1


def test_change_password_keeps_this_session_and_ends_the_others(app, db):
    user = make_user(email="inwoner@example.org", display_name="Inwoner")
    db.session.commit()
    other_device = login(app.test_client(), user)
    client = app.test_client()
    log_in(client, "inwoner@example.org", PASSWORD)

    new = "mijn nieuwe lange wachtwoord"
    response = submit(
        client,
        CHANGE,
        {"current_password": PASSWORD, "password": new, "password_repeat": new},
    )
    assert response.status_code == 302
    assert is_logged_in(client)
    assert not is_logged_in(other_device)
    db.session.refresh(user)
    assert verify_password(user.password_hash, new)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {
                "current_password": "fout",
                "password": "heel goed nieuw",
                "password_repeat": "heel goed nieuw",
            },
            "Uw huidige wachtwoord klopt niet",
        ),
        (
            {"current_password": PASSWORD, "password": "Inwoner", "password_repeat": "Inwoner"},
            "te kort",
        ),
        (
            {
                "current_password": PASSWORD,
                "password": "inwoner@example.org",
                "password_repeat": "inwoner@example.org",
            },
            "e-mailadres of naam",
        ),
    ],
)
def test_change_password_refuses_bad_input(client, db, as_user, data, message):
    user = make_user(email="inwoner@example.org", display_name="Inwoner")
    as_user(user)
    response = submit(client, CHANGE, data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    db.session.refresh(user)
    assert verify_password(user.password_hash, PASSWORD)


@pytest.mark.parametrize(
    ("password", "official", "problem"),
    [
        ("elf tekens!", False, None),
        ("elf tekens!", True, "too_short"),
        ("twaalf teken", True, None),
        ("password1234", True, "common"),  # the common-password list still applies
    ],
)
def test_officials_need_twelve_characters(password, official, problem):
    assert password_problem(password, official=official) == problem


def test_an_official_cannot_choose_a_short_password(app, db):
    official = make_user(Role.ANALYST, email="analist@example.org")
    db.session.commit()
    client = login(app.test_client(), official)
    page = client.get(CHANGE).get_data(as_text=True)
    assert "Minstens 12 tekens" in page
    response = submit(
        client,
        CHANGE,
        {
            "current_password": PASSWORD,
            "password": "elf tekens!",
            "password_repeat": "elf tekens!",
        },
    )
    assert response.status_code == 200
    assert "Gebruik minstens 12 tekens" in response.get_data(as_text=True)
    assert verify_password(official.password_hash, PASSWORD)


def test_a_resident_may_still_choose_eight_characters(app, db):
    resident = make_user(email="inwoner@example.org")
    db.session.commit()
    client = login(app.test_client(), resident)
    assert "Minstens 8 tekens" in client.get(CHANGE).get_data(as_text=True)
    response = submit(
        client,
        CHANGE,
        {"current_password": PASSWORD, "password": "acht tkn", "password_repeat": "acht tkn"},
    )
    assert response.status_code == 302


def test_cli_refuses_a_short_password_for_an_official(app, db):
    make_municipality(slug="aadorp")
    db.session.commit()
    runner = app.test_cli_runner()
    args = ["users", "create", "beheer@example.org", "--role", "admin", "--password-stdin"]
    refused = runner.invoke(args=[*args, "--municipality", "aadorp"], input="elf tekens!\n")
    assert refused.exit_code != 0 and "too_short" in refused.output
    accepted = runner.invoke(args=[*args, "--municipality", "aadorp"], input="twaalf teken\n")
    assert accepted.exit_code == 0, accepted.output
