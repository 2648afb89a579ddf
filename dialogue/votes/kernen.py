"""Common ground per kern: what the opinion groups among one kern's voters all agree with.

A voter belongs to the kern they chose for their own input in this consultation (the most
frequent one); voters without input of their own count for no kern. A kern is shown only
when at least the privacy threshold of its voters are in a group, and within it only groups
with at least that many of its voters count.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
from flask import current_app
from sqlalchemy import select

from dialogue.consultations.models import Consultation
from dialogue.contributions.models import Contribution
from dialogue.extensions import db
from dialogue.municipalities.models import Kern
from dialogue.votes.analysis import analysed_votes
from nlp.common_ground import VoteMatrix, statement_stats

#: Common-ground input listed per kern.
PER_KERN = 3


@dataclass(frozen=True)
class KernCommonGround:
    kern: str
    #: Voters of this kern in a group (at least the privacy threshold).
    voters: int
    #: Common-ground input of this kern: (id, text), highest consensus first.
    statements: list[tuple[int, str]]

    @property
    def texts(self) -> list[str]:
        return [text for _id, text in self.statements]


def voter_kernen(consultation: Consultation) -> dict[int, str]:
    """The kern of each resident with input of their own in the consultation."""
    rows = db.session.execute(
        select(Contribution.author_id, Kern.name)
        .join(Kern, Kern.id == Contribution.kern_id)
        .where(Contribution.consultation_id == consultation.id, Contribution.author_id.is_not(None))
    ).all()
    chosen: dict[int, Counter[str]] = {}
    for author, kern in rows:
        chosen.setdefault(author, Counter())[kern] += 1
    return {author: kerns.most_common(1)[0][0] for author, kerns in chosen.items()}


def common_ground_per_kern(consultation: Consultation) -> list[KernCommonGround]:
    """Per kern with enough grouped voters: its common-ground input, highest consensus first."""
    if not consultation.voting:
        return []
    threshold = int(current_app.config["PRIVACY_THRESHOLD"])
    matrix, analysis = analysed_votes(consultation)
    kernen = voter_kernen(consultation)
    if not kernen or analysis.groups.count == 0:
        return []
    rows_by_kern: dict[str, list[int]] = {}
    for row, user in enumerate(matrix.participants):
        if user in kernen and analysis.groups.labels[row] >= 0:
            rows_by_kern.setdefault(kernen[user], []).append(row)
    texts = _texts(consultation)
    found = []
    for kern, rows in sorted(rows_by_kern.items()):
        if len(rows) < threshold:
            continue
        shared = _kern_common_ground(matrix, analysis.groups.labels, rows, threshold)
        statements = [(int(s), texts[s]) for s in shared[:PER_KERN]]  # type: ignore[call-overload]
        found.append(KernCommonGround(kern, len(rows), statements))
    return found


def _kern_common_ground(
    matrix: VoteMatrix, labels: np.ndarray, rows: list[int], threshold: int
) -> list[object]:
    """Statements every sizeable group among rows agrees with (at least 60%)."""
    part = matrix.subset(rows)
    part_labels = labels[rows]
    sizes = np.bincount(part_labels, minlength=int(labels.max()) + 1)
    kept = [group for group, size in enumerate(sizes) if size >= threshold]
    if not kept:
        return []
    renumber = {group: index for index, group in enumerate(kept)}
    relabelled = np.array([renumber.get(int(g), -1) for g in part_labels])
    stats = statement_stats(part, relabelled, len(kept))
    shared = [s for s in stats if s.is_common_ground]
    shared.sort(key=lambda s: (-s.consensus, -s.agree))
    return [s.statement for s in shared]


def _texts(consultation: Consultation) -> dict[object, str]:
    rows = db.session.execute(
        select(Contribution.id, Contribution.redacted_text, Contribution.text).where(
            Contribution.consultation_id == consultation.id
        )
    ).all()
    return {item: redacted or text for item, redacted, text in rows}
