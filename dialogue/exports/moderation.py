"""Moderation figures of the council report: standard reasons only, never moderators' notes.

A decision's stored reason is what the author read: the chosen standard reason followed by the
moderator's own note (`compose_status_reason`). The note may hold anything, including personal
details, so the report keeps only the standard part and counts everything else as one neutral
"Andere reden".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import func, select

from dialogue.consultations.models import Consultation
from dialogue.contributions.models import Contribution, ContributionStatus
from dialogue.extensions import db
from dialogue.moderation.models import Decision, ModerationDecision, ModerationReason
from dialogue.moderation.reasons import compose_status_reason

#: Decisions that take input off the site; the report counts their reasons.
REMOVING_DECISIONS = (Decision.HIDE, Decision.REJECT)
#: Statuses such a decision leaves behind.
REMOVED_STATUSES = (ContributionStatus.HIDDEN, ContributionStatus.REJECTED)


def removal_reason_counts(consultation: Consultation, scope: list) -> dict[str, int]:
    """Count input hidden or rejected now, by the standard reason of its latest decision.

    `scope` holds the report's WHERE clauses on Contribution (dates, kernen, themes). Reasons
    follow the order of the municipality's reason list; "Andere reden" comes last.
    """
    labels_by_prefix = standard_reason_prefixes(consultation.municipality_id)
    counts = Counter(
        standard_reason(text, labels_by_prefix)
        for text in _current_removal_reasons(consultation, scope)
    )
    other = counts.pop(None, 0)
    ordered = {label: counts[label] for label in labels_by_prefix.values() if counts[label]}
    if other:
        other_label = _("Andere reden")
        ordered[other_label] = ordered.get(other_label, 0) + other
    return ordered


def standard_reason_prefixes(municipality_id: int) -> dict[str, str]:
    """Return how each reason of the list starts a stored reason, mapped to its label.

    Removed reasons are included: decisions made while they were offered still count.
    """
    reasons = db.session.scalars(
        select(ModerationReason)
        .where(ModerationReason.municipality_id == municipality_id)
        .order_by(ModerationReason.position, ModerationReason.id)
    )
    prefixes: dict[str, str] = {}
    for reason in reasons:
        prefix = compose_status_reason(reason, None)
        if prefix and reason.label.strip(" ."):
            prefixes.setdefault(prefix, reason.label)
    return prefixes


def standard_reason(text: str | None, labels_by_prefix: dict[str, str]) -> str | None:
    """Return the label of the standard reason a stored reason starts with, else None."""
    if not text:
        return None
    # compose_status_reason puts exactly one space between the reason and the note.
    matches = [p for p in labels_by_prefix if text == p or text.startswith(p + " ")]
    return labels_by_prefix[max(matches, key=len)] if matches else None


def _current_removal_reasons(consultation: Consultation, scope: list) -> Iterable[str | None]:
    """Yield the reason of each in-scope contribution whose latest decision removed it."""
    latest = (
        select(func.max(ModerationDecision.id))
        .join(Contribution, ModerationDecision.contribution_id == Contribution.id)
        .where(Contribution.consultation_id == consultation.id, *scope)
        .group_by(ModerationDecision.contribution_id)
    )
    return db.session.scalars(
        select(ModerationDecision.reason)
        .join(Contribution, ModerationDecision.contribution_id == Contribution.id)
        .where(
            ModerationDecision.id.in_(latest),
            ModerationDecision.decision.in_(REMOVING_DECISIONS),
            # A later change without a decision (the author withdrew it) also ends the removal.
            Contribution.status.in_(REMOVED_STATUSES),
        )
    )
