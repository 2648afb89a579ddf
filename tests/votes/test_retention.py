"""Voters without an account who never voted are erased after the unconfirmed-input period."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from dialogue.accounts.models import User
from dialogue.audit.models import AuditEvent
from dialogue.contributions.retention import unconfirmed_retention
from dialogue.extensions import db as database
from dialogue.mail.links import CONFIRM_VOTING, MailLink, issue_link_token
from dialogue.timeutil import utcnow
from dialogue.votes.anonymous import voting_link_token
from dialogue.votes.models import AnonymousVoter, Vote, VoteValue
from dialogue.votes.retention import purge_voters_without_votes
from tests.factories import make_consultation, make_contribution


def _voter(consultation, address: str, *, days_old: float) -> AnonymousVoter:
    voting_link_token(consultation, address)
    voter = database.session.scalars(
        select(AnonymousVoter).order_by(AnonymousVoter.id.desc())
    ).first()
    then = utcnow() - timedelta(days=days_old)
    voter.created_at = then
    for link in database.session.scalars(select(MailLink).where(MailLink.user_id == voter.user_id)):
        link.created_at = then
    return voter


def test_voters_without_votes_go_after_the_period_the_others_stay(app, db):
    consultation = make_consultation(voting=True)
    item = make_contribution(consultation=consultation, text="Meer bomen in de straat.")
    voted = _voter(consultation, "stemde@example.org", days_old=30)
    database.session.add(
        Vote(contribution_id=item.id, user_id=voted.user_id, value=VoteValue.AGREE)
    )
    stale = _voter(consultation, "stemde.niet@example.org", days_old=10)
    fresh = _voter(consultation, "net.gevraagd@example.org", days_old=2)
    # Asked again for a link two days ago: the period starts again.
    relinked = _voter(consultation, "opnieuw@example.org", days_old=30)
    issue_link_token(CONFIRM_VOTING, bound_to=relinked.email_digest, user_id=relinked.user_id)
    database.session.flush()
    kept = {voted.user_id, fresh.user_id, relinked.user_id}
    stale_user = stale.user_id

    assert purge_voters_without_votes() == 1
    database.session.commit()
    database.session.expire_all()
    assert database.session.get(User, stale_user) is None
    assert {v.user_id for v in database.session.scalars(select(AnonymousVoter))} == kept
    assert {u.id for u in database.session.scalars(select(User))} >= kept
    assert database.session.scalars(select(Vote.user_id)).all() == [voted.user_id]
    event = database.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "vote.purge_voters_without_votes")
    ).one()
    assert event.details["deleted"] == 1 and event.actor_id is None
    # Nothing left to do: no second event.
    assert purge_voters_without_votes() == 0


def test_the_boundary_is_the_unconfirmed_input_period(app, db):
    consultation = make_consultation(voting=True)
    voter = _voter(consultation, "grens@example.org", days_old=0)
    created = voter.created_at
    retention = unconfirmed_retention()
    assert purge_voters_without_votes(now=created + retention) == 0
    assert purge_voters_without_votes(now=created + retention + timedelta(seconds=1)) == 1
