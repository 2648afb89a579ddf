"""Compare Kernpunt's opinion groups and common ground with Pol.is's own, on an imported export.

ARI: Kernpunt's groups against the group-id Pol.is gave each participant
(participants-votes.csv), over the participants both clustered. Top-10 overlap: Kernpunt's
ten input with the highest group-informed consensus against the ten highest by the same
formula computed on Pol.is's groups.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sqlalchemy import select

from dialogue.accounts.models import User
from dialogue.consultations.models import Consultation
from dialogue.extensions import db
from dialogue.votes.analysis import analysed_votes
from dialogue.votes.polis import PARTICIPANT_NAME
from nlp.common_ground import statement_stats

TOP = 10


@dataclass(frozen=True)
class PolisComparison:
    participants: int
    statements: int
    votes: int
    kernpunt_groups: int
    polis_groups: int
    compared: int
    ari: float
    top_overlap: int


def polis_groups(folder: Path) -> dict[str, str]:
    """Pol.is's group-id per participant id (participants without a group are left out)."""
    with (folder / "participants-votes.csv").open(newline="", encoding="utf-8") as handle:
        return {
            row["participant"]: row["group-id"]
            for row in csv.DictReader(handle)
            if row.get("group-id", "").strip() != ""
        }


def compare_with_polis(consultation: Consultation, folder: Path) -> PolisComparison:
    """Compare the analysis of an imported consultation with Pol.is's groups in folder."""
    matrix, analysis = analysed_votes(consultation)
    names = dict(
        db.session.execute(
            select(User.id, User.display_name).where(User.id.in_(matrix.participants))
        ).all()
    )
    prefix = PARTICIPANT_NAME.format("")
    theirs = polis_groups(folder)
    polis_ids = [names[user].removeprefix(prefix) for user in matrix.participants]
    their_labels = sorted(set(theirs.values()))
    polis_labels = np.array(
        [their_labels.index(theirs[p]) if p in theirs else -1 for p in polis_ids]
    )
    ours = analysis.groups.labels
    both = (ours >= 0) & (polis_labels >= 0)
    from sklearn.metrics import adjusted_rand_score  # a CLI command's need, not the web's

    ari = float(adjusted_rand_score(polis_labels[both], ours[both])) if both.any() else 0.0
    reference = statement_stats(matrix, polis_labels, len(their_labels))
    ranked = sorted((s for s in reference if s.votes), key=lambda s: (-s.consensus, -s.agree))
    top_theirs = {s.statement for s in ranked[:TOP]}
    top_ours = {s.statement for s in analysis.statements[:TOP]}
    return PolisComparison(
        participants=len(matrix.participants),
        statements=len(matrix.statements),
        votes=matrix.vote_count,
        kernpunt_groups=analysis.groups.count,
        polis_groups=len(their_labels),
        compared=int(both.sum()),
        ari=ari,
        top_overlap=len(top_theirs & top_ours),
    )
