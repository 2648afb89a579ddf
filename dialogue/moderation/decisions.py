"""Moderators' decisions on input and replies (compare-and-set, one audit event per action)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask import abort
from flask_login import current_user
from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload

from dialogue.accounts.models import User
from dialogue.audit.services import record
from dialogue.consultations.models import Consultation
from dialogue.contributions.models import Contribution, ContributionStatus, Reply, Report
from dialogue.extensions import db
from dialogue.moderation.models import Decision, ModerationDecision
from dialogue.moderation.personal_data import has_personal_data, redacted_version
from dialogue.moderation.queue import report_column, with_input
from dialogue.security import own
from dialogue.themes.analysis import assign_to_theme
from dialogue.timeutil import utcnow

S = ContributionStatus
Moderated = type[Contribution] | type[Reply]

#: The statuses a decision may start from, and the status it leads to.
TRANSITIONS: dict[Decision, tuple[frozenset[S], S]] = {
    Decision.APPROVE: (frozenset({S.PENDING, S.PUBLISHED, S.HIDDEN}), S.PUBLISHED),
    Decision.HIDE: (frozenset({S.PENDING, S.PUBLISHED, S.HIDDEN}), S.HIDDEN),
    Decision.REJECT: (frozenset({S.PENDING, S.PUBLISHED, S.HIDDEN}), S.REJECTED),
    Decision.RESTORE: (frozenset({S.HIDDEN, S.REJECTED}), S.PUBLISHED),
    Decision.REDACT: (frozenset({S.PENDING, S.PUBLISHED, S.HIDDEN}), S.PUBLISHED),
}
#: Decisions that need a reason the author can read.
REASON_REQUIRED = frozenset({Decision.HIDE, Decision.REJECT})
HIDDEN_BY_MODERATOR = "moderator"


@dataclass
class Outcome:
    """What a decision changed, what was decided a moment before, and what did not apply."""

    changed: list[Contribution | Reply] = field(default_factory=list)
    #: Another moderator decided these after the page was loaded: nothing was overwritten.
    conflicts: list[Contribution | Reply] = field(default_factory=list)
    #: The same moderator had just decided these (a second click): nothing was done twice.
    repeated: list[Contribution | Reply] = field(default_factory=list)
    #: The decision does not fit the status (e.g. "restore" on pending input).
    skipped: list[Contribution | Reply] = field(default_factory=list)


def require_own_selection(model: Moderated, ids: list[int]) -> None:
    """Answer 404 unless every id is input (or a reply) of the official's municipality.

    A missing id gets a plain 404; another municipality's id is audited (security.own).
    """
    if not ids:
        return
    owners = db.session.execute(
        with_input(select(model.id, Consultation.municipality_id), model)
        .join(Consultation, Contribution.consultation_id == Consultation.id)
        .where(model.id.in_(ids))
    ).all()
    if len(owners) != len(ids):
        abort(404)
    for item_id, municipality_id in owners:
        if municipality_id != current_user.municipality_id:
            own(model, item_id)


def decide(
    seen: dict[int, ContributionStatus],
    decision: Decision,
    *,
    moderator: User,
    reason: str | None,
    seen_replies: dict[int, ContributionStatus] | None = None,
) -> Outcome:
    """Apply one decision to the contributions in seen (id → status the moderator saw).

    Replies in seen_replies (reply id → status seen) get the same decision. Each row changes
    only if its status is still the one the moderator saw (compare-and-set in the UPDATE), so a
    decision another moderator made a moment ago is never overwritten and a repeated click
    changes nothing. Writes one audit event when anything changed.
    """
    seen_replies = seen_replies or {}
    outcome = Outcome()
    now = utcnow()
    changed = {
        model: _decide_kind(model, picked, decision, moderator, reason, outcome, now)
        for model, picked in ((Contribution, seen), (Reply, seen_replies))
    }
    db.session.flush()
    if outcome.changed:
        from dialogue.notifications import notify_author_of_status

        for item in outcome.changed:
            notify_author_of_status(item)
        details = _audit_details(Contribution, changed[Contribution], outcome)
        if seen_replies:
            details |= _audit_details(Reply, changed[Reply], outcome)
        record(
            f"moderation.{decision.value}",
            outcome.changed[0] if len(outcome.changed) == 1 else None,
            reason=reason,
            municipality_id=moderator.municipality_id,
            details=details,
        )
    return outcome


def _audit_details(model: Moderated, changed_ids: set[int], outcome: Outcome) -> dict:
    changed_key, decided_key, skipped_key = model.kind.audit_keys
    decided = outcome.conflicts + outcome.repeated
    return {
        changed_key: sorted(changed_ids),
        decided_key: [item.id for item in decided if isinstance(item, model)],
        skipped_key: [item.id for item in outcome.skipped if isinstance(item, model)],
    }


def _decide_kind(
    model: Moderated,
    seen: dict[int, ContributionStatus],
    decision: Decision,
    moderator: User,
    reason: str | None,
    outcome: Outcome,
    now: datetime,
) -> set[int]:
    """Compare-and-set the items of one kind; fill outcome and return the ids that changed."""
    if not seen:
        return set()
    sources, target = TRANSITIONS[decision]
    items = {i.id: i for i in db.session.scalars(select(model).where(model.id.in_(list(seen))))}
    values = _new_values(model, target, reason, now)
    by_status: dict[S, list[int]] = {}
    for item_id, seen_status in sorted(seen.items()):
        if seen_status in sources and _applies(decision, items[item_id]):
            by_status.setdefault(seen_status, []).append(item_id)
        else:
            outcome.skipped.append(items[item_id])
    changed_ids: set[int] = set()
    with db.session.no_autoflush:
        for seen_status, ids in by_status.items():
            if decision is Decision.REDACT:
                changed_ids |= _redact_each(model, ids, seen_status, values, items)
            else:
                changed_ids |= _compare_and_set(model, ids, seen_status, values)
    if changed_ids:
        _record_decisions(model, changed_ids, decision, target, moderator, reason, now)
    lost = [i for ids in by_status.values() for i in ids if i not in changed_ids]
    deciders = _last_moderator_ids(model, lost)
    _sort_outcome(seen, items, changed_ids, lost, deciders, moderator, outcome)
    return changed_ids


def _new_values(model: Moderated, target: S, reason: str | None, now: datetime) -> dict:
    """Return the columns a decision sets on each row it changes."""
    published = target == S.PUBLISHED
    values: dict = {
        "status": target,
        "status_reason": reason,
        "hold_reason": None if published else HIDDEN_BY_MODERATOR,
    }
    if model is Contribution:  # only input keeps when it changed and was first published
        values["updated_at"] = now
        if published:
            values["published_at"] = func.coalesce(Contribution.published_at, now)
    return values


def _applies(decision: Decision, item: Contribution | Reply) -> bool:
    """Whether "publish without personal data" applies (for kinds that need personal data)."""
    if decision is not Decision.REDACT or not item.kind.redact_needs_personal_data:
        return True
    return has_personal_data(item)


def _record_decisions(
    model: Moderated,
    changed_ids: set[int],
    decision: Decision,
    target: S,
    moderator: User,
    reason: str | None,
    now: datetime,
) -> None:
    """Place published input in themes, close the reports, and keep each decision."""
    if model is Contribution and target == S.PUBLISHED:
        _place_in_themes(sorted(changed_ids))
    db.session.execute(
        update(Report)
        .where(report_column(model).in_(changed_ids), Report.resolved_at.is_(None))
        .values(resolved_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.add_all(
        ModerationDecision(
            **{model.kind.foreign_key: item_id},
            moderator_id=moderator.id,
            decision=decision,
            reason=reason,
        )
        for item_id in sorted(changed_ids)
    )


def _place_in_themes(published_ids: list[int]) -> None:
    """Put input a moderator just published into the nearest theme (if it has none yet)."""
    # The UPDATE went around the ORM: read the rows again, in one query.
    fresh = db.session.scalars(
        select(Contribution)
        .where(Contribution.id.in_(published_ids))
        .execution_options(populate_existing=True)
    )
    for contribution in fresh:
        assign_to_theme(contribution)


def _sort_outcome(
    seen: dict[int, ContributionStatus],
    objects: dict,
    changed_ids: set[int],
    lost: list[int],
    last_deciders: dict[int, int | None],
    moderator: User,
    outcome: Outcome,
) -> None:
    """Expire the decided rows and sort them into changed, repeated and conflicts."""
    for object_id in sorted(seen):
        item = objects[object_id]
        db.session.expire(item)
        if object_id in changed_ids:
            outcome.changed.append(item)
        elif object_id in lost:
            same = last_deciders.get(object_id) == moderator.id
            (outcome.repeated if same else outcome.conflicts).append(item)


def _redact_each(
    model: Moderated, ids: list[int], seen_status: S, values: dict, items: dict
) -> set[int]:
    """Compare-and-set row by row: each row is published with its own redacted text."""
    changed: set[int] = set()
    for item_id in ids:
        redacted = {**values, "redacted_text": redacted_version(items[item_id])}
        changed |= _compare_and_set(model, [item_id], seen_status, redacted)
    return changed


def _compare_and_set(model: Moderated, ids: list[int], seen_status: S, values: dict) -> set[int]:
    """Update the rows whose status is still seen_status; return the ids that changed."""
    result = db.session.execute(
        update(model)
        .where(model.id.in_(ids), model.status == seen_status)
        .values(**values)
        .returning(model.id)
        .execution_options(synchronize_session=False)
    )
    return set(result.scalars())


def _last_moderator_ids(model: Moderated, ids: list[int]) -> dict[int, int | None]:
    """Return who made the latest decision on each item."""
    if not ids:
        return {}
    column = getattr(ModerationDecision, model.kind.foreign_key)
    latest = select(func.max(ModerationDecision.id)).where(column.in_(ids)).group_by(column)
    rows = db.session.execute(
        select(column, ModerationDecision.moderator_id).where(ModerationDecision.id.in_(latest))
    )
    return dict(rows.tuples().all())


def history(item: Contribution | Reply) -> list[ModerationDecision]:
    """Return the decisions on input or a reply, newest first."""
    column = getattr(ModerationDecision, item.kind.foreign_key)
    return list(
        db.session.scalars(
            select(ModerationDecision)
            .where(column == item.id)
            .options(joinedload(ModerationDecision.moderator))
            .order_by(ModerationDecision.id.desc())
        )
    )
