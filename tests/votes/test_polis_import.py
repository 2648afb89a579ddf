"""flask polis import: a small Pol.is export becomes a closed consultation with input and votes."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import select

from dialogue.accounts.models import User
from dialogue.consultations.models import Consultation, ConsultationStatus
from dialogue.contributions.models import Contribution, ContributionStatus
from dialogue.extensions import db as database
from dialogue.votes.analysis import common_ground_view
from dialogue.votes.models import Vote, VoteValue
from dialogue.votes.polis_evaluation import compare_with_polis
from tests.factories import make_municipality

COMMENTS = [
    ("0", "0", "1", "Everyone needs clean drinking water."),
    ("1", "1", "1", "Tax the polluters more."),
    ("2", "2", "1", "Farmers should decide for themselves."),
    ("3", "0", "-1", "Buy my product at example dot com."),
]


def _write(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def _export(folder: Path) -> Path:
    """Two camps of 6 participants: both agree with comment 0; they split on 1 and 2."""
    folder.mkdir()
    _write(
        folder / "comments.csv",
        [
            "timestamp",
            "datetime",
            "comment-id",
            "author-id",
            "agrees",
            "disagrees",
            "moderated",
            "comment-body",
        ],
        [[1500000000000 + int(c), "x", c, a, 0, 0, m, text] for c, a, m, text in COMMENTS],
    )
    votes, groups = [], []
    for voter in range(12):
        camp = voter % 2
        groups.append([voter, camp])
        ballot = {"0": 1, "1": 1 if camp == 0 else -1, "2": -1 if camp == 0 else 1, "3": 0}
        votes += [[1500000100000 + voter, "x", c, voter, v] for c, v in ballot.items()]
    votes.append([1400000000000, "x", "0", 0, -1])  # an older vote, replaced by the later one
    _write(folder / "votes.csv", ["timestamp", "datetime", "comment-id", "voter-id", "vote"], votes)
    _write(folder / "participants-votes.csv", ["participant", "group-id"], groups)
    return folder


def test_import_makes_a_closed_consultation_of_anonymous_residents(app, db, tmp_path):
    municipality = make_municipality(slug="polisstad")
    database.session.commit()
    folder = _export(tmp_path / "water-talk")

    result = app.test_cli_runner().invoke(
        args=["polis", "import", str(folder), "--municipality", "polisstad"]
    )

    assert result.exit_code == 0, result.output
    assert "Imported 4 input, 12 participants and 48 votes" in result.output
    consultation = database.session.scalar(
        select(Consultation).where(Consultation.municipality_id == municipality.id)
    )
    assert consultation.status == ConsultationStatus.CLOSED and consultation.voting
    items = database.session.scalars(
        select(Contribution).where(Contribution.consultation_id == consultation.id)
    ).all()
    assert sorted(c.status for c in items).count(ContributionStatus.REJECTED) == 1
    authors = database.session.scalars(
        select(User).where(User.id.in_([c.author_id for c in items]))
    ).all()
    assert all(u.email is None and u.password_hash is None for u in authors)
    water = next(c for c in items if c.text.startswith("Everyone"))
    water_votes = database.session.scalars(select(Vote).where(Vote.contribution_id == water.id))
    assert {v.value for v in water_votes} == {VoteValue.AGREE}

    view = common_ground_view(consultation)
    assert [s.text for s in view.common_ground] == ["Everyone needs clean drinking water."]
    assert {s.text for s in view.divisive} == {
        "Tax the polluters more.",
        "Farmers should decide for themselves.",
    }
    comparison = compare_with_polis(consultation, folder)
    assert comparison.ari == 1.0 and comparison.compared == 12


def test_a_folder_without_votes_is_refused_with_a_message(app, db, tmp_path):
    make_municipality(slug="polisdorp")
    database.session.commit()
    folder = _export(tmp_path / "no-votes")
    (folder / "votes.csv").unlink()

    result = app.test_cli_runner().invoke(
        args=["polis", "import", str(folder), "--municipality", "polisdorp"]
    )

    assert result.exit_code != 0
    assert "votes.csv is missing" in result.output
    assert database.session.scalars(select(Consultation)).all() == []
