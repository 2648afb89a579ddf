"""Pages where analysts and admins answer publicly."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from dialogue.accounts.models import Role
from dialogue.answers import services
from dialogue.answers.forms import AnswerForm
from dialogue.answers.models import OfficialResponse
from dialogue.consultations.models import Consultation, ConsultationStatus
from dialogue.contributions.models import Contribution, ContributionStatus
from dialogue.extensions import db
from dialogue.security import own, role_required

bp = Blueprint("answers", __name__, url_prefix="/werkplek/antwoorden")

ANSWERERS = (Role.ANALYST, Role.ADMIN)


@bp.get("")
@role_required(*ANSWERERS)
def overview():
    rows = services.consultations_with_answer_counts(current_user.municipality_id)
    return render_template("answers/overview.html", rows=rows)


def _checked(form: AnswerForm) -> tuple[Any, bool]:
    """Validate a posted answer and check its readability.

    Returns (hint, ready): ready when the text may be published (it reads at B1 level, or
    the writer confirmed after seeing the hint); the hint is shown otherwise.
    """
    from nlp import readability

    if request.method != "POST" or not form.validate():
        return None, False
    measured = readability(form.text.data)
    if "check" not in request.form and (not measured.above_b1 or form.publish_anyway.data):
        return None, True
    return measured, False


def _handle(form: AnswerForm, consultation: Consultation, contribution: Contribution | None):
    """Publish the answer when it is ready; return (hint, published)."""
    hint, ready = _checked(form)
    if ready:
        services.answer(
            consultation, text=form.text.data, author=current_user, contribution=contribution
        )
        db.session.commit()
        flash(_("Uw antwoord staat online. Betrokken inwoners krijgen bericht."), "success")
    return hint, ready


@bp.route("/raadpleging/<int:consultation_id>", methods=["GET", "POST"])
@role_required(*ANSWERERS)
def consultation(consultation_id: int):
    item = own(Consultation, consultation_id)
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
    item = own(Contribution, contribution_id)
    if item.status != ContributionStatus.PUBLISHED:
        flash(_("U kunt alleen antwoorden op gepubliceerde inbreng."), "warning")
        return redirect(url_for("answers.consultation", consultation_id=item.consultation_id))
    form = AnswerForm()
    hint, done = _handle(form, item.consultation, item)
    if done:
        return redirect(url_for("answers.consultation", consultation_id=item.consultation_id))
    status = 400 if form.errors else 200
    answers = services.answers_on(item)
    return render_template(
        "answers/form.html",
        form=form,
        consultation=item.consultation,
        contribution=item,
        hint=hint,
        answers=answers,
        published=[],
    ), status


@bp.route("/<int:answer_id>/wijzigen", methods=["GET", "POST"])
@role_required(*ANSWERERS)
def edit(answer_id: int):
    item = own(OfficialResponse, answer_id)
    form = AnswerForm(data={"text": item.text} if request.method == "GET" else None)
    hint, ready = _checked(form)
    if ready:
        if services.revise_answer(item, form.text.data):
            db.session.commit()
            flash(_("Het antwoord is aangepast. Er staat nu 'gewijzigd' bij."), "success")
        else:
            flash(_("U heeft niets veranderd."), "info")
        return redirect(url_for("answers.consultation", consultation_id=item.consultation_id))
    status = 400 if form.errors else 200
    return render_template("answers/edit.html", form=form, answer=item, hint=hint), status
