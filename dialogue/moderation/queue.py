"""The moderation queue: which input and replies wait, why, and in what order."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Select,
    String,
    Subquery,
    and_,
    cast,
    false,
    func,
    literal,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import joinedload

from dialogue.consultations.models import Consultation
from dialogue.contributions.models import Channel, Contribution, ContributionStatus, Reply, Report
from dialogue.extensions import db
from dialogue.moderation.flags import FLAG_ABUSIVE, FLAG_REPEATED, FLAG_SHOUTING
from dialogue.moderation.personal_data import pii_spans
from dialogue.municipalities.models import Kern

#: The kinds of moderated text, in the order the queue lists them when all else is equal.
MODELS: tuple[type[Contribution] | type[Reply], ...] = (Contribution, Reply)
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
SORTS = ("oldest", "newest", "reports")
#: What the queue shows: everything, only contributions, or only replies.
KINDS = tuple(model.kind.key for model in MODELS)


@dataclass
class QueueFilters:
    """What the moderator narrowed the queue down to."""

    consultation_id: int | None = None
    kern_id: int | None = None
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
    def moderated(self) -> Contribution | Reply:
        """The text the moderator decides on."""
        return self.reply or self.contribution

    @property
    def reason_labels(self) -> list[str]:
        return [str(REASON_LABELS.get(reason, reason)) for reason in self.reasons]

    @property
    def has_pii(self) -> bool:
        return self.reply is None and bool(pii_spans(self.contribution))

    @property
    def status(self) -> ContributionStatus:
        return self.moderated.status


def report_column(model: type[Contribution] | type[Reply]):
    """Return the column of Report that points at this kind of text."""
    return getattr(Report, model.kind.foreign_key)


def with_input(statement: Select, model: type[Contribution] | type[Reply]) -> Select:
    """Join replies to the input they react to: consultation and kern filters apply to both."""
    if model is Reply:
        return statement.join(Contribution, Reply.contribution_id == Contribution.id)
    return statement


def _open_reports(model):
    """Return the condition: the text has unresolved reports.

    An IN over the open reports, not a correlated EXISTS: PostgreSQL reads the few open
    reports once into a hash instead of probing the reports for every text of the
    municipality (79 ms → 3 ms for the queue with 20,652 replies, docs/performance.md).
    """
    column = report_column(model)
    return model.id.in_(select(column).where(column.is_not(None), Report.resolved_at.is_(None)))


def _report_count(model):
    return (
        select(func.count(Report.id))
        .where(report_column(model) == model.id, Report.resolved_at.is_(None))
        .scalar_subquery()
    )


def _waiting_condition(model):
    """Items that wait for a moderator: pending (input not awaiting e-mail), or reported."""
    pending = model.status == ContributionStatus.PENDING
    if model is Contribution:
        pending = and_(pending, Contribution.pending_email.is_(None))
    return or_(
        pending,
        and_(model.status == ContributionStatus.HIDDEN, model.hold_reason == "reports"),
        and_(
            model.status.in_([ContributionStatus.PUBLISHED, ContributionStatus.HIDDEN]),
            _open_reports(model),
        ),
    )


def _hidden_condition(model):
    """Items a moderator hid or rejected (restorable)."""
    return and_(
        model.status.in_([ContributionStatus.HIDDEN, ContributionStatus.REJECTED]),
        or_(model.hold_reason.is_(None), model.hold_reason != "reports"),
    )


def _reason_condition(model, reason: str):
    """Return the SQL condition of a reason filter (see queue_reasons)."""
    hold = model.hold_reason
    if reason == "pii":
        return hold == "pii"
    if reason == "flagged":
        has_flags = and_(model.flags.is_not(None), cast(model.flags, String).not_in(["null", "[]"]))
        return or_(hold.in_(REASON_FILTERS["flagged"]), has_flags)
    if reason == "reports":
        return or_(hold == "reports", _open_reports(model))
    return and_(
        model.status == ContributionStatus.PENDING,
        or_(hold.is_(None), hold == "pre_moderation"),
    )


def _channel_condition(model, channel: Channel):
    if model is Reply:  # replies are always posted on the website
        return true() if channel == Channel.WEB else false()
    return Contribution.channel == channel


def _conditions(model, municipality_id: int, filters: QueueFilters) -> list:
    """Return the conditions on input, or on replies joined to their input."""
    conditions = [
        Contribution.consultation_id.in_(
            select(Consultation.id).where(Consultation.municipality_id == municipality_id)
        )
    ]
    if filters.view == "hidden":
        conditions.append(_hidden_condition(model))
    else:
        conditions.append(_waiting_condition(model))
        if filters.reason in REASON_FILTERS:
            conditions.append(_reason_condition(model, filters.reason))
    if filters.consultation_id:
        conditions.append(Contribution.consultation_id == filters.consultation_id)
    if filters.kern_id:
        conditions.append(Contribution.kern_id == filters.kern_id)
    if filters.channel:
        conditions.append(_channel_condition(model, filters.channel))
    if filters.date_from:
        conditions.append(model.created_at >= datetime.combine(filters.date_from, time()))
    if filters.date_to:
        end = datetime.combine(filters.date_to + timedelta(days=1), time())
        conditions.append(model.created_at < end)
    return conditions


def listing(municipality_id: int, filters: QueueFilters, *, with_reports: bool = False) -> Subquery:
    """Return the queue as one subquery of (kind, id, created_at[, reports]), both kinds."""
    parts = []
    for model in MODELS:
        if filters.kind in KINDS and filters.kind != model.kind.key:
            continue
        columns = [
            literal(model.kind.key).label("kind"),
            model.id.label("id"),
            model.created_at.label("created_at"),
        ]
        if with_reports:
            columns.append(_report_count(model).label("reports"))
        query = with_input(select(*columns), model)
        parts.append(query.where(*_conditions(model, municipality_id, filters)))
    return (union_all(*parts) if len(parts) > 1 else parts[0]).subquery()


def queue_reasons(item: Contribution | Reply, open_reports: int) -> list[str]:
    """Return why input or a reply waits: pre-moderation, personal data, flags, reports."""
    reasons: list[str] = []
    hold = item.hold_reason or ""
    if hold == "pii" or (item.status == ContributionStatus.PENDING and pii_spans(item)):
        reasons.append("pii")
    for flag in item.flags or []:
        if flag in REASON_LABELS and flag not in reasons:
            reasons.append(flag)
    flag_details = hold == "flagged" and item.flags
    if hold in REASON_LABELS and hold not in reasons and hold != "reports" and not flag_details:
        reasons.append(hold)
    if open_reports or hold == "reports":
        reasons.append("reports")
    if not reasons and item.status == ContributionStatus.PENDING:
        reasons.append("pre_moderation")
    return reasons


def queue_items(
    municipality_id: int, filters: QueueFilters, *, page: int = 1, per_page: int = 100
) -> tuple[list[QueueItem], int]:
    """Return one page of the municipality's queue (or its hidden items) and the total.

    Contributions and replies share one list, ordered together.
    """
    queue = listing(municipality_id, filters, with_reports=True)
    total = db.session.scalar(select(func.count()).select_from(queue)) or 0
    order = {
        "newest": (queue.c.created_at.desc(), queue.c.kind, queue.c.id.desc()),
        "reports": (queue.c.reports.desc(), queue.c.created_at, queue.c.kind, queue.c.id),
    }.get(filters.sort, (queue.c.created_at, queue.c.kind, queue.c.id))
    rows = db.session.execute(
        select(queue.c.kind, queue.c.id, queue.c.reports)
        .order_by(*order)
        .offset((max(page, 1) - 1) * per_page)
        .limit(per_page)
    ).all()
    loaded = {
        model.kind.key: _load(model, [row.id for row in rows if row.kind == model.kind.key])
        for model in MODELS
    }
    items = [_queue_item(loaded[row.kind][row.id], row.reports) for row in rows]
    _attach_report_reasons([item for item in items if item.open_reports])
    return items, total


def _queue_item(item: Contribution | Reply, open_reports: int) -> QueueItem:
    reasons = queue_reasons(item, open_reports)
    if isinstance(item, Reply):
        return QueueItem(item.contribution, reasons, open_reports, reply=item)
    return QueueItem(item, reasons, open_reports)


def _load(model, ids: list[int]) -> dict:
    """Load input or replies with the consultation and kern they belong to."""
    if not ids:
        return {}
    if model is Reply:
        options = [
            joinedload(Reply.contribution).joinedload(Contribution.consultation),
            joinedload(Reply.contribution).joinedload(Contribution.kern),
        ]
    else:
        options = [joinedload(Contribution.consultation), joinedload(Contribution.kern)]
    query = select(model).where(model.id.in_(ids)).options(*options)
    return {item.id: item for item in db.session.scalars(query).unique()}


def _attach_report_reasons(items: list[QueueItem], per_item: int = 3) -> None:
    """Give each reported item the reasons residents gave (the first few)."""
    for model in MODELS:
        by_id = {i.moderated.id: i for i in items if isinstance(i.moderated, model)}
        if not by_id:
            continue
        column = report_column(model)
        rows = db.session.execute(
            select(column, Report.reason)
            .where(column.in_(list(by_id)), Report.resolved_at.is_(None))
            .order_by(Report.id)
        )
        for item_id, reason in rows:
            reasons = by_id[item_id].report_reasons
            if len(reasons) < per_item:
                reasons.append(reason)


def queue_size(municipality_id: int) -> tuple[int, datetime | None]:
    """Return how many items (input and replies) wait for a moderator and the oldest arrival."""
    queue = listing(municipality_id, QueueFilters())
    count, oldest = db.session.execute(
        select(func.count(), func.min(queue.c.created_at)).select_from(queue)
    ).one()
    return int(count), oldest


def filter_options(municipality_id: int) -> tuple[list[Consultation], list[Kern]]:
    """Return the municipality's consultations (newest first) and kernen, for the filters."""
    consultations = db.session.scalars(
        select(Consultation)
        .where(Consultation.municipality_id == municipality_id)
        .order_by(Consultation.created_at.desc())
    ).all()
    kernen = db.session.scalars(
        select(Kern).where(Kern.municipality_id == municipality_id).order_by(Kern.name)
    ).all()
    return list(consultations), list(kernen)


def open_reports(item: Contribution | Reply) -> list[Report]:
    """Return the unresolved reports on input or a reply."""
    return list(
        db.session.scalars(
            select(Report)
            .where(report_column(type(item)) == item.id, Report.resolved_at.is_(None))
            .order_by(Report.id)
        )
    )


def replies_of(contribution: Contribution) -> list[Reply]:
    """Return every reply on a contribution, whatever its status, oldest first."""
    return list(
        db.session.scalars(
            select(Reply).where(Reply.contribution_id == contribution.id).order_by(Reply.id)
        )
    )
