"""A voter without an account sees, downloads and erases their votes through a mailed link."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from sqlalchemy import func, select, update

from dialogue.accounts.models import User
from dialogue.extensions import db as database
from dialogue.mail import OutboxMessage
from dialogue.mail.links import MANAGE_VOTES, MailLink
from dialogue.timeutil import utcnow
from dialogue.votes.analysis import vote_state
from dialogue.votes.models import AnonymousVoter, Vote
from tests.factories import make_consultation, make_contribution
from tests.helpers import csrf_token, post_form, show_url, text_of
from tests.votes.test_anonymous import _confirmed_client, _link, _vote

VOTER = "mijn.stem@example.org"
OTHER = "ander@example.org"


def _world(app):
    consultation = make_consultation(voting=True)
    mine = make_contribution(consultation=consultation, text="Een zebrapad bij de school.")
    theirs = make_contribution(consultation=consultation, text="Minder parkeerplaatsen.")
    database.session.commit()
    client = _confirmed_client(app, _link(app, consultation, VOTER))
    assert _vote(client, consultation, mine, "agree").status_code == 302
    other = _confirmed_client(app, _link(app, consultation, OTHER))
    assert _vote(other, consultation, theirs, "disagree").status_code == 302
    return consultation, mine, theirs


def _ask(app, consultation, address: str):
    """Ask for the link to one's votes as a new visitor; return the answer page's text."""
    client = app.test_client()
    page = f"{show_url(consultation)}/stemmen/mijn-stemmen"
    answer = post_form(client, page, {"email": address}, page=page)
    assert answer.status_code == 302
    return text_of(client.get(answer.location))


def _manage_link(app, consultation, address: str = VOTER) -> str:
    _ask(app, consultation, address)
    mail = database.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    assert mail.recipient == address
    return re.search(r"https?://[^/\s]+(/stemmen/mijn-stemmen/\S+)", mail.body).group(1)


def test_the_link_is_on_the_page_and_the_answer_never_tells_whether_the_address_voted(app, db):
    consultation, _mine, _theirs = _world(app)
    page = text_of(app.test_client().get(f"{show_url(consultation)}/stemmen/e-mail"))
    assert "Mijn stemmen bekijken of wissen" in page
    mails = database.session.scalar(select(func.count(OutboxMessage.id)))
    unknown = _ask(app, consultation, "nooit.gestemd@example.org")
    assert database.session.scalar(select(func.count(OutboxMessage.id))) == mails  # no mail
    known = _ask(app, consultation, VOTER)
    assert database.session.scalar(select(func.count(OutboxMessage.id))) == mails + 1
    message = "Heeft u met dit e-mailadres gestemd? Dan krijgt u een e-mail"
    assert message in unknown and message in known


def test_the_page_shows_only_this_voters_votes_and_the_download(app, db):
    consultation, mine, _theirs = _world(app)
    link = _manage_link(app, consultation)
    votes_before = database.session.scalar(select(func.count(Vote.id)))
    page = text_of(app.test_client().get(link))
    assert "Een zebrapad bij de school." in page and "Eens" in page
    assert "Minder parkeerplaatsen." not in page
    assert "Wis mijn stemmen" in page
    assert database.session.scalar(select(func.count(Vote.id))) == votes_before  # GET wrote nothing

    download = app.test_client().get(f"{link}/download")
    assert download.status_code == 200 and download.mimetype == "application/json"
    assert "attachment" in download.headers["Content-Disposition"]
    data = json.loads(download.get_data(as_text=True))
    assert data["consultation_id"] == consultation.id
    assert [(v["contribution_id"], v["vote"], v["text"]) for v in data["votes"]] == [
        (mine.id, "agree", "Een zebrapad bij de school.")
    ]
    assert data["votes"][0]["created_at"].endswith("Z")


def test_erasing_removes_the_votes_and_the_voter_and_the_common_ground_follows(app, db):
    consultation, _mine, theirs = _world(app)
    link = _manage_link(app, consultation)
    assert vote_state(consultation)[0] == 2
    voter_user = database.session.scalars(
        select(AnonymousVoter.user_id).order_by(AnonymousVoter.id)
    ).first()
    client = app.test_client()
    answer = post_form(client, link, {}, page=link)
    assert answer.status_code == 302
    assert "Uw stemmen zijn gewist." in text_of(client.get(answer.location))
    database.session.expire_all()
    assert database.session.get(User, voter_user) is None
    assert database.session.scalars(select(Vote.contribution_id)).all() == [theirs.id]
    assert database.session.scalar(select(func.count(AnonymousVoter.id))) == 1
    assert vote_state(consultation)[0] == 1  # the analysis's cache key changes
    # The link no longer names a voter.
    assert "Deze link klopt niet" in text_of(app.test_client().get(link))


def test_a_post_without_csrf_erases_nothing(app, db):
    consultation, _mine, _theirs = _world(app)
    link = _manage_link(app, consultation)
    assert app.test_client().post(link, data={}).status_code == 400
    assert database.session.scalar(select(func.count(Vote.id))) == 2


def test_invalid_and_expired_links(app, db):
    consultation, _mine, _theirs = _world(app)
    client = app.test_client()
    invalid = client.get("/stemmen/mijn-stemmen/geen-echte-link")
    assert invalid.status_code == 404 and "Deze link klopt niet" in text_of(invalid)
    assert client.get("/stemmen/mijn-stemmen/geen-echte-link/download").status_code == 404
    link = _manage_link(app, consultation)
    database.session.execute(
        update(MailLink)
        .where(MailLink.purpose == MANAGE_VOTES)
        .values(created_at=utcnow() - timedelta(days=3))
    )
    database.session.commit()
    expired = client.get(link)
    assert expired.status_code == 410 and "Deze link is verlopen" in text_of(expired)
    assert client.get(f"{link}/download").status_code == 410
    # A voting link is not a link to one's votes.
    voting = _link(app, consultation, VOTER).replace(
        "/stemmen/bevestigen/", "/stemmen/mijn-stemmen/"
    )
    assert client.get(voting).status_code == 404


def test_asking_for_the_link_is_limited_per_ip_address(make_app):
    app = make_app(RATELIMIT_ENABLED=True, AUTH_RATE_LIMIT="2 per 10 minutes")
    with app.app_context():
        consultation = make_consultation(voting=True)
        database.session.commit()
        page = f"{show_url(consultation)}/stemmen/mijn-stemmen"
    client = app.test_client()
    form = {"csrf_token": csrf_token(client, page), "email": VOTER}
    assert [client.post(page, data=form).status_code for _ in range(3)] == [302, 302, 429]
