"""Moderation pages: the queue with bulk decisions, one item, and the reason list."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from dialogue.accounts.models import Role
from dialogue.contributions.models import Channel, Contribution, ContributionStatus, Reply
from dialogue.extensions import db
from dialogue.main.routes import safe_next
from dialogue.moderation import decisions
from dialogue.moderation import queue as moderation_queue
from dialogue.moderation import reasons as reason_list
from dialogue.moderation.forms import (
    CHANNEL_LABELS,
    DecisionForm,
    QueueFilterForm,
    ReasonForm,
    channel_choices,
    options,
)
from dialogue.moderation.messages import flash_outcome, language_name, status_name
from dialogue.moderation.models import Decision, ModerationReason
from dialogue.moderation.next_item import QueuePlace, next_in_queue, single_item_place
from dialogue.moderation.personal_data import highlight_pii, personal_data_view, pii_spans
from dialogue.security import own, require_own, role_required

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
    form = QueueFilterForm(request.args)
    consultations, kernen = moderation_queue.filter_options(current_user.municipality_id)
    form.consultation.choices = options(
        [("", _("Alle raadplegingen")), *((c.id, c.title) for c in consultations)]
    )
    form.kern.choices = options([("", _("Alle kernen")), *((a.id, a.name) for a in kernen)])
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
            ("", _("Inbreng en reacties")),
            ("contribution", _("Alleen inbreng")),
            ("reply", _("Alleen reacties")),
        ]
    )
    form.validate()
    return form


def _filters(form: QueueFilterForm) -> moderation_queue.QueueFilters:
    channel = form.channel.data if form.channel.data in set(Channel) else None
    return moderation_queue.QueueFilters(
        consultation_id=form.consultation.data,
        kern_id=form.kern.data,
        reason=form.reason.data or None,
        channel=Channel(channel) if channel else None,
        date_from=form.date_from.data if not form.date_from.errors else None,
        date_to=form.date_to.data if not form.date_to.errors else None,
        sort=form.sort.data if form.sort.data in moderation_queue.SORTS else "oldest",
        view="hidden" if request.args.get("view") == "hidden" else "queue",
        kind=form.kind.data if form.kind.data in moderation_queue.KINDS else None,
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
    filter_form = _filter_form()
    filters = _filters(filter_form)
    page = min(max(request.args.get("page", 1, type=int), 1), 10_000)
    items, total = moderation_queue.queue_items(
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


def _parse_selection(model: type[Contribution] | type[Reply]) -> dict[int, ContributionStatus]:
    """Return id → status the moderator saw, for the ticked (or the single) items of a kind."""
    single = request.form.get("action", "").partition(":")[2]
    if single:  # a single-item button of the queue acts on that contribution only
        raw_ids = [single] if model is Contribution else []
    else:
        raw_ids = request.form.getlist(model.kind.ids_field)
    seen: dict[int, ContributionStatus] = {}
    for raw in raw_ids:
        if not raw.isdigit():
            abort(400)
        try:
            seen[int(raw)] = ContributionStatus(request.form.get(model.kind.seen_prefix + raw, ""))
        except ValueError:
            abort(400)
    return seen


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
    seen, seen_replies = _parse_selection(Contribution), _parse_selection(Reply)
    if not seen and not seen_replies:
        flash(_("Kies eerst inbreng of reacties."), "warning")
        return redirect(back)
    decisions.require_own_selection(Contribution, list(seen))
    decisions.require_own_selection(Reply, list(seen_replies))
    reason = None
    if form.reason_id.data:
        reason = reason_list.find_reason(form.reason_id.data)
        if reason is None or not reason.active:
            abort(400)
        require_own(reason)
    status_reason = reason_list.compose_status_reason(reason, form.note.data)
    if decision in decisions.REASON_REQUIRED and not status_reason:
        flash(_("Kies een reden of schrijf een toelichting. De schrijver ziet deze."), "error")
        return redirect(back)
    decided_place = single_item_place(seen, seen_replies)
    outcome = decisions.decide(
        seen, decision, moderator=current_user, reason=status_reason, seen_replies=seen_replies
    )
    db.session.commit()
    flash_outcome(decision, outcome)
    if request.form.get("then") == "next" and decided_place is not None:
        return redirect(_next_item_url(decided_place))
    return redirect(back)


def _next_item_url(after: QueuePlace) -> str:
    """The page of the next waiting item, or the queue when nothing else waits."""
    following = next_in_queue(current_user.municipality_id, after)
    if following is None:
        flash(_("Er wacht niets meer in de wachtrij."), "success")
        return url_for("moderation.queue")
    flash(_("Dit is het volgende item uit de wachtrij."), "info")
    kind = next(model.kind for model in moderation_queue.MODELS if model.kind.key == following.kind)
    return url_for(kind.endpoint, **{kind.foreign_key: following.id})


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
        "language_name": language_name,
        "decision_name": lambda decision: str(DECISION_NAMES.get(decision, decision)),
        "moderation_text": lambda c: highlight_pii(c.text, pii_spans(c)),
    }


def _item_page(item: Contribution | Reply, template: str, **extra: object) -> str:
    """The page of one item: its text, why it waits, reports, history and the decision form."""
    reports = moderation_queue.open_reports(item)
    form = _decision_form()
    return render_template(
        template,
        reasons=moderation_queue.queue_reasons(item, len(reports)),
        reason_labels=moderation_queue.REASON_LABELS,
        **personal_data_view(item),
        history=decisions.history(item),
        reports=reports,
        form=form,
        page_url=url_for(item.kind.endpoint, **{item.kind.foreign_key: item.id}),
        **extra,
    )


@bp.get("/bijdrage/<int:contribution_id>")
@role_required(*MODERATORS)
def item(contribution_id: int):
    contribution = own(Contribution, contribution_id)
    return _item_page(
        contribution,
        "moderation/item.html",
        contribution=contribution,
        channel_labels=CHANNEL_LABELS,
        replies=moderation_queue.replies_of(contribution),
    )


@bp.get("/reactie/<int:reply_id>")
@role_required(*MODERATORS)
def reply(reply_id: int):
    item = own(Reply, reply_id)
    return _item_page(item, "moderation/reply.html", reply=item, contribution=item.contribution)


@bp.get("/redenen")
@role_required(Role.ADMIN)
def reasons():
    items = reason_list.active_reasons(current_user.municipality_id)
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
    reason = own(ModerationReason, reason_id)
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
