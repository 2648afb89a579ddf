"""Vote rules: one per resident per input, changeable while open, refused otherwise."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from dialogue.accounts.models import Role
from dialogue.consultations.models import ConsultationStatus
from dialogue.contributions.models import ContributionStatus
from dialogue.contributions.validation import InvalidInput
from dialogue.extensions import db as database
from dialogue.votes.models import Vote, VoteValue
from dialogue.votes.services import (
    NotAResident,
    VoteNotPossible,
    VotingClosed,
    cast_vote,
    next_to_vote_on,
    parse_vote,
)
from tests.factories import make_consultation, make_contribution, make_user


def _votes() -> int:
    return database.session.scalar(select(func.count(Vote.id)))


def test_one_vote_per_resident_and_a_second_vote_changes_it(db):
    contribution = make_contribution(consultation=make_consultation(voting=True))
    resident = make_user()

    cast_vote(contribution, resident, VoteValue.AGREE)
    changed = cast_vote(contribution, resident, VoteValue.DISAGREE)

    assert _votes() == 1
    assert changed.value == VoteValue.DISAGREE
    cast_vote(contribution, make_user(), VoteValue.PASS)
    assert _votes() == 2


@pytest.mark.parametrize(
    "consultation",
    [{"voting": False}, {"voting": True, "status": ConsultationStatus.CLOSED}],
    ids=["voting-off", "closed"],
)
def test_closed_consultation_or_voting_off_is_refused(db, consultation):
    contribution = make_contribution(consultation=make_consultation(**consultation))
    with pytest.raises(VotingClosed):
        cast_vote(contribution, make_user(), VoteValue.AGREE)
    assert _votes() == 0


@pytest.mark.parametrize(
    "status", [s for s in ContributionStatus if s != ContributionStatus.PUBLISHED]
)
def test_input_that_is_not_published_is_refused(db, status):
    contribution = make_contribution(consultation=make_consultation(voting=True), status=status)
    with pytest.raises(VoteNotPossible):
        cast_vote(contribution, make_user(), VoteValue.AGREE)


def test_officials_and_unconfirmed_residents_do_not_vote(db):
    contribution = make_contribution(consultation=make_consultation(voting=True))
    for user in (make_user(Role.MODERATOR), make_user(email_confirmed_at=None)):
        with pytest.raises(NotAResident):
            cast_vote(contribution, user, VoteValue.AGREE)


@pytest.mark.parametrize("raw", ["yes", "AGREE", "", None, 1, ["agree"]])
def test_wrong_values_are_refused(raw):
    with pytest.raises(InvalidInput):
        parse_vote(raw)


def test_next_input_is_the_newest_not_yet_voted_and_least_voted(db):
    consultation = make_consultation(voting=True)
    popular = make_contribution(consultation=consultation, text="Meer bankjes in het park.")
    quiet = make_contribution(consultation=consultation, text="Een pinautomaat in het dorp.")
    resident = make_user()
    cast_vote(popular, make_user(), VoteValue.AGREE)

    first, remaining = next_to_vote_on(consultation, resident)
    assert (first, remaining) == (quiet, 2)
    cast_vote(quiet, resident, VoteValue.PASS)
    assert next_to_vote_on(consultation, resident) == (popular, 1)
    cast_vote(popular, resident, VoteValue.AGREE)
    assert next_to_vote_on(consultation, resident) == (None, 0)
