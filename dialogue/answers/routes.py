"""Pages where analysts and admins answer publicly."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from dialogue.accounts.models import Role
from dialogue.answers import services
from dialogue.answers.forms import AnswerForm
from dialogue.audit.services import require_municipality
from dialogue.consultations.models import Consultation, ConsultationStatus
from dialogue.contributions.models import Contribution, ContributionStatus
from dialogue.extensions import db
from dialogue.security import role_required

bp = Blueprint("answers", __name__, url_prefix="/werkplek/antwoorden")

ANSWERERS = (Role.ANALYST, Role.ADMIN)


@bp.get("")
@role_required(*ANSWERERS)
def overview():
    rows = services.consultations_with_answer_counts(current_user.municipality_id)
    return render_template("answers/overview.html", rows=rows)


def _handle(form: AnswerForm, consultation: Consultation, contribution: Contribution | None):
    """Check readability; publish when it reads well or the writer confirms. Return the hint."""
    from nlp import readability

    hint = None
    if request.method == "POST" and form.validate():
        measured = readability(form.text.data)
        checking = "check" in request.form
        if not checking and (not measured.above_b1 or form.publish_anyway.data):
            services.answer(
                consultation, text=form.text.data, author=current_user, contribution=contribution
            )
            db.session.commit()
            flash(_("Uw antwoord staat online. Betrokken inwoners krijgen bericht."), "success")
            return None, True
        hint = measured
    return hint, False


@bp.route("/raadpleging/<int:consultation_id>", methods=["GET", "POST"])
@role_required(*ANSWERERS)
def consultation(consultation_id: int):
    item = db.get_or_404(Consultation, consultation_id)
    require_municipality(item)
    form = AnswerForm()
    if item.status == ConsultationStatus.DRAFT:
        flash(_("Een concept heeft nog geen inwoners om te antwoorden."), "warning")
        return redirect(url_for("answers.overview"))
    hint, done = _handle(form, item, None)
    if done:
        return redirect(url_for("answers.consultation", consultation_id=item.id))
    status = 400 if form.errors else 200
    return render_template(
        "answers/form.html",
        form=form,
        consultation=item,
        contribution=None,
        hint=hint,
        answers=services.answers_for(item),
        published=services.recent_published(item),
    ), status


@bp.route("/bijdrage/<int:contribution_id>", methods=["GET", "POST"])
@role_required(*ANSWERERS)
def contribution(contribution_id: int):
    item = db.get_or_404(Contribution, contribution_id)
    require_municipality(item, item.consultation.municipality_id)
    if item.status != ContributionStatus.PUBLISHED:
        flash(_("U kunt alleen antwoorden op gepubliceerde bijdragen."), "warning")
        return redirect(url_for("answers.consultation", consultation_id=item.consultation_id))
    form = AnswerForm()
    hint, done = _handle(form, item.consultation, item)
    if done:
        return redirect(url_for("answers.consultation", consultation_id=item.consultation_id))
    status = 400 if form.errors else 200
    answers = [a for a in services.answers_for(item.consultation) if a.contribution_id == item.id]
    return render_template(
        "answers/form.html",
        form=form,
        consultation=item.consultation,
        contribution=item,
        hint=hint,
        answers=answers,
        published=[],
    ), status
