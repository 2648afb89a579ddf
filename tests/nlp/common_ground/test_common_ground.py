"""Opinion groups and common ground on a constructed matrix with two known camps."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import adjusted_rand_score

from nlp.common_ground import AGREE, DISAGREE, PASS, analyse, build_matrix
from nlp.common_ground.consensus import group_informed_consensus
from nlp.common_ground.groups import clustered_participants

SHARED = [f"shared-{i}" for i in range(6)]
CAMP_A = [f"a-{i}" for i in range(8)]
CAMP_B = [f"b-{i}" for i in range(8)]


def _two_camps(seed: int = 1, per_camp: int = 40, missing: float = 0.2):
    """Camp A agrees with a-*, disagrees with b-*; camp B the reverse; both agree with shared-*."""
    rng = np.random.default_rng(seed)
    votes, truth = [], {}
    for camp in ("A", "B"):
        for person in range(per_camp):
            participant = f"{camp}{person}"
            truth[participant] = camp
            for statement in SHARED + CAMP_A + CAMP_B:
                if rng.random() < missing:
                    continue
                if statement.startswith("shared"):
                    likely = AGREE
                else:
                    own = statement.startswith(camp.lower())
                    likely = AGREE if own else DISAGREE
                roll = rng.random()
                value = likely if roll < 0.85 else (PASS if roll < 0.93 else -likely)
                votes.append((participant, statement, value))
    return votes, truth


def test_two_camps_are_found_and_shared_statements_are_common_ground():
    votes, truth = _two_camps()
    matrix = build_matrix(votes)
    result = analyse(matrix)

    assert result.groups.count == 2
    found = result.groups.labels[[matrix.participants.index(p) for p in truth]]
    assert adjusted_rand_score(list(truth.values()), found) > 0.9
    common = {s.statement for s in result.common_ground}
    divisive = {s.statement for s in result.divisive}
    assert common == set(SHARED)
    assert divisive == set(CAMP_A + CAMP_B)
    assert {s.statement for s in result.statements[: len(SHARED)]} == set(SHARED)


def test_consensus_is_the_product_of_smoothed_group_agreement():
    agree = np.array([[3.0], [1.0]])
    seen = np.array([[4.0], [2.0]])
    assert group_informed_consensus(agree, seen)[0] == (4 / 6) * (2 / 4)


def test_participants_with_too_few_votes_stay_out_of_the_groups():
    votes, _truth = _two_camps(missing=0.0)
    votes += [("lurker", "shared-0", AGREE), ("lurker", "a-1", DISAGREE)]
    matrix = build_matrix(votes)
    result = analyse(matrix)

    lurker = matrix.participants.index("lurker")
    assert not clustered_participants(matrix)[lurker]
    assert result.groups.labels[lurker] == -1
    assert sum(result.groups.sizes) == len(matrix.participants) - 1


def test_unanimous_votes_make_no_groups():
    votes = [(f"p{i}", f"s{j}", AGREE) for i in range(10) for j in range(8)]
    result = analyse(build_matrix(votes))
    assert result.groups.count == 0
    assert result.divisive == []
