"""API tokens expire, can be listed and revoked, and die with a password reset or a disabled account."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from dialogue.accounts.models import ApiToken, Role
from dialogue.accounts.services import (
    AccountError,
    create_api_token,
    set_password,
    user_for_api_token,
)
from dialogue.audit.models import AuditEvent
from dialogue.officials.services import disable_official
from dialogue.timeutil import utcnow
from tests.api.helpers import bearer, token_for
from tests.conftest import login
from tests.factories import make_user
from tests.helpers import csrf_token

PROBE = "/api/v1/consultations"


def works(client, token: str) -> bool:
    return client.get(PROBE, headers=bearer(token)).status_code == 200


def row_of(db, token: str) -> ApiToken:
    return db.session.scalar(select(ApiToken).where(ApiToken.prefix == token[:10]))


def test_a_token_expires_after_90_days_by_default(client, db):
    token = token_for(make_user())
    row = row_of(db, token)
    assert row.expires_at - row.created_at == timedelta(days=90)
    assert works(client, token)
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = client.get(PROBE, headers=bearer(token))
    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_password_reset_revokes_every_token(client, db):
    user = make_user()
    tokens = [token_for(user), token_for(user)]
    set_password(user, "een heel nieuw wachtwoord")
    db.session.commit()
    assert not any(works(client, token) for token in tokens)


def test_disabling_an_official_revokes_their_tokens(client, db, app):
    official = make_user(Role.ANALYST)
    token = token_for(official)
    with app.test_request_context():
        disable_official(official)
    db.session.commit()
    official.active = True  # even switched on again, the old token stays dead
    db.session.commit()
    assert not works(client, token)


def test_officials_without_two_factor_get_no_token(db):
    official = make_user(Role.MODERATOR, totp_enabled=False, totp_secret=None)
    with pytest.raises(AccountError, match="two-factor"):
        create_api_token(official)
    assert create_api_token(make_user())  # residents need no second factor


def test_an_officials_token_stops_when_two_factor_is_switched_off(db):
    official = make_user(Role.ADMIN)
    token = token_for(official)
    assert user_for_api_token(token) == official
    official.totp_enabled = False
    db.session.commit()
    assert user_for_api_token(token) is None


def test_cli_create_with_days_list_and_revoke(app, db, client):
    user = make_user(email="koppeling@example.org")
    db.session.commit()
    runner = app.test_cli_runner()
    created = runner.invoke(args=["tokens", "create", "koppeling@example.org", "--days", "7"])
    assert created.exit_code == 0, created.output
    token = created.output.strip().splitlines()[-1]
    row = row_of(db, token)
    assert row.expires_at - row.created_at == timedelta(days=7)

    listed = runner.invoke(args=["tokens", "list"])
    assert token[:10] in listed.output and "koppeling@example.org" in listed.output
    assert token not in listed.output  # never the whole token

    revoked = runner.invoke(args=["tokens", "revoke", token[:10]])
    assert revoked.exit_code == 0, revoked.output
    assert not works(client, token)
    assert token[:10] not in runner.invoke(args=["tokens", "list"]).output
    assert "revoked" in runner.invoke(args=["tokens", "list", "--all"]).output
    assert user.id == row.user_id


def test_cli_refuses_a_token_for_an_official_without_two_factor(app, db):
    make_user(Role.ADMIN, email="beheer@example.org", totp_enabled=False, totp_secret=None)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["tokens", "create", "beheer@example.org"])
    assert result.exit_code != 0 and "two-factor" in result.output
    assert db.session.scalar(select(ApiToken)) is None


def test_a_user_sees_and_revokes_their_own_tokens(client, db):
    user = make_user()
    token = token_for(user)
    other_token = token_for(make_user())
    login(client, user)
    page = client.get("/account/api-tokens").get_data(as_text=True)
    assert token[:10] in page and other_token[:10] not in page and token not in page

    own_id = row_of(db, token).id
    response = client.post(
        f"/account/api-tokens/{own_id}/intrekken", data={"csrf_token": csrf_token(page)}
    )
    assert response.status_code == 302
    assert not works(client, token)
    assert "U heeft geen tokens die nu werken." in client.get("/account/api-tokens").get_data(
        as_text=True
    )


def test_a_user_cannot_revoke_someone_elses_token(client, db):
    user = make_user()
    other_token = token_for(make_user())
    login(client, user)
    page = client.get("/account/api-tokens").get_data(as_text=True)
    other_id = row_of(db, other_token).id
    response = client.post(
        f"/account/api-tokens/{other_id}/intrekken", data={"csrf_token": csrf_token(page)}
    )
    assert response.status_code == 404
    assert works(client, other_token)


def test_an_official_revoking_a_token_is_audited(client, db):
    official = make_user(Role.MODERATOR)
    token = token_for(official)
    login(client, official)
    page = client.get("/account/api-tokens").get_data(as_text=True)
    assert re.search(r"Token kp_\S+ intrekken", page)
    client.post(
        f"/account/api-tokens/{row_of(db, token).id}/intrekken",
        data={"csrf_token": csrf_token(page)},
    )
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "api_token.revoke"))
    assert event is not None and event.details == {"prefix": token[:10]}
