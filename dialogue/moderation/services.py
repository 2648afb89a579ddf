"""The moderation queue and moderators' decisions (compare-and-set, one audit event per action)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.orm import joinedload

from dialogue.accounts.models import User
from dialogue.audit.services import record
from dialogue.consultations.models import Consultation
from dialogue.contributions.models import Channel, Contribution, ContributionStatus, Report
from dialogue.extensions import db
from dialogue.moderation.flags import FLAG_ABUSIVE, FLAG_REPEATED, FLAG_SHOUTING
from dialogue.moderation.models import Decision, ModerationDecision
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


@dataclass
class QueueItem:
    """A contribution in the queue with why it is there."""

    contribution: Contribution
    reasons: list[str]
    open_reports: int

    @property
    def reason_labels(self) -> list[str]:
        return [str(REASON_LABELS.get(reason, reason)) for reason in self.reasons]

    @property
    def has_pii(self) -> bool:
        return bool(pii_spans(self.contribution))


@dataclass
class Outcome:
    """What a decision changed, and what another moderator had decided already."""

    changed: list[Contribution] = field(default_factory=list)
    conflicts: list[Contribution] = field(default_factory=list)


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


def queue_items(municipality_id: int, filters: QueueFilters) -> list[QueueItem]:
    """Return the municipality's queue (or its hidden input), filtered and sorted."""
    report_count = (
        select(func.count(Report.id))
        .where(Report.contribution_id == Contribution.id, Report.resolved_at.is_(None))
        .scalar_subquery()
    )
    query = (
        select(Contribution, report_count)
        .options(joinedload(Contribution.consultation), joinedload(Contribution.area))
        .where(_in_municipality(municipality_id))
    )
    if filters.view == "hidden":
        query = query.where(
            Contribution.status.in_([S.HIDDEN, S.REJECTED]),
            or_(Contribution.hold_reason.is_(None), Contribution.hold_reason != "reports"),
        )
    else:
        query = query.where(_waiting_condition())
    if filters.consultation_id:
        query = query.where(Contribution.consultation_id == filters.consultation_id)
    if filters.area_id:
        query = query.where(Contribution.area_id == filters.area_id)
    if filters.channel:
        query = query.where(Contribution.channel == filters.channel)
    if filters.date_from:
        query = query.where(Contribution.created_at >= datetime.combine(filters.date_from, time()))
    if filters.date_to:
        end = datetime.combine(filters.date_to + timedelta(days=1), time())
        query = query.where(Contribution.created_at < end)
    items = [
        QueueItem(contribution, queue_reasons(contribution, reports), reports)
        for contribution, reports in db.session.execute(query).unique().all()
    ]
    if filters.reason in REASON_FILTERS and filters.view != "hidden":
        wanted = REASON_FILTERS[filters.reason]
        items = [item for item in items if wanted.intersection(item.reasons)]
    if filters.sort == "newest":
        items.sort(key=lambda item: (item.contribution.created_at, item.contribution.id))
        items.reverse()
    elif filters.sort == "reports":
        items.sort(key=lambda item: (-item.open_reports, item.contribution.created_at))
    else:
        items.sort(key=lambda item: (item.contribution.created_at, item.contribution.id))
    return items


def queue_size(municipality_id: int) -> tuple[int, datetime | None]:
    """Return how many items wait for a moderator and when the oldest arrived."""
    row = db.session.execute(
        select(func.count(Contribution.id), func.min(Contribution.created_at)).where(
            _in_municipality(municipality_id), _waiting_condition()
        )
    ).one()
    return int(row[0]), row[1]


def pii_spans(contribution: Contribution) -> list[dict]:
    """Return the stored personal-data spans that still fit the text."""
    spans = contribution.pii_spans or []
    size = len(contribution.text or "")
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


def redacted_version(contribution: Contribution) -> str:
    """Return the text with every personal-data span replaced by its placeholder."""
    from nlp import PiiSpan, redact

    spans = [PiiSpan(s["kind"], s["start"], s["end"]) for s in pii_spans(contribution)]
    if not spans:
        from nlp import find_pii

        spans = list(find_pii(contribution.text))
    return redact(contribution.text, spans)


def decide(
    seen: dict[int, ContributionStatus],
    decision: Decision,
    *,
    moderator: User,
    reason: str | None,
) -> Outcome:
    """Apply one decision to the contributions in seen (id → status the moderator saw).

    Each row changes only if its status is still the one the moderator saw (compare-and-set
    in the UPDATE), so a decision another moderator made a moment ago is never overwritten
    and a repeated click changes nothing. Writes one audit event when anything changed.
    """
    sources, target = TRANSITIONS[decision]
    outcome = Outcome()
    contributions = {
        c.id: c
        for c in db.session.scalars(select(Contribution).where(Contribution.id.in_(list(seen))))
    }
    now = utcnow()
    for contribution_id, seen_status in sorted(seen.items()):
        contribution = contributions[contribution_id]
        if seen_status not in sources:
            outcome.conflicts.append(contribution)
            continue
        values: dict = {"status": target, "updated_at": now}
        if target == S.PUBLISHED:
            values["hold_reason"] = None
            values["published_at"] = func.coalesce(Contribution.published_at, now)
            values["status_reason"] = reason
        else:
            values["hold_reason"] = HIDDEN_BY_MODERATOR
            values["status_reason"] = reason
        if decision is Decision.REDACT:
            values["redacted_text"] = redacted_version(contribution)
        result = db.session.execute(
            update(Contribution)
            .where(Contribution.id == contribution_id, Contribution.status == seen_status)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        db.session.expire(contribution)
        if result.rowcount != 1:
            outcome.conflicts.append(contribution)
            continue
        db.session.execute(
            update(Report)
            .where(Report.contribution_id == contribution_id, Report.resolved_at.is_(None))
            .values(resolved_at=now)
            .execution_options(synchronize_session=False)
        )
        db.session.add(
            ModerationDecision(
                contribution_id=contribution_id,
                moderator_id=moderator.id,
                decision=decision,
                reason=reason,
            )
        )
        outcome.changed.append(contribution)
    db.session.flush()
    if outcome.changed:
        _notify(outcome.changed)
        changed_ids = [c.id for c in outcome.changed]
        record(
            f"moderation.{decision.value}",
            outcome.changed[0] if len(changed_ids) == 1 else None,
            reason=reason,
            municipality_id=moderator.municipality_id,
            details={
                "contribution_ids": changed_ids,
                "already_decided": [c.id for c in outcome.conflicts],
            },
        )
    return outcome


def _notify(contributions: list[Contribution]) -> None:
    from dialogue.notifications import notify_status_change

    for contribution in contributions:
        notify_status_change(contribution)


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
