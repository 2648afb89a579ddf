"""Moderation pages: the queue with bulk decisions, one item, and the reason list."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from dialogue.accounts.models import Role
from dialogue.consultations.models import Consultation
from dialogue.contributions.models import Channel, Contribution, ContributionStatus, Reply
from dialogue.extensions import db
from dialogue.main.routes import safe_next
from dialogue.moderation import reasons as reason_list
from dialogue.moderation import replies as reply_queue
from dialogue.moderation import services
from dialogue.moderation.forms import (
    CHANNEL_LABELS,
    DecisionForm,
    QueueFilterForm,
    ReasonForm,
    channel_choices,
    options,
)
from dialogue.moderation.messages import flash_outcome, status_name
from dialogue.moderation.models import Decision, ModerationReason
from dialogue.moderation.next_item import QueuePlace, next_in_queue, place_of
from dialogue.municipalities.models import Area
from dialogue.security import require_own, role_required

bp = Blueprint("moderation", __name__, url_prefix="/werkplek/moderatie")

MODERATORS = (Role.MODERATOR, Role.ADMIN)
BULK_ACTIONS = {
    "approve": Decision.APPROVE,
    "hide": Decision.HIDE,
    "reject": Decision.REJECT,
    "restore": Decision.RESTORE,
    "redact": Decision.REDACT,
}
#: Items shown on one page of the queue.
PAGE_SIZE = 100


def _filter_form() -> QueueFilterForm:
    municipality_id = current_user.municipality_id
    form = QueueFilterForm(request.args)
    consultations = db.session.scalars(
        select(Consultation)
        .where(Consultation.municipality_id == municipality_id)
        .order_by(Consultation.created_at.desc())
    ).all()
    areas = db.session.scalars(
        select(Area).where(Area.municipality_id == municipality_id).order_by(Area.name)
    ).all()
    form.consultation.choices = options(
        [("", _("Alle raadplegingen")), *((c.id, c.title) for c in consultations)]
    )
    form.area.choices = options([("", _("Alle kernen")), *((a.id, a.name) for a in areas)])
    form.reason.choices = options(
        [
            ("", _("Alle redenen")),
            ("pre_moderation", _("Wacht op goedkeuring")),
            ("pii", _("Persoonsgegevens")),
            ("flagged", _("Automatisch gemarkeerd")),
            ("reports", _("Gemeld door inwoners")),
        ]
    )
    form.channel.choices = channel_choices()
    form.kind.choices = options(
        [
            ("", _("Bijdragen en reacties")),
            ("contribution", _("Alleen bijdragen")),
            ("reply", _("Alleen reacties")),
        ]
    )
    form.validate()
    return form


def _filters(form: QueueFilterForm) -> services.QueueFilters:
    channel = form.channel.data if form.channel.data in set(Channel) else None
    return services.QueueFilters(
        consultation_id=form.consultation.data,
        area_id=form.area.data,
        reason=form.reason.data or None,
        channel=Channel(channel) if channel else None,
        date_from=form.date_from.data if not form.date_from.errors else None,
        date_to=form.date_to.data if not form.date_to.errors else None,
        sort=form.sort.data if form.sort.data in services.SORTS else "oldest",
        view="hidden" if request.args.get("view") == "hidden" else "queue",
        kind=form.kind.data if form.kind.data in services.KINDS else None,
    )


def _decision_form() -> DecisionForm:
    form = DecisionForm()
    reasons = reason_list.active_reasons(current_user.municipality_id)
    form.reason_id.choices = options(
        [("", _("Kies een reden")), *((r.id, r.label) for r in reasons)]
    )
    return form


@bp.get("")
@role_required(*MODERATORS)
def queue():
    decision_form = _decision_form()
    # Commit the default reasons (first use) now: a commit later would expire the items.
    db.session.commit()
    filter_form = _filter_form()
    filters = _filters(filter_form)
    page = min(max(request.args.get("page", 1, type=int), 1), 10_000)
    items, total = services.queue_items(
        current_user.municipality_id, filters, page=page, per_page=PAGE_SIZE
    )
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    return render_template(
        "moderation/queue.html",
        filter_form=filter_form,
        filters=filters,
        items=items,
        total=total,
        page=page,
        pages=pages,
        form=decision_form,
        select_all=request.args.get("select") == "all",
        channel_labels=CHANNEL_LABELS,
        query_args={k: v for k, v in request.args.items() if k not in ("page", "select")},
    )


def _parse_selection() -> dict[int, ContributionStatus]:
    """Return id → status the moderator saw, for the ticked (or the single) items."""
    action = request.form.get("action", "")
    single = action.partition(":")[2]
    raw_ids = [single] if single else request.form.getlist("ids")
    seen: dict[int, ContributionStatus] = {}
    for raw in raw_ids:
        if not raw.isdigit():
            abort(400)
        try:
            seen[int(raw)] = ContributionStatus(request.form.get(f"seen-{raw}", ""))
        except ValueError:
            abort(400)
    return seen


def _parse_reply_selection() -> dict[int, ContributionStatus]:
    """Return reply id → status the moderator saw, for the ticked replies."""
    if request.form.get("action", "").partition(":")[2]:
        return {}  # a single-item button acts on that contribution only
    seen: dict[int, ContributionStatus] = {}
    for raw in request.form.getlist("reply_ids"):
        if not raw.isdigit():
            abort(400)
        try:
            seen[int(raw)] = ContributionStatus(request.form.get(f"seen-reply-{raw}", ""))
        except ValueError:
            abort(400)
    return seen


def _check_reply_municipality(ids: list[int]) -> None:
    if not ids:
        return
    rows = db.session.execute(
        select(Reply.id, Consultation.municipality_id)
        .join(Contribution, Reply.contribution_id == Contribution.id)
        .join(Consultation, Contribution.consultation_id == Consultation.id)
        .where(Reply.id.in_(ids))
    ).all()
    if len(rows) != len(ids):
        abort(404)
    for reply_id, municipality_id in rows:
        if municipality_id != current_user.municipality_id:
            require_own(db.session.get(Reply, reply_id))


def _check_municipality(ids: list[int]) -> None:
    rows = db.session.execute(
        select(Contribution.id, Consultation.municipality_id)
        .join(Consultation, Contribution.consultation_id == Consultation.id)
        .where(Contribution.id.in_(ids))
    ).all()
    if len(rows) != len(ids):
        abort(404)
    for contribution_id, municipality_id in rows:
        if municipality_id != current_user.municipality_id:
            require_own(db.session.get(Contribution, contribution_id))


@bp.post("/besluit")
@role_required(*MODERATORS)
def decide():
    back = safe_next(request.form.get("next"), url_for("moderation.queue"))
    form = _decision_form()
    if not form.validate():
        flash(_("De toelichting is te lang (hoogstens 400 tekens)."), "error")
        return redirect(back)
    decision = BULK_ACTIONS.get(request.form.get("action", "").partition(":")[0])
    if decision is None:
        abort(400)
    seen = _parse_selection()
    seen_replies = _parse_reply_selection()
    if not seen and not seen_replies:
        flash(_("Kies eerst een of meer bijdragen of reacties."), "warning")
        return redirect(back)
    if seen:
        _check_municipality(list(seen))
    _check_reply_municipality(list(seen_replies))
    reason = None
    if form.reason_id.data:
        reason = db.session.get(ModerationReason, form.reason_id.data)
        if reason is None or not reason.active:
            abort(400)
        require_own(reason)
    status_reason = reason_list.compose_status_reason(reason, form.note.data)
    if decision in services.REASON_REQUIRED and not status_reason:
        flash(_("Kies een reden of schrijf een toelichting. De schrijver ziet deze."), "error")
        return redirect(back)
    decided_place = _single_item_place(seen, seen_replies)
    outcome = services.decide(
        seen, decision, moderator=current_user, reason=status_reason, seen_replies=seen_replies
    )
    db.session.commit()
    flash_outcome(decision, outcome)
    if request.form.get("then") == "next" and decided_place is not None:
        return redirect(_next_item_url(decided_place))
    return redirect(back)


def _single_item_place(
    seen: dict[int, ContributionStatus], seen_replies: dict[int, ContributionStatus]
) -> QueuePlace | None:
    """The queue place of the one item decided on its own page (None for a bulk decision)."""
    if len(seen) + len(seen_replies) != 1:
        return None
    if seen:
        return place_of(db.session.get(Contribution, next(iter(seen))))
    return place_of(db.session.get(Reply, next(iter(seen_replies))))


def _next_item_url(after: QueuePlace) -> str:
    """The page of the next waiting item, or the queue when nothing else waits."""
    following = next_in_queue(current_user.municipality_id, after)
    if following is None:
        flash(_("Er wacht niets meer in de wachtrij."), "success")
        return url_for("moderation.queue")
    flash(_("Dit is het volgende item uit de wachtrij."), "info")
    if following.kind == "reply":
        return url_for("moderation.reply", reply_id=following.id)
    return url_for("moderation.item", contribution_id=following.id)


DECISION_NAMES = {
    Decision.APPROVE: _l("goedgekeurd"),
    Decision.HIDE: _l("verborgen"),
    Decision.REJECT: _l("afgewezen"),
    Decision.RESTORE: _l("teruggezet"),
    Decision.REDACT: _l("gepubliceerd zonder persoonsgegevens"),
}


@bp.app_context_processor
def inject_moderation_helpers() -> dict:
    return {
        "contribution_status_name": status_name,
        "decision_name": lambda decision: str(DECISION_NAMES.get(decision, decision)),
        "moderation_text": lambda c: services.highlight_pii(c.text, services.pii_spans(c)),
    }


def _personal_data_view(item: Contribution | Reply) -> dict:
    """The text with personal data marked, and how it would be published without it."""
    spans = services.pii_spans(item)
    return {
        "highlighted": services.highlight_pii(item.text, spans),
        "has_pii": bool(spans),
        "redacted_preview": services.redacted_version(item) if spans else None,
    }


@bp.get("/bijdrage/<int:contribution_id>")
@role_required(*MODERATORS)
def item(contribution_id: int):
    contribution = db.get_or_404(Contribution, contribution_id)
    require_own(contribution)
    reports = services.open_reports(contribution)
    form = _decision_form()
    db.session.commit()
    return render_template(
        "moderation/item.html",
        contribution=contribution,
        reasons=services.queue_reasons(contribution, len(reports)),
        reason_labels=services.REASON_LABELS,
        **_personal_data_view(contribution),
        history=services.history(contribution),
        reports=reports,
        form=form,
        channel_labels=CHANNEL_LABELS,
        replies=reply_queue.replies_of(contribution),
    )


@bp.get("/reactie/<int:reply_id>")
@role_required(*MODERATORS)
def reply(reply_id: int):
    item = db.get_or_404(Reply, reply_id)
    contribution = item.contribution
    require_own(item)
    reports = reply_queue.open_reports(item)
    form = _decision_form()
    db.session.commit()
    return render_template(
        "moderation/reply.html",
        reply=item,
        contribution=contribution,
        reasons=reply_queue.queue_reasons(item, len(reports)),
        reason_labels=services.REASON_LABELS,
        **_personal_data_view(item),
        history=reply_queue.history(item),
        reports=reports,
        form=form,
    )


@bp.get("/redenen")
@role_required(Role.ADMIN)
def reasons():
    items = reason_list.active_reasons(current_user.municipality_id)
    db.session.commit()
    return render_template("moderation/reasons.html", reasons=items, form=ReasonForm())


@bp.post("/redenen")
@role_required(Role.ADMIN)
def add_reason():
    form = ReasonForm()
    if not form.validate():
        items = reason_list.active_reasons(current_user.municipality_id)
        return render_template("moderation/reasons.html", reasons=items, form=form), 400
    reason_list.add_reason(current_user.municipality_id, form.label.data)
    db.session.commit()
    flash(_("De reden is toegevoegd."), "success")
    return redirect(url_for("moderation.reasons"))


def _reason_or_deny(reason_id: int) -> ModerationReason:
    reason = db.get_or_404(ModerationReason, reason_id)
    require_own(reason)
    if not reason.active:
        abort(404)
    return reason


@bp.post("/redenen/<int:reason_id>")
@role_required(Role.ADMIN)
def update_reason(reason_id: int):
    reason = _reason_or_deny(reason_id)
    form = ReasonForm()
    if not form.validate():
        flash(_("Een reden heeft 3 tot 200 tekens."), "error")
        return redirect(url_for("moderation.reasons"))
    reason_list.rename_reason(reason, form.label.data)
    db.session.commit()
    flash(_("De reden is aangepast."), "success")
    return redirect(url_for("moderation.reasons"))


@bp.post("/redenen/<int:reason_id>/verwijderen")
@role_required(Role.ADMIN)
def remove_reason(reason_id: int):
    reason = _reason_or_deny(reason_id)
    reason_list.remove_reason(reason)
    db.session.commit()
    flash(_("De reden is verwijderd uit de lijst."), "success")
    return redirect(url_for("moderation.reasons"))
