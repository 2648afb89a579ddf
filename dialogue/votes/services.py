"""Casting and reading votes: one per resident per published input, changeable while open."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from dialogue.accounts.models import Role, User
from dialogue.consultations.models import Consultation
from dialogue.contributions.models import Contribution, ContributionStatus
from dialogue.contributions.validation import ContributionError, InvalidInput
from dialogue.extensions import db
from dialogue.votes.models import Vote, VoteValue


class VoteNotPossible(ContributionError):
    """The input is not public (any more): there is nothing to vote on."""

    code = "not_found"


class VotingClosed(ContributionError):
    """The consultation is closed, or voting is switched off."""

    code = "closed"


class NotAResident(ContributionError):
    """Only residents with a confirmed e-mail address vote."""

    code = "forbidden"


def parse_vote(raw: object) -> VoteValue:
    """Return the vote for "agree", "disagree" or "pass"; raise InvalidInput for anything else."""
    if isinstance(raw, str) and raw in VoteValue._value2member_map_:
        return VoteValue(raw)
    raise InvalidInput({"vote": _l("Kies eens, oneens of weet ik niet.")})


def published_input(
    contribution_id: int | None, consultation: Consultation | None = None
) -> Contribution | None:
    """Return published input by id (in consultation, when given), or None."""
    item = db.session.get(Contribution, contribution_id) if contribution_id is not None else None
    if item is None or item.status != ContributionStatus.PUBLISHED:
        return None
    if consultation is not None and item.consultation_id != consultation.id:
        return None
    return item


def voting_open(consultation: Consultation) -> bool:
    """Whether residents may vote on the consultation's input now."""
    return consultation.voting and consultation.is_open


def cast_vote(contribution: Contribution, user: User, value: VoteValue) -> Vote:
    """Store or change the user's vote on published input; the caller commits."""
    if user.role != Role.RESIDENT or user.email_confirmed_at is None:
        raise NotAResident(_l("Alleen inwoners met een bevestigd e-mailadres kunnen stemmen."))
    if contribution.status != ContributionStatus.PUBLISHED:
        raise VoteNotPossible(_l("Deze inbreng is niet (meer) openbaar."))
    if not voting_open(contribution.consultation):
        raise VotingClosed(_l("Stemmen kan bij deze raadpleging niet (meer)."))
    vote = own_vote(contribution.id, user.id)
    if vote is not None:
        vote.value = value
        db.session.flush()
        return vote
    try:
        with db.session.begin_nested():
            vote = Vote(contribution_id=contribution.id, user_id=user.id, value=value)
            db.session.add(vote)
    except IntegrityError:
        # A parallel request of the same resident stored a vote first: change that one.
        vote = own_vote(contribution.id, user.id)
        if vote is None:
            raise
        vote.value = value
        db.session.flush()
    return vote


def own_vote(contribution_id: int, user_id: int) -> Vote | None:
    """Return the user's vote on the contribution, if any."""
    return db.session.scalar(
        select(Vote).where(Vote.contribution_id == contribution_id, Vote.user_id == user_id)
    )


def next_to_vote_on(consultation: Consultation, user: User) -> tuple[Contribution | None, int]:
    """Return the published input the user has not voted on yet (newest, then least-voted
    first) and how many such inputs remain."""
    voted = select(Vote.contribution_id).where(Vote.user_id == user.id)
    votes = (
        select(func.count(Vote.id))
        .where(Vote.contribution_id == Contribution.id)
        .correlate(Contribution)
        .scalar_subquery()
    )
    open_items = (
        select(Contribution)
        .where(
            Contribution.consultation_id == consultation.id,
            Contribution.status == ContributionStatus.PUBLISHED,
            Contribution.id.not_in(voted),
        )
        .order_by(func.date(Contribution.published_at).desc(), votes, Contribution.id.desc())
    )
    remaining = db.session.scalar(select(func.count()).select_from(open_items.subquery()))
    return db.session.scalars(open_items.limit(1)).first(), remaining or 0
