"""The moderation queue and moderators' decisions (compare-and-set, one audit event per action)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from sqlalchemy import String, and_, cast, exists, func, literal, or_, select, union_all, update
from sqlalchemy.orm import joinedload

from dialogue.accounts.models import User
from dialogue.audit.services import record
from dialogue.consultations.models import Consultation
from dialogue.contributions.models import Channel, Contribution, ContributionStatus, Reply, Report
from dialogue.extensions import db
from dialogue.moderation import replies as reply_queue
from dialogue.moderation.flags import FLAG_ABUSIVE, FLAG_REPEATED, FLAG_SHOUTING
from dialogue.moderation.models import Decision, ModerationDecision
from dialogue.themes.analysis import assign_to_theme
from dialogue.timeutil import utcnow

S = ContributionStatus

#: Why an item is in the queue, as shown to moderators.
REASON_LABELS = {
    "pre_moderation": _l("Wacht op goedkeuring"),
    "pii": _l("Persoonsgegevens"),
    FLAG_ABUSIVE: _l("Mogelijk beledigend"),
    FLAG_SHOUTING: _l("Veel hoofdletters"),
    FLAG_REPEATED: _l("Herhaalde inbreng"),
    "flagged": _l("Automatisch gemarkeerd"),
    "reports": _l("Gemeld door inwoners"),
}
#: The reason filter: a key and the queue reasons it covers.
REASON_FILTERS = {
    "pre_moderation": {"pre_moderation"},
    "pii": {"pii"},
    "flagged": {"flagged", FLAG_ABUSIVE, FLAG_SHOUTING, FLAG_REPEATED},
    "reports": {"reports"},
}
PII_LABELS = {
    "phone": _l("telefoonnummer"),
    "email": _l("e-mailadres"),
    "bsn": _l("burgerservicenummer"),
    "iban": _l("bankrekeningnummer"),
    "postcode_house_number": _l("adres"),
    "licence_plate": _l("kenteken"),
    "name": _l("naam"),
}

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
SORTS = ("oldest", "newest", "reports")
#: What the queue shows: everything, only contributions, or only replies.
KINDS = ("contribution", "reply")
HIDDEN_BY_MODERATOR = "moderator"


@dataclass
class QueueFilters:
    """What the moderator narrowed the queue down to."""

    consultation_id: int | None = None
    area_id: int | None = None
    reason: str | None = None
    channel: Channel | None = None
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "oldest"
    view: str = "queue"
    #: "contribution" or "reply" shows only that kind; None shows both.
    kind: str | None = None


@dataclass
class QueueItem:
    """A contribution, or a reply on one, in the queue with why it is there."""

    contribution: Contribution
    reasons: list[str]
    open_reports: int
    report_reasons: list[str] = field(default_factory=list)
    #: Set when the item is a reply; contribution is then the input it reacts to.
    reply: Reply | None = None

    @property
    def reason_labels(self) -> list[str]:
        return [str(REASON_LABELS.get(reason, reason)) for reason in self.reasons]

    @property
    def has_pii(self) -> bool:
        return self.reply is None and bool(pii_spans(self.contribution))

    @property
    def status(self) -> ContributionStatus:
        return (self.reply or self.contribution).status


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


def _in_municipality(municipality_id: int):
    return Contribution.consultation_id.in_(
        select(Consultation.id).where(Consultation.municipality_id == municipality_id)
    )


def _open_reports():
    return exists().where(Report.contribution_id == Contribution.id, Report.resolved_at.is_(None))


def _waiting_condition():
    """Input that waits for a moderator: pending (not awaiting e-mail), or reported."""
    return or_(
        and_(Contribution.status == S.PENDING, Contribution.pending_email.is_(None)),
        and_(Contribution.status == S.HIDDEN, Contribution.hold_reason == "reports"),
        and_(Contribution.status.in_([S.PUBLISHED, S.HIDDEN]), _open_reports()),
    )


def queue_reasons(contribution: Contribution, open_reports: int) -> list[str]:
    """Return why a contribution waits: pre-moderation, personal data, flags, reports."""
    reasons: list[str] = []
    hold = contribution.hold_reason or ""
    if hold == "pii" or (contribution.status == S.PENDING and pii_spans(contribution)):
        reasons.append("pii")
    for flag in contribution.flags or []:
        if flag in REASON_LABELS and flag not in reasons:
            reasons.append(flag)
    flag_details = hold == "flagged" and contribution.flags
    if hold in REASON_LABELS and hold not in reasons and hold != "reports" and not flag_details:
        reasons.append(hold)
    if open_reports or hold == "reports":
        reasons.append("reports")
    if not reasons and contribution.status == S.PENDING:
        reasons.append("pre_moderation")
    return reasons


def _reason_condition(reason: str):
    """Return the SQL condition of a reason filter (see queue_reasons)."""
    hold = Contribution.hold_reason
    if reason == "pii":
        return hold == "pii"
    if reason == "flagged":
        flags_text = cast(Contribution.flags, String)
        has_flags = and_(Contribution.flags.is_not(None), flags_text.not_in(["null", "[]"]))
        return or_(hold.in_(REASON_FILTERS["flagged"]), has_flags)
    if reason == "reports":
        return or_(hold == "reports", _open_reports())
    return and_(
        Contribution.status == S.PENDING,
        or_(hold.is_(None), hold == "pre_moderation"),
    )


def _contribution_conditions(municipality_id: int, filters: QueueFilters) -> list:
    conditions = [_in_municipality(municipality_id)]
    if filters.view == "hidden":
        conditions += [
            Contribution.status.in_([S.HIDDEN, S.REJECTED]),
            or_(Contribution.hold_reason.is_(None), Contribution.hold_reason != "reports"),
        ]
    else:
        conditions.append(_waiting_condition())
        if filters.reason in REASON_FILTERS:
            conditions.append(_reason_condition(filters.reason))
    if filters.consultation_id:
        conditions.append(Contribution.consultation_id == filters.consultation_id)
    if filters.area_id:
        conditions.append(Contribution.area_id == filters.area_id)
    if filters.channel:
        conditions.append(Contribution.channel == filters.channel)
    conditions += _date_conditions(Contribution.created_at, filters)
    return conditions


def _reply_conditions(municipality_id: int, filters: QueueFilters) -> list:
    """Return the conditions on replies (joined to the input they react to)."""
    conditions = [reply_queue.in_municipality(municipality_id)]
    if filters.view == "hidden":
        conditions.append(reply_queue.hidden_condition())
    else:
        conditions.append(reply_queue.waiting_condition())
        if filters.reason in REASON_FILTERS:
            conditions.append(
                reply_queue.reason_condition(filters.reason, REASON_FILTERS["flagged"])
            )
    if filters.consultation_id:
        conditions.append(Contribution.consultation_id == filters.consultation_id)
    if filters.area_id:
        conditions.append(Contribution.area_id == filters.area_id)
    channel = reply_queue.channel_condition(filters.channel)
    if channel is not None:
        conditions.append(channel)
    conditions += _date_conditions(Reply.created_at, filters)
    return conditions


def _date_conditions(column, filters: QueueFilters) -> list:
    conditions = []
    if filters.date_from:
        conditions.append(column >= datetime.combine(filters.date_from, time()))
    if filters.date_to:
        conditions.append(column < datetime.combine(filters.date_to + timedelta(days=1), time()))
    return conditions


def queue_items(
    municipality_id: int, filters: QueueFilters, *, page: int = 1, per_page: int = 100
) -> tuple[list[QueueItem], int]:
    """Return one page of the municipality's queue (or its hidden items) and the total.

    Contributions and replies share one list, ordered together.
    """
    report_count = (
        select(func.count(Report.id))
        .where(Report.contribution_id == Contribution.id, Report.resolved_at.is_(None))
        .scalar_subquery()
    )
    parts = []
    if filters.kind != "reply":
        parts.append(
            select(
                literal("contribution").label("kind"),
                Contribution.id.label("id"),
                Contribution.created_at.label("created_at"),
                report_count.label("reports"),
            ).where(*_contribution_conditions(municipality_id, filters))
        )
    if filters.kind != "contribution":
        parts.append(
            select(
                literal("reply").label("kind"),
                Reply.id.label("id"),
                Reply.created_at.label("created_at"),
                reply_queue.report_count().label("reports"),
            )
            .join(Contribution, Reply.contribution_id == Contribution.id)
            .where(*_reply_conditions(municipality_id, filters))
        )
    listing = union_all(*parts).subquery() if len(parts) > 1 else parts[0].subquery()
    total = db.session.scalar(select(func.count()).select_from(listing)) or 0
    order = {
        "newest": (listing.c.created_at.desc(), listing.c.kind, listing.c.id.desc()),
        "reports": (listing.c.reports.desc(), listing.c.created_at, listing.c.kind, listing.c.id),
    }.get(filters.sort, (listing.c.created_at, listing.c.kind, listing.c.id))
    rows = db.session.execute(
        select(listing.c.kind, listing.c.id, listing.c.reports)
        .order_by(*order)
        .offset((max(page, 1) - 1) * per_page)
        .limit(per_page)
    ).all()
    contribution_ids = [row.id for row in rows if row.kind == "contribution"]
    contributions = {
        c.id: c
        for c in db.session.scalars(
            select(Contribution)
            .options(joinedload(Contribution.consultation), joinedload(Contribution.area))
            .where(Contribution.id.in_(contribution_ids))
        ).unique()
    }
    replies = reply_queue.load([row.id for row in rows if row.kind == "reply"])
    items = []
    for row in rows:
        if row.kind == "contribution":
            contribution = contributions[row.id]
            items.append(
                QueueItem(contribution, queue_reasons(contribution, row.reports), row.reports)
            )
        else:
            reply = replies[row.id]
            reasons = reply_queue.queue_reasons(reply, row.reports)
            items.append(QueueItem(reply.contribution, reasons, row.reports, reply=reply))
    _attach_report_reasons([i for i in items if i.open_reports and i.reply is None])
    reported_replies = {i.reply.id: i for i in items if i.open_reports and i.reply is not None}
    for reply_id, reasons in reply_queue.report_reasons(list(reported_replies)).items():
        reported_replies[reply_id].report_reasons = reasons
    return items, total


def _attach_report_reasons(items: list[QueueItem], per_item: int = 3) -> None:
    """Give each reported item the reasons residents gave (the first few)."""
    if not items:
        return
    by_id = {item.contribution.id: item for item in items}
    rows = db.session.execute(
        select(Report.contribution_id, Report.reason)
        .where(Report.contribution_id.in_(list(by_id)), Report.resolved_at.is_(None))
        .order_by(Report.id)
    )
    for contribution_id, reason in rows:
        reasons = by_id[contribution_id].report_reasons
        if len(reasons) < per_item:
            reasons.append(reason)


def queue_size(municipality_id: int) -> tuple[int, datetime | None]:
    """Return how many items (input and replies) wait for a moderator and the oldest arrival."""
    row = db.session.execute(
        select(func.count(Contribution.id), func.min(Contribution.created_at)).where(
            _in_municipality(municipality_id), _waiting_condition()
        )
    ).one()
    reply_row = db.session.execute(
        select(func.count(Reply.id), func.min(Reply.created_at))
        .join(Contribution, Reply.contribution_id == Contribution.id)
        .where(reply_queue.in_municipality(municipality_id), reply_queue.waiting_condition())
    ).one()
    oldest = [when for when in (row[1], reply_row[1]) if when is not None]
    return int(row[0]) + int(reply_row[0]), min(oldest) if oldest else None


def pii_spans(item: Contribution | Reply) -> list[dict]:
    """Return the stored personal-data spans of input or a reply that still fit its text."""
    spans = item.pii_spans or []
    size = len(item.text or "")
    return [
        span
        for span in spans
        if isinstance(span, dict) and 0 <= span.get("start", -1) < span.get("end", -1) <= size
    ]


def highlight_pii(text: str, spans: list[dict]) -> Markup:
    """Return text as HTML with each personal-data span in <mark class="kp-pii">, all escaped."""
    parts: list[Markup] = []
    position = 0
    for span in sorted(spans, key=lambda item: item["start"]):
        start, end = span["start"], span["end"]
        if start < position:
            continue
        label = str(PII_LABELS.get(span.get("kind"), _l("persoonsgegevens")))
        parts.append(escape(text[position:start]))
        parts.append(
            Markup(
                '<mark class="kp-pii"><span class="kp-visually-hidden">{}: </span>{}</mark>'
            ).format(label, text[start:end])
        )
        position = end
    parts.append(escape(text[position:]))
    return Markup("").join(parts)


def redacted_version(item: Contribution | Reply) -> str:
    """Return the text with every personal-data span replaced by its placeholder."""
    from nlp import PiiSpan, redact

    spans = [PiiSpan(s["kind"], s["start"], s["end"]) for s in pii_spans(item)]
    if not spans:
        from nlp import find_pii

        spans = list(find_pii(item.text))
    return redact(item.text, spans)


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
    changed_ids = _decide_contributions(seen, decision, moderator, reason, outcome, now)
    changed_reply_ids = _decide_replies(seen_replies, decision, moderator, reason, outcome, now)
    db.session.flush()
    if outcome.changed:
        _notify(outcome.changed)
        details = {
            "contribution_ids": sorted(changed_ids),
            "already_decided": [c.id for c in outcome.conflicts + outcome.repeated if _is_input(c)],
            "not_applicable": [c.id for c in outcome.skipped if _is_input(c)],
        }
        if seen_replies:
            details |= {
                "reply_ids": sorted(changed_reply_ids),
                "replies_already_decided": [
                    r.id for r in outcome.conflicts + outcome.repeated if not _is_input(r)
                ],
                "replies_not_applicable": [r.id for r in outcome.skipped if not _is_input(r)],
            }
        record(
            f"moderation.{decision.value}",
            outcome.changed[0] if len(outcome.changed) == 1 else None,
            reason=reason,
            municipality_id=moderator.municipality_id,
            details=details,
        )
    return outcome


def _is_input(item: Contribution | Reply) -> bool:
    return isinstance(item, Contribution)


def _decide_contributions(
    seen: dict[int, ContributionStatus],
    decision: Decision,
    moderator: User,
    reason: str | None,
    outcome: Outcome,
    now: datetime,
) -> set[int]:
    """Compare-and-set the contributions; fill outcome and return the ids that changed."""
    if not seen:
        return set()
    sources, target = TRANSITIONS[decision]
    contributions = {
        c.id: c
        for c in db.session.scalars(select(Contribution).where(Contribution.id.in_(list(seen))))
    }
    values: dict = {"status": target, "updated_at": now, "status_reason": reason}
    if target == S.PUBLISHED:
        values["hold_reason"] = None
        values["published_at"] = func.coalesce(Contribution.published_at, now)
    else:
        values["hold_reason"] = HIDDEN_BY_MODERATOR
    by_status: dict[S, list[int]] = {}
    for contribution_id, seen_status in sorted(seen.items()):
        if seen_status in sources:
            by_status.setdefault(seen_status, []).append(contribution_id)
        else:
            outcome.skipped.append(contributions[contribution_id])
    changed_ids: set[int] = set()
    with db.session.no_autoflush:
        for seen_status, ids in by_status.items():
            if decision is Decision.REDACT:
                changed_ids |= _redact_each(
                    ids, seen_status, values, contributions, _compare_and_set
                )
            else:
                changed_ids |= _compare_and_set(ids, seen_status, values)
    if changed_ids and target == S.PUBLISHED:
        _place_in_themes(sorted(changed_ids))
    if changed_ids:
        db.session.execute(
            update(Report)
            .where(Report.contribution_id.in_(changed_ids), Report.resolved_at.is_(None))
            .values(resolved_at=now)
            .execution_options(synchronize_session=False)
        )
        db.session.add_all(
            ModerationDecision(
                contribution_id=contribution_id,
                moderator_id=moderator.id,
                decision=decision,
                reason=reason,
            )
            for contribution_id in sorted(changed_ids)
        )
    lost = [i for ids in by_status.values() for i in ids if i not in changed_ids]
    _sort_outcome(
        seen, contributions, changed_ids, lost, _last_moderator_ids(lost), moderator, outcome
    )
    return changed_ids


def _place_in_themes(published_ids: list[int]) -> None:
    """Put input a moderator just published into the nearest theme (if it has none yet)."""
    # The UPDATE above went around the ORM: read the rows again, in one query.
    fresh = db.session.scalars(
        select(Contribution)
        .where(Contribution.id.in_(published_ids))
        .execution_options(populate_existing=True)
    )
    for contribution in fresh:
        assign_to_theme(contribution)


def _decide_replies(
    seen: dict[int, ContributionStatus],
    decision: Decision,
    moderator: User,
    reason: str | None,
    outcome: Outcome,
    now: datetime,
) -> set[int]:
    """Compare-and-set the replies; fill outcome and return the ids that changed."""
    if not seen:
        return set()
    sources, target = TRANSITIONS[decision]
    replies = {r.id: r for r in db.session.scalars(select(Reply).where(Reply.id.in_(list(seen))))}
    values: dict = {
        "status": target,
        "status_reason": reason,
        "hold_reason": None if target == S.PUBLISHED else HIDDEN_BY_MODERATOR,
    }
    by_status: dict[S, list[int]] = {}
    for reply_id, seen_status in sorted(seen.items()):
        # "Publish without personal data" skips replies that have none, rather than approve them.
        redactable = decision is not Decision.REDACT or _has_personal_data(replies[reply_id])
        if seen_status in sources and redactable:
            by_status.setdefault(seen_status, []).append(reply_id)
        else:
            outcome.skipped.append(replies[reply_id])
    changed_ids: set[int] = set()
    with db.session.no_autoflush:
        for seen_status, ids in by_status.items():
            if decision is Decision.REDACT:
                changed_ids |= _redact_each(
                    ids, seen_status, values, replies, reply_queue.compare_and_set
                )
            else:
                changed_ids |= reply_queue.compare_and_set(ids, seen_status, values)
    if changed_ids:
        reply_queue.resolve_reports(changed_ids, now)
        db.session.add_all(
            ModerationDecision(
                reply_id=reply_id, moderator_id=moderator.id, decision=decision, reason=reason
            )
            for reply_id in sorted(changed_ids)
        )
    lost = [i for ids in by_status.values() for i in ids if i not in changed_ids]
    deciders = reply_queue.last_moderator_ids(lost)
    _sort_outcome(seen, replies, changed_ids, lost, deciders, moderator, outcome)
    return changed_ids


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


def _has_personal_data(item: Contribution | Reply) -> bool:
    return redacted_version(item) != item.text


def _redact_each(
    ids: list[int],
    seen_status: S,
    values: dict,
    items: dict[int, Contribution] | dict[int, Reply],
    compare_and_set: Callable[[list[int], S, dict], set[int]],
) -> set[int]:
    """Compare-and-set row by row: each row is published with its own redacted text."""
    changed: set[int] = set()
    for item_id in ids:
        redacted = {**values, "redacted_text": redacted_version(items[item_id])}
        changed |= compare_and_set([item_id], seen_status, redacted)
    return changed


def _compare_and_set(ids: list[int], seen_status: S, values: dict) -> set[int]:
    """Update the rows whose status is still seen_status; return the ids that changed."""
    result = db.session.execute(
        update(Contribution)
        .where(Contribution.id.in_(ids), Contribution.status == seen_status)
        .values(**values)
        .returning(Contribution.id)
        .execution_options(synchronize_session=False)
    )
    return set(result.scalars())


def _last_moderator_ids(contribution_ids: list[int]) -> dict[int, int | None]:
    """Return who made the latest decision on each contribution."""
    if not contribution_ids:
        return {}
    latest = (
        select(func.max(ModerationDecision.id))
        .where(ModerationDecision.contribution_id.in_(contribution_ids))
        .group_by(ModerationDecision.contribution_id)
    )
    rows = db.session.execute(
        select(ModerationDecision.contribution_id, ModerationDecision.moderator_id).where(
            ModerationDecision.id.in_(latest)
        )
    )
    return dict(rows.tuples().all())


def _notify(items: list[Contribution | Reply]) -> None:
    from dialogue.notifications import notify_reply_status_change, notify_status_change

    for item in items:
        if isinstance(item, Reply):
            notify_reply_status_change(item)
        else:
            notify_status_change(item)


def history(contribution: Contribution) -> list[ModerationDecision]:
    """Return the decisions on a contribution, newest first."""
    return list(
        db.session.scalars(
            select(ModerationDecision)
            .where(ModerationDecision.contribution_id == contribution.id)
            .options(joinedload(ModerationDecision.moderator))
            .order_by(ModerationDecision.id.desc())
        )
    )


def open_reports(contribution: Contribution) -> list[Report]:
    """Return the unresolved reports on a contribution."""
    return list(
        db.session.scalars(
            select(Report)
            .where(Report.contribution_id == contribution.id, Report.resolved_at.is_(None))
            .order_by(Report.id)
        )
    )
