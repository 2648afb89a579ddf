"""Votes count against VOTE_RATE_LIMIT per account, the website and the API together."""

from __future__ import annotations

from sqlalchemy import func, select

from dialogue.extensions import db
from dialogue.votes.models import Vote
from tests.api.helpers import bearer, token_for
from tests.conftest import login
from tests.factories import make_consultation, make_contribution, make_user
from tests.helpers import csrf_token, show_url


def test_votes_over_the_limit_are_refused_on_the_web_and_in_the_api(make_app):
    app = make_app(RATELIMIT_ENABLED=True, VOTE_RATE_LIMIT="2 per 10 minutes")
    with app.app_context():
        consultation = make_consultation(voting=True)
        items = [
            make_contribution(consultation=consultation, text=f"Voorstel nummer {n} voor het dorp.")
            for n in range(3)
        ]
        resident, other = make_user(), make_user()
        db.session.commit()
        token = token_for(resident)
        page = f"{show_url(consultation)}/stemmen"
        client = login(app.test_client(), resident)
        ids = [item.id for item in items]
    form = {"csrf_token": csrf_token(client, page), "vote": "agree"}

    assert client.post(f"/inbreng/{ids[0]}/stem", data=form).status_code == 302
    api = app.test_client()
    assert (
        api.put(
            f"/api/v1/contributions/{ids[1]}/vote", json={"vote": "pass"}, headers=bearer(token)
        ).status_code
        == 200
    )
    refused = api.put(
        f"/api/v1/contributions/{ids[2]}/vote", json={"vote": "pass"}, headers=bearer(token)
    )
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert client.post(f"/inbreng/{ids[2]}/stem", data=form).status_code == 429
    with app.app_context():
        assert db.session.scalar(select(func.count(Vote.id))) == 2
        other_client = login(app.test_client(), db.session.merge(other))
    other_form = {"csrf_token": csrf_token(other_client, page), "vote": "agree"}
    assert other_client.post(f"/inbreng/{ids[2]}/stem", data=other_form).status_code == 302
