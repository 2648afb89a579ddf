"""Officials log in with their municipality's identity provider (OpenID Connect), against a
real provider on 127.0.0.1: a good login, a wrong audience, an expired token, a nonce replay,
an unknown role and an unknown official. Every login and refusal is audited."""

from __future__ import annotations

import time
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from dialogue.accounts.models import Role, User
from dialogue.audit.models import AuditEvent
from dialogue.extensions import db
from dialogue.municipalities.models import Municipality
from tests.factories import make_municipality, make_user
from tests.sso.provider import CLIENT_ID, CLIENT_SECRET, Provider, running_provider

EMAIL = "analist@urk.example.org"
ROLE_VALUES = {"moderator": ["kp-moderatie"], "analyst": ["kp-analyse"], "admin": ["kp-beheer"]}


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    with running_provider() as running:
        yield running


@pytest.fixture
def urk(db, provider: Provider, monkeypatch: pytest.MonkeyPatch) -> Municipality:
    """Urk with SSO switched on, its secret in the environment, and one analyst."""
    municipality = make_municipality(name="Urk", slug="urk")
    municipality.settings = {
        "sso": {
            "enabled": True,
            "issuer": provider.issuer,
            "client_id": CLIENT_ID,
            "role_claim": "groups",
            "role_values": ROLE_VALUES,
        }
    }
    make_user(Role.ANALYST, municipality=municipality, email=EMAIL)
    db.session.commit()
    monkeypatch.setenv("KERNPUNT_OIDC_SECRET_URK", CLIENT_SECRET)
    return municipality


def start(client: FlaskClient) -> tuple[str, str]:
    """Begin a login; return the state and nonce the provider receives."""
    response = client.get("/account/sso/urk")
    assert response.status_code == 302, response.get_data(as_text=True)
    query = parse_qs(urlsplit(response.headers["Location"]).query)
    assert query["client_id"] == [CLIENT_ID] and query["response_type"] == ["code"]
    return query["state"][0], query["nonce"][0]


def come_back(client: FlaskClient, state: str, code: str):
    return client.get("/account/sso/terug", query_string={"state": state, "code": code})


def refusals() -> list[str]:
    events = db.session.scalars(select(AuditEvent).filter_by(action="official.sso_refused"))
    return [event.details["reason"] for event in events]


def test_good_login_lands_on_the_workplace_and_is_audited(client, urk, provider) -> None:
    state, nonce = start(client)
    code = provider.issue_code(
        "good", email=EMAIL, groups=["kp-analyse", "iets-anders"], nonce=nonce
    )
    response = come_back(client, state, code)
    assert response.status_code == 302 and response.headers["Location"] == "/werkplek"
    assert provider.token_requests[-1]["grant_type"] == "authorization_code"
    assert client.get("/werkplek").status_code == 200
    event = db.session.scalar(select(AuditEvent).filter_by(action="official.sso_login"))
    assert event.municipality_id == urk.id and event.details == {"role": "analyst"}


def test_claims_can_change_the_role_and_that_is_audited(client, urk, provider) -> None:
    state, nonce = start(client)
    come_back(
        client, state, provider.issue_code("up", email=EMAIL, groups="kp-beheer", nonce=nonce)
    )
    user = db.session.scalar(select(User).filter_by(email=EMAIL))
    db.session.refresh(user)
    assert user.role == Role.ADMIN
    change = db.session.scalar(select(AuditEvent).filter_by(action="official.role_change"))
    assert change.details == {"old": "analyst", "new": "admin", "source": "sso"}


@pytest.mark.parametrize(
    ("claims", "reason", "words"),
    [
        ({"aud": "een-andere-app"}, "wrong_audience", "niet kan controleren"),
        ({"exp": int(time.time()) - 3600, "iat": int(time.time()) - 4000}, "expired", "verlopen"),
        ({"groups": ["kp-stagiair"]}, "unknown_role", "Uw rol bij de gemeente"),
        ({"email": "onbekend@urk.example.org"}, "unknown_official", "geen medewerker"),
        ({"iss": "https://nep.example.org"}, "wrong_issuer", "niet kan controleren"),
    ],
    ids=["wrong-audience", "expired", "unknown-role", "unknown-official", "wrong-issuer"],
)
def test_bad_tokens_are_refused_in_dutch_and_audited(
    client, urk, provider, claims, reason, words
) -> None:
    state, nonce = start(client)
    body = {"email": EMAIL, "groups": ["kp-analyse"], "nonce": nonce} | claims
    response = come_back(client, state, provider.issue_code(f"bad-{reason}", **body))
    assert response.status_code == 403
    assert words in response.get_data(as_text=True)
    assert client.get("/werkplek").status_code == 302  # not logged in
    assert refusals() == [reason]
    user = db.session.scalar(select(User).filter_by(email=EMAIL))
    assert user.role == Role.ANALYST
    assert db.session.scalar(select(User).filter_by(email="onbekend@urk.example.org")) is None


def test_nonce_replay_and_a_second_use_of_the_callback_are_refused(
    client, app, urk, provider
) -> None:
    state, nonce = start(client)
    assert (
        come_back(
            client,
            state,
            provider.issue_code("first", email=EMAIL, groups=["kp-analyse"], nonce=nonce),
        ).status_code
        == 302
    )
    # The same answer again: the attempt is used up.
    assert (
        come_back(
            client,
            state,
            provider.issue_code("again", email=EMAIL, groups=["kp-analyse"], nonce=nonce),
        ).status_code
        == 403
    )
    # A new attempt in another browser, answered with the old token's nonce.
    other = app.test_client()
    new_state, _new_nonce = start(other)
    replay = come_back(
        other,
        new_state,
        provider.issue_code("replay", email=EMAIL, groups=["kp-analyse"], nonce=nonce),
    )
    assert replay.status_code == 403
    assert "hoort niet bij deze inlogpoging" in replay.get_data(as_text=True)
    assert refusals() == ["no_pending", "nonce_mismatch"]


def test_without_secret_or_when_switched_off_the_login_is_not_offered(
    client, urk, monkeypatch
) -> None:
    monkeypatch.delenv("KERNPUNT_OIDC_SECRET_URK")
    response = client.get("/account/sso/urk")
    assert response.status_code == 403 and "niet volledig ingesteld" in response.get_data(
        as_text=True
    )
    urk.settings = {"sso": {"enabled": False}}
    db.session.commit()
    assert "Inloggen via Urk" not in client.get("/account/inloggen").get_data(as_text=True)


def test_unreachable_provider_is_explained_and_audited(client, urk) -> None:
    urk.settings = {"sso": urk.settings["sso"] | {"issuer": "http://127.0.0.1:9"}}
    db.session.commit()
    response = client.get("/account/sso/urk")
    assert response.status_code == 403
    assert "niet bereikbaar" in response.get_data(as_text=True)
    assert refusals() == ["provider_unreachable"]
