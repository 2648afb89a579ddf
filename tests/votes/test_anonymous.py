"""Voting without an account: an e-mail link as for anonymous input, the address not kept."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select, update

from dialogue.accounts.models import User
from dialogue.extensions import db as database
from dialogue.mail import OutboxMessage
from dialogue.mail.links import MailLink
from dialogue.timeutil import utcnow
from dialogue.votes.models import AnonymousVoter, Vote, VoteValue
from tests.factories import make_consultation, make_contribution
from tests.helpers import post_form, show_url, text_of

ADDRESS = "Stemmer@Example.org"


def _link(app, consultation, address: str = ADDRESS) -> str:
    """Ask for a voting link as a new visitor; return the link's path."""
    client = app.test_client()
    page = f"{show_url(consultation)}/stemmen/e-mail"
    answer = post_form(client, page, {"email": address}, page=page)
    assert answer.status_code == 302
    body = database.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    assert body.recipient == address.lower()
    return re.search(r"https?://[^/\s]+(/stemmen/bevestigen/\S+)", body.body).group(1)


def _confirmed_client(app, link: str):
    client = app.test_client()
    assert "Ja, ik wil stemmen" in text_of(client.get(link))
    answer = post_form(client, link, {}, page=link)
    assert answer.status_code == 302 and "/stemmen" in answer.location
    return client


def _vote(client, consultation, item, value: str):
    page = show_url(consultation)
    return post_form(client, f"/inbreng/{item.id}/stem", {"vote": value}, page=page)


def test_a_confirmed_address_votes_once_and_can_change_the_vote(app, db):
    consultation = make_consultation(voting=True)
    item = make_contribution(consultation=consultation, text="Een bankje bij de kerk.")
    database.session.commit()
    stranger = app.test_client()
    assert stranger.get(f"{show_url(consultation)}/stemmen").location.endswith("/stemmen/e-mail")

    link = _link(app, consultation)
    # Before the click nothing can be voted.
    assert _vote(stranger, consultation, item, "agree").location.endswith("/stemmen/e-mail")
    client = _confirmed_client(app, link)
    assert "Een bankje bij de kerk." in text_of(client.get(f"{show_url(consultation)}/stemmen"))
    assert _vote(client, consultation, item, "agree").status_code == 302

    # A second link to the same address (another browser) finds the same voter and vote.
    again = _confirmed_client(app, _link(app, consultation, ADDRESS.lower()))
    _vote(again, consultation, item, "disagree")
    votes = database.session.scalars(select(Vote)).all()
    assert [(v.contribution_id, v.value) for v in votes] == [(item.id, VoteValue.DISAGREE)]
    voter = database.session.scalars(select(AnonymousVoter)).one()
    user = database.session.get(User, voter.user_id)
    # The address is nowhere but in the outbox: not on the voter, not on its user row.
    assert user.email is None and user.password_hash is None and user.email_confirmed_at
    assert ADDRESS.lower() not in voter.email_digest and votes[0].user_id == user.id


def test_the_confirmation_counts_for_one_consultation_only(app, db):
    first = make_consultation(voting=True)
    other = make_consultation(voting=True)
    elsewhere = make_contribution(consultation=other)
    database.session.commit()
    client = _confirmed_client(app, _link(app, first))

    assert _vote(client, other, elsewhere, "agree").location.endswith("/stemmen/e-mail")
    assert database.session.scalars(select(Vote)).all() == []


def test_wrong_and_expired_links_and_closed_voting(app, db):
    consultation = make_consultation(voting=True)
    closed = make_consultation(voting=False)
    database.session.commit()
    link = _link(app, consultation)
    client = app.test_client()

    assert client.get("/stemmen/bevestigen/onzin").status_code == 404
    database.session.execute(update(MailLink).values(created_at=utcnow() - timedelta(days=30)))
    database.session.commit()
    assert client.get(link).status_code == 410
    assert post_form(client, link, {}, page="/").status_code == 410
    page = f"{show_url(closed)}/stemmen/e-mail"
    assert "Stemmen kan bij deze raadpleging niet (meer)." in text_of(client.get(page))
    post_form(client, page, {"email": "iemand@example.org"}, page=page)
    assert len(database.session.scalars(select(AnonymousVoter)).all()) == 1  # the first one's
