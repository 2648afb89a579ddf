"""Import a Pol.is export folder (comments.csv, votes.csv) as a closed consultation with votes.

Participants become anonymous residents of that consultation: no e-mail address, no
password, a pseudonym "Pol.is-deelnemer <id>" that is never shown with their input.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert, select

from dialogue.accounts.models import Role, User
from dialogue.audit.services import record
from dialogue.consultations.models import Consultation, ConsultationStatus
from dialogue.consultations.services import unique_slug
from dialogue.contributions.fingerprint import text_fingerprint
from dialogue.contributions.models import Channel, Contribution, ContributionStatus
from dialogue.extensions import db
from dialogue.municipalities.models import Municipality
from dialogue.votes.models import Vote, VoteValue

_VOTES = {"1": VoteValue.AGREE, "-1": VoteValue.DISAGREE, "0": VoteValue.PASS}
#: Pseudonym of an imported participant; the import and the evaluation read it back.
PARTICIPANT_NAME = "Pol.is-deelnemer {}"


class PolisFormatError(ValueError):
    """The folder is not a Pol.is export this import understands."""


@dataclass(frozen=True)
class PolisImport:
    consultation: Consultation
    contributions: int
    participants: int
    votes: int


def _moment(epoch_ms: str) -> datetime:
    return datetime.fromtimestamp(int(epoch_ms) / 1000, tz=UTC).replace(tzinfo=None)


def _rows(path: Path, required: set[str]) -> list[dict[str, str]]:
    if not path.is_file():
        raise PolisFormatError(f"{path.name} is missing in {path.parent}")
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = required - set(reader.fieldnames or [])
        if missing:
            raise PolisFormatError(f"{path.name} lacks the columns {', '.join(sorted(missing))}")
        return list(reader)


def _latest_votes(rows: list[dict[str, str]]) -> dict[tuple[str, str], tuple[str, str]]:
    """The last vote of every participant on every comment: (voter, comment) → (vote, time)."""
    latest: dict[tuple[str, str], tuple[str, str]] = {}
    for row in sorted(rows, key=lambda r: int(r["timestamp"])):
        if row["vote"] in _VOTES:
            latest[(row["voter-id"], row["comment-id"])] = (row["vote"], row["timestamp"])
    return latest


def import_polis(folder: Path, municipality: Municipality) -> PolisImport:
    """Create the closed consultation, its input and its votes; the caller commits."""
    comments = _rows(
        folder / "comments.csv",
        {"timestamp", "comment-id", "author-id", "moderated", "comment-body"},
    )
    votes = _latest_votes(
        _rows(folder / "votes.csv", {"timestamp", "comment-id", "voter-id", "vote"})
    )
    consultation = Consultation(
        municipality_id=municipality.id,
        slug=unique_slug(municipality.id, f"polis-{folder.name}"),
        title=f"Pol.is: {folder.name}"[:160],
        question="Geïmporteerd uit Pol.is: stemmen op elkaars uitspraken.",
        description=f"Gesprek '{folder.name}', geïmporteerd uit een Pol.is-export.",
        status=ConsultationStatus.CLOSED,
        voting=True,
    )
    db.session.add(consultation)
    db.session.flush()
    participants = {row["author-id"] for row in comments} | {voter for voter, _ in votes}
    users = _anonymous_residents(sorted(participants, key=_numeric))
    items = _contributions(consultation, comments, users)
    db.session.execute(
        insert(Vote),
        [
            {
                "contribution_id": items[comment],
                "user_id": users[voter],
                "value": _VOTES[vote],
                "created_at": _moment(moment),
                "updated_at": _moment(moment),
            }
            for (voter, comment), (vote, moment) in votes.items()
            if comment in items
        ],
    )
    record(
        "consultation.import_polis",
        consultation,
        details={"folder": folder.name, "comments": len(items), "votes": len(votes)},
    )
    return PolisImport(consultation, len(items), len(users), len(votes))


def _numeric(value: str) -> tuple[int, str]:
    return (int(value), value) if value.isdigit() else (1 << 62, value)


def _anonymous_residents(participant_ids: list[str]) -> dict[str, int]:
    names = [PARTICIPANT_NAME.format(pid) for pid in participant_ids]
    db.session.execute(
        insert(User),
        [{"display_name": name, "role": Role.RESIDENT, "email": None} for name in names],
    )
    # The newest user with each pseudonym is the one just made (an earlier import may share it).
    found = db.session.execute(
        select(User.display_name, User.id).where(User.display_name.in_(names)).order_by(User.id)
    ).all()
    by_name = dict(found)
    return {pid: by_name[name] for pid, name in zip(participant_ids, names, strict=True)}


def _contributions(
    consultation: Consultation, comments: list[dict[str, str]], users: dict[str, int]
) -> dict[str, int]:
    """Store every comment; those the Pol.is moderator removed (-1) are rejected."""
    rows = []
    for row in comments:
        text = row["comment-body"].strip()
        if not text:
            continue
        moment = _moment(row["timestamp"])
        published = row["moderated"] != "-1"
        rows.append(
            {
                "consultation_id": consultation.id,
                "author_id": users[row["author-id"]],
                "text": text,
                "text_fingerprint": text_fingerprint(text),
                "channel": Channel.WEB,
                "status": ContributionStatus.PUBLISHED
                if published
                else ContributionStatus.REJECTED,
                "client_ref": f"polis:{row['comment-id']}",
                "created_at": moment,
                "updated_at": moment,
                "published_at": moment if published else None,
            }
        )
    if rows:
        db.session.execute(insert(Contribution), rows)
    found = db.session.execute(
        select(Contribution.client_ref, Contribution.id).where(
            Contribution.consultation_id == consultation.id
        )
    ).all()
    return {ref.removeprefix("polis:"): item for ref, item in found if ref}
