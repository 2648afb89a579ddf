"""Token use is recorded at most once per minute, to spare writes under load."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from dialogue.accounts.models import ApiToken
from dialogue.accounts.services import API_TOKEN_TOUCH_INTERVAL, user_for_api_token
from tests.api.helpers import token_for
from tests.factories import make_user


def test_last_used_at_is_written_at_most_once_per_interval(db):
    user = make_user()
    token = token_for(user)
    row = db.session.scalar(select(ApiToken).filter_by(user_id=user.id))
    assert row.last_used_at is None

    assert user_for_api_token(token) == user
    first = row.last_used_at
    assert first is not None
    db.session.commit()

    user_for_api_token(token)
    assert row.last_used_at == first
    assert not db.session.dirty

    row.last_used_at = first - API_TOKEN_TOUCH_INTERVAL - timedelta(seconds=1)
    db.session.commit()
    user_for_api_token(token)
    assert row.last_used_at > first - timedelta(seconds=1)


def test_unknown_token_finds_nobody(db):
    make_user()
    assert user_for_api_token("kp_unknown") is None
