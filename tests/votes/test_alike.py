"""Many accounts voting alike: flagged for officials by a rule they can check, never public."""

from __future__ import annotations

from datetime import timedelta

import numpy as np

from dialogue.accounts.models import Role
from dialogue.extensions import db as database
from dialogue.timeutil import utcnow
from dialogue.votes.alike import (
    AlikeVoters,
    alike_voters,
    identical_voters,
    made_close_together,
)
from dialogue.votes.models import VoteValue
from dialogue.votes.services import cast_vote
from nlp.common_ground import matrix_from_arrays
from tests.factories import make_consultation, make_contribution, make_user
from tests.helpers import show_url

_VALUES = [VoteValue.AGREE, VoteValue.DISAGREE, VoteValue.PASS]


def _world(analyst=None):
    """A consultation of 12 inputs with a campaign, a near-campaign and ordinary residents."""
    municipality = {"municipality": analyst.municipality} if analyst else {}
    consultation = make_consultation(voting=True, **municipality)
    items = [
        make_contribution(consultation=consultation, text=f"Voorstel {n} voor het dorp.")
        for n in range(12)
    ]
    now = utcnow()
    rng = np.random.default_rng(1)

    def voter(made_hours_ago: float, votes: list[VoteValue]) -> None:
        resident = make_user(created_at=now - timedelta(hours=made_hours_ago))
        for item, value in zip(items, votes, strict=False):
            cast_vote(item, resident, value)

    campaign = [VoteValue.AGREE] * 6 + [VoteValue.DISAGREE] * 6
    for n in range(8):  # eight accounts made within two hours, the same twelve votes
        voter(30 + n / 4, campaign)
    for n in range(4):  # too few to flag, though made together and alike
        voter(60 + n / 4, [VoteValue.PASS] * 12)
    for n in range(6):  # alike on only nine inputs
        voter(90 + n / 4, [VoteValue.DISAGREE] * 9)
    for n in range(6):  # alike, but their accounts were made weeks apart
        voter(24 * 7 * (n + 1), [VoteValue.AGREE] * 12)
    for n in range(20):  # ordinary residents, over months
        voter(24 * 10 * n + 5, [_VALUES[v] for v in rng.integers(0, 3, size=12)])
    database.session.commit()
    return consultation


def test_only_enough_accounts_made_together_with_the_same_votes_on_enough_input_are_flagged(db):
    flags = alike_voters(_world())

    assert [(f.accounts, f.statements) for f in flags] == [(8, 12)]
    assert flags[0].made_within == timedelta(hours=1, minutes=45) and flags[0].hours == 2


def test_most_accounts_made_within_the_window():
    start = utcnow()
    moments = [start + timedelta(hours=h) for h in (0, 1, 30, 31, 32, 80)]
    assert made_close_together(moments, timedelta(hours=24)) == (3, timedelta(hours=2))
    assert made_close_together([], timedelta(hours=24)) == (0, timedelta(0))


def test_officials_see_the_flag_in_plain_dutch_and_the_public_never(client, db, as_user):
    analyst = make_user(Role.ANALYST)
    consultation = _world(analyst)
    as_user(analyst)

    dashboard = client.get(f"/werkplek/raadplegingen/{consultation.id}/dashboard")
    text = dashboard.get_data(as_text=True)

    assert "8 accounts stemden precies hetzelfde op 12 stukken inbreng." in text
    assert "binnen 2 uur na elkaar aangemaakt" in text and "Dat kan toeval zijn." in text
    client.post("/uitloggen")
    public = client.get(f"{show_url(consultation)}/wat-verbindt-ons").get_data(as_text=True)
    api = client.get(f"/api/v1/consultations/{consultation.id}/common-ground").get_data(
        as_text=True
    )
    assert "precies hetzelfde" not in public and "alike" not in api


def test_no_flag_without_voting(db):
    assert alike_voters(make_consultation(voting=False)) == []
    assert AlikeVoters(5, 10, timedelta(minutes=1)).hours == 1


def _dense_identical(dense: np.ndarray, participants: list, min_statements: int) -> list[list]:
    """The earlier way: dense rows with 9 for no vote, np.unique over the rows."""
    voted = ~np.isnan(dense)
    rows = np.flatnonzero(voted.sum(axis=1) >= min_statements)
    prints = np.where(voted[rows], dense[rows], 9.0)
    _unique, inverse, counts = np.unique(prints, axis=0, return_inverse=True, return_counts=True)
    inverse = inverse.reshape(-1)
    return [
        [participants[r] for r in rows[inverse == same]] for same in np.flatnonzero(counts >= 2)
    ]


def test_identical_voters_from_the_sparse_votes_equal_the_dense_rows_in_the_same_order():
    rng = np.random.default_rng(4)
    dense = rng.choice([1.0, -1.0, 0.0, np.nan], p=[0.2, 0.2, 0.1, 0.5], size=(60, 14))
    dense[10:15] = dense[3]  # planted sets, one of them a prefix of another's votes
    dense[20:23] = dense[40]
    dense[30:33], dense[33:35] = dense[50], dense[50]
    dense[33:35, 13] = np.nan
    dense[30:33, 13] = 1.0
    dense[5:8] = np.nan
    rows, columns = np.nonzero(~np.isnan(dense))
    matrix = matrix_from_arrays(rows + 100, columns, dense[rows, columns])
    participants = list(range(100, 160))
    for minimum in (1, 5, 8):
        expected = _dense_identical(dense, participants, minimum)
        assert identical_voters(matrix, minimum) == expected
    assert len(identical_voters(matrix, 1)) >= 4
