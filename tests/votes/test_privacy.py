"""Votes are in the resident's own-data download and are erased with the account."""

from __future__ import annotations

import json

from sqlalchemy import select

from dialogue.extensions import db as _db
from dialogue.votes.models import Vote, VoteValue
from dialogue.votes.services import cast_vote
from tests.factories import PASSWORD, make_consultation, make_contribution, make_user
from tests.helpers import post_form


def _voter_with_votes(app):
    with app.test_request_context():
        consultation = make_consultation(voting=True)
        first = make_contribution(consultation=consultation, text="Meer groen op het plein.")
        second = make_contribution(consultation=consultation, text="Een zebrapad bij school.")
        voter = make_user()
        cast_vote(first, voter, VoteValue.AGREE)
        cast_vote(second, voter, VoteValue.PASS)
        cast_vote(second, make_user(), VoteValue.DISAGREE)
        _db.session.commit()
        return voter, first, second


def test_votes_are_in_the_download_and_the_overview(client, app, as_user):
    voter, first, second = _voter_with_votes(app)
    as_user(voter)
    data = json.loads(client.get("/account/gegevens/download").get_data(as_text=True))
    assert [(v["contribution_id"], v["vote"]) for v in data["votes"]] == [
        (first.id, "agree"),
        (second.id, "pass"),
    ]
    assert "U stemde op 2 teksten" in client.get("/account/gegevens").get_data(as_text=True)


def test_votes_are_erased_with_the_account(client, app, as_user):
    voter, *_ = _voter_with_votes(app)
    voter_id = voter.id
    as_user(voter)
    url = "/account/gegevens/verwijderen"
    response = post_form(client, url, {"password": PASSWORD, "content": "anonymise"}, page=url)
    assert response.status_code == 302
    assert _db.session.scalars(select(Vote).where(Vote.user_id == voter_id)).all() == []
    assert len(_db.session.scalars(select(Vote)).all()) == 1  # the other resident's vote stays
