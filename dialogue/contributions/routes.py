"""Posting input (logged in or anonymous with e-mail confirmation), reacting, own input."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from dialogue.accounts.models import Role
from dialogue.consultations.models import Consultation
from dialogue.consultations.phases import not_yet_open_message
from dialogue.consultations.services import public_consultation
from dialogue.contributions import account_limits, labels
from dialogue.contributions.authoring import (
    can_edit,
    edit_contribution,
    edit_deadline,
    withdraw_contribution,
)
from dialogue.contributions.forms import (
    ActionForm,
    ConfirmForm,
    ContributionForm,
    EditContributionForm,
    ReplyForm,
    ReportForm,
    apply_errors,
)
from dialogue.contributions.limits import (
    anonymous_ip_rate_limit,
    contribution_rate_key,
    contribution_rate_limit,
    is_logged_in,
    posted,
)
from dialogue.contributions.models import Contribution, ContributionStatus, Reply
from dialogue.contributions.queries import own_contributions
from dialogue.contributions.reactions import (
    add_reply,
    add_support,
    own_replies,
    own_reply_ids,
    remove_support,
    report_contribution,
    report_reply,
)
from dialogue.contributions.screening import HOLD_PII
from dialogue.contributions.services import (
    ContributionError,
    confirm_anonymous_contribution,
    contribution_for_token,
    prepare_contribution,
    send_confirmation,
    store_contribution,
)
from dialogue.db import reads_before_write_lock
from dialogue.errors import render_error
from dialogue.extensions import db, limiter
from dialogue.main.routes import safe_next
from dialogue.security import role_required

bp = Blueprint("contributions", __name__)

#: Session key: where the consultation page shows its next messages: beside an input (its id,
#: after "Ik steun dit") or beside the form (FORM_ANCHOR, after confirming an address).
NOTICE_AT = "notice_at"
#: The id of the form's section on the consultation page.
FORM_ANCHOR = "meedoen"


@bp.app_context_processor
def inject_labels() -> dict:
    return {
        "author_label": labels.author_label,
        "contribution_status": labels.status_text,
        "hold_text": labels.hold_text,
        "role_label": labels.role_label,
    }


def consultation_page(contribution: Contribution) -> str:
    """Return the link to the contribution on its consultation page."""
    consultation = contribution.consultation
    return url_for(
        "consultations.show",
        municipality=consultation.municipality.slug,
        slug=consultation.slug,
        _anchor=f"inbreng-{contribution.id}",
    )


def _consultation_url(consultation: Consultation) -> str:
    return url_for(
        "consultations.show", municipality=consultation.municipality.slug, slug=consultation.slug
    )


def _public_contribution(contribution_id: int) -> Contribution:
    contribution = db.session.get(Contribution, contribution_id)
    if contribution is None or contribution.status != ContributionStatus.PUBLISHED:
        abort(404)
    return contribution


def _own_contribution(contribution_id: int) -> Contribution:
    contribution = db.session.get(Contribution, contribution_id)
    if contribution is None or contribution.author_id != current_user.id:
        abort(404)
    return contribution


def _flash_posted(contribution: Contribution) -> None:
    if contribution.status == ContributionStatus.PUBLISHED:
        flash(_("Dank u wel. Uw inbreng staat online."), "success")
    else:
        flash(
            _("Dank u wel. Uw inbreng is ontvangen.") + " " + labels.hold_text(contribution),
            "success",
        )


@bp.route("/<municipality>/<slug>/inbreng", methods=["GET", "POST"])
@limiter.limit(
    contribution_rate_limit,
    key_func=contribution_rate_key,
    methods=["POST"],
    deduct_when=posted,
    exempt_when=is_logged_in,
)
@limiter.limit(
    anonymous_ip_rate_limit, methods=["POST"], deduct_when=posted, exempt_when=is_logged_in
)
def new(municipality: str, slug: str):
    consultation = public_consultation(municipality, slug)
    if current_user.is_authenticated and current_user.role != Role.RESIDENT:
        abort(403)
    if not consultation.is_open:
        refusal = _not_open_message(consultation)
        if request.method == "POST":  # closed while the resident wrote: give the text back
            return render_error(409, refusal)
        flash(refusal, "error")
        return redirect(_consultation_url(consultation))
    anonymous = not current_user.is_authenticated
    if request.method == "POST" and not anonymous:
        account_limits.refuse_when_over_limit(current_user, "contribution")
    form = ContributionForm(anonymous=anonymous, kernen=[a.name for a in consultation.kernen])
    if not form.is_submitted() and not anonymous:
        form.display_name.data = current_user.display_name
    if form.validate_on_submit():
        try:
            # Validation and screening only read: on SQLite, other writers go on meanwhile.
            with reads_before_write_lock(db.session):
                prepared = prepare_contribution(
                    consultation,
                    text=form.text.data,
                    author=None if anonymous else current_user,
                    kern=form.kern.data or None,
                    display_name=form.display_name.data,
                    pending_email=form.email.data if anonymous else None,
                    client_ref=form.form_ref.data or None,
                )
            contribution, is_new = store_contribution(prepared)
        except ContributionError as error:
            db.session.rollback()
            apply_errors(form, error)
        else:
            if anonymous:
                if is_new:
                    send_confirmation(contribution)
                db.session.commit()
                return redirect(url_for(".sent"))
            db.session.commit()
            if is_new:
                account_limits.count_post(current_user, "contribution")
                _flash_posted(contribution)
            else:
                flash(_("Deze inbreng hadden we al ontvangen. Hij staat er maar één keer."), "info")
            return redirect(url_for(".mine", _anchor=f"inbreng-{contribution.id}"))
    return render_template("contributions/new.html", consultation=consultation, form=form)


def _not_open_message(consultation: Consultation) -> str:
    """Say why the consultation takes no input: it has not started yet, or it is closed."""
    return not_yet_open_message(consultation) or _(
        "Deze raadpleging is gesloten. U kunt geen nieuwe inbreng meer geven."
    )


@bp.get("/inbreng/verstuurd")
def sent():
    hours = current_app.config["EMAIL_TOKEN_MAX_AGE"] // 3600
    return render_template("contributions/sent.html", hours=hours)


@bp.route("/inbreng/bevestigen/<token>", methods=["GET", "POST"])
def confirm(token: str):
    contribution, state = contribution_for_token(token)
    form = ConfirmForm()
    if state == "ok" and form.validate_on_submit():
        confirm_anonymous_contribution(contribution)
        db.session.commit()
        _flash_posted(contribution)
        return redirect(consultation_page(contribution))
    status = {"ok": 200, "confirmed": 200, "expired": 410}.get(state, 404)
    return render_template(
        "contributions/confirm.html", state=state, form=form, contribution=contribution
    ), status


@bp.route("/inbreng/<int:contribution_id>/reageren", methods=["GET", "POST"])
@role_required(Role.RESIDENT)
def reply(contribution_id: int):
    contribution = _public_contribution(contribution_id)
    if request.method == "POST":
        account_limits.refuse_when_over_limit(current_user, "reply")
    form = ReplyForm()
    if not form.is_submitted():
        form.display_name.data = current_user.display_name
    if form.validate_on_submit():
        replies_before = own_reply_ids(contribution, current_user)
        try:
            posted_reply = add_reply(
                contribution,
                current_user,
                form.text.data,
                display_name=form.display_name.data,
            )
        except ContributionError as error:
            db.session.rollback()
            apply_errors(form, error)
        else:
            is_new = posted_reply.id not in replies_before
            db.session.commit()
            if is_new:
                account_limits.count_post(current_user, "reply")
            if posted_reply.status == ContributionStatus.PUBLISHED:
                flash(_("Dank u wel. Uw reactie is geplaatst."), "success")
            elif posted_reply.hold_reason == HOLD_PII:
                flash(
                    _(
                        "Dank u wel. Er staan misschien persoonsgegevens in uw reactie, zoals "
                        "een telefoonnummer. Een moderator bekijkt uw reactie voordat die "
                        "online komt."
                    ),
                    "success",
                )
            else:
                flash(
                    _("Dank u wel. Een moderator bekijkt uw reactie voordat die online komt."),
                    "success",
                )
            return redirect(consultation_page(contribution))
    return render_template("contributions/reply.html", contribution=contribution, form=form)


@bp.post("/inbreng/<int:contribution_id>/steun")
@role_required(Role.RESIDENT)
def support(contribution_id: int):
    contribution = _public_contribution(contribution_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    # The button says what it does, so a double click repeats the same action (no toggling).
    withdraw = request.form.get("action") == "remove"
    try:
        if withdraw:
            remove_support(contribution, current_user)
            flash(_("U steunt deze inbreng niet meer."), "info")
        elif add_support(contribution, current_user):
            flash(_("U steunt deze inbreng."), "success")
        else:
            flash(_("U steunde deze inbreng al."), "info")
    except ContributionError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    else:
        db.session.commit()
    # Back to the same page of the list, at the input, with the message beside it.
    session[NOTICE_AT] = contribution.id
    back = safe_next(request.form.get("next"), _consultation_url(contribution.consultation))
    return redirect(f"{back}#inbreng-{contribution.id}")


@bp.route("/inbreng/<int:contribution_id>/melden", methods=["GET", "POST"])
@role_required(Role.RESIDENT)
def report(contribution_id: int):
    contribution = _public_contribution(contribution_id)
    form = ReportForm()
    if form.validate_on_submit():
        try:
            report_contribution(contribution, current_user, form.reason_text())
        except ContributionError as error:
            db.session.rollback()
            apply_errors(form, error)
        else:
            db.session.commit()
            flash(_("Dank u wel voor uw melding. Een moderator bekijkt de inbreng."), "success")
            return redirect(_consultation_url(contribution.consultation))
    return render_template("contributions/report.html", contribution=contribution, form=form)


@bp.route("/reactie/<int:reply_id>/melden", methods=["GET", "POST"])
@role_required(Role.RESIDENT)
def report_reaction(reply_id: int):
    reply = db.session.get(Reply, reply_id)
    if reply is None or reply.status != ContributionStatus.PUBLISHED:
        abort(404)
    contribution = _public_contribution(reply.contribution_id)
    form = ReportForm()
    if form.validate_on_submit():
        try:
            report_reply(reply, current_user, form.reason_text())
        except ContributionError as error:
            db.session.rollback()
            apply_errors(form, error)
        else:
            db.session.commit()
            flash(_("Dank u wel voor uw melding. Een moderator bekijkt de reactie."), "success")
            return redirect(consultation_page(contribution))
    return render_template(
        "contributions/report_reply.html", reply=reply, contribution=contribution, form=form
    )


@bp.get("/mijn-inbreng")
@role_required(Role.RESIDENT)
def mine():
    contributions = own_contributions(current_user)
    return render_template(
        "contributions/mine.html",
        contributions=contributions,
        replies=own_replies(current_user),
        editable={c.id for c in contributions if can_edit(c, current_user)},
        edit_deadline=edit_deadline,
    )


@bp.route("/mijn-inbreng/<int:contribution_id>/wijzigen", methods=["GET", "POST"])
@role_required(Role.RESIDENT)
def edit(contribution_id: int):
    contribution = _own_contribution(contribution_id)
    if not can_edit(contribution, current_user):
        flash(_("U kunt deze inbreng niet meer wijzigen."), "error")
        return redirect(url_for(".mine"))
    form = EditContributionForm(kernen=[a.name for a in contribution.consultation.kernen])
    if not form.is_submitted():
        form.text.data = contribution.text
        form.kern.data = contribution.kern.name if contribution.kern else ""
    if form.validate_on_submit():
        try:
            edit_contribution(
                contribution, current_user, text=form.text.data, kern=form.kern.data or None
            )
        except ContributionError as error:
            db.session.rollback()
            apply_errors(form, error)
        else:
            db.session.commit()
            flash(_("Uw inbreng is gewijzigd."), "success")
            return redirect(url_for(".mine", _anchor=f"inbreng-{contribution.id}"))
    return render_template(
        "contributions/edit.html",
        contribution=contribution,
        form=form,
        deadline=edit_deadline(contribution),
    )


@bp.route("/mijn-inbreng/<int:contribution_id>/intrekken", methods=["GET", "POST"])
@role_required(Role.RESIDENT)
def withdraw(contribution_id: int):
    contribution = _own_contribution(contribution_id)
    form = ActionForm()
    if form.validate_on_submit():
        withdraw_contribution(contribution, current_user)
        db.session.commit()
        flash(_("Uw inbreng is ingetrokken. Anderen zien hem niet meer."), "success")
        return redirect(url_for(".mine"))
    return render_template("contributions/withdraw.html", contribution=contribution, form=form)
