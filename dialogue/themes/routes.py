"""Analysts' pages: themes to curate, re-analysis, dashboards."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from dialogue.accounts.models import Role
from dialogue.answers import services as answers
from dialogue.consultations.models import Consultation
from dialogue.extensions import db
from dialogue.forms import options as choices
from dialogue.jobs import Job
from dialogue.security import own, role_required
from dialogue.themes import curation, queries
from dialogue.themes.analysis import ANALYSIS_JOB, request_analysis
from dialogue.themes.dashboard import CHARTED_THEMES, consultation_dashboard
from dialogue.themes.forms import (
    AnalysisForm,
    MergeForm,
    MoveForm,
    PinForm,
    PlaceForm,
    RenameForm,
    SplitForm,
    StatusForm,
    ThemeAnswerForm,
)
from dialogue.themes.models import Theme, ThemeStatus
from dialogue.themes.steps import analysis_steps
from dialogue.votes.alike import alike_voters
from dialogue.votes.analysis import common_ground_view

bp = Blueprint("themes", __name__, url_prefix="/werkplek")
ANALYSTS = (Role.ANALYST, Role.ADMIN)


@bp.get("/raadplegingen/<int:consultation_id>/themas")
@role_required(*ANALYSTS)
def themes(consultation_id: int):
    consultation = own(Consultation, consultation_id)
    return render_template(
        "themes/list.html",
        consultation=consultation,
        form=AnalysisForm(),
        **queries.themes_page(consultation),
    )


@bp.post("/raadplegingen/<int:consultation_id>/analyse")
@role_required(*ANALYSTS)
def reanalyse(consultation_id: int):
    consultation = own(Consultation, consultation_id)
    if not AnalysisForm().validate_on_submit():
        abort(400)
    job = request_analysis(consultation, requested_by=current_user, background=True)
    flash(_("De analyse is gestart. U kunt intussen verder werken."), "info")
    return redirect(url_for(".job", job_id=job.id))


@bp.get("/taken/<int:job_id>")
@role_required(*ANALYSTS)
def job(job_id: int):
    job = own(Job, job_id)
    consultation_id = int(job.subject.split(":")[1]) if job.subject else None
    steps = analysis_steps(job) if job.kind == ANALYSIS_JOB else []
    return render_template("themes/job.html", job=job, consultation_id=consultation_id, steps=steps)


@bp.get("/themas/<int:theme_id>")
@role_required(*ANALYSTS)
def theme(theme_id: int):
    return render_theme(own(Theme, theme_id))


def render_theme(theme: Theme, answer_form: ThemeAnswerForm | None = None, readability=None):
    """Render the theme page with its members and the curation forms."""
    page = queries.theme_page(theme, request.args.get("page", 1, type=int) or 1)
    merge_form = MergeForm()
    merge_form.target.choices = choices([(t.id, t.label) for t in page.others])
    split_form = SplitForm()
    split_form.contributions.choices = choices(
        [(c.id, c.public_text[:80]) for c in page.members.items]
    )
    move_form = MoveForm()
    move_form.target.choices = choices(
        [(0, _("Overig (geen thema)"))] + [(t.id, t.label) for t in page.others]
    )
    return render_template(
        "themes/detail.html",
        theme=theme,
        members=page.members,
        rename_form=RenameForm(label=theme.label),
        merge_form=merge_form,
        split_form=split_form,
        move_form=move_form,
        status_form=StatusForm(status=theme.status.value),
        pin_form=PinForm(),
        answer_form=answer_form or ThemeAnswerForm(formdata=None),
        answers=page.answers,
        readability=readability,
        common_ground=page.common_ground,
    )


def _back(theme: Theme, page: int | None = None):
    """Go back to the theme page, on the page of its members the form was sent from."""
    page_args = {"page": page} if page and page > 1 else {}
    return redirect(url_for(".theme", theme_id=theme.id, **page_args))


def _posted_page() -> int | None:
    return request.form.get("page", type=int)


def _fail(theme: Theme, message: str):
    flash(message, "error")
    return _back(theme, _posted_page())


@bp.post("/themas/<int:theme_id>/naam")
@role_required(*ANALYSTS)
def rename(theme_id: int):
    theme = own(Theme, theme_id)
    form = RenameForm()
    if not form.validate_on_submit():
        return _fail(theme, " ".join(map(str, form.label.errors)) or _("Controleer de naam."))
    try:
        curation.rename_theme(theme, form.label.data)
    except curation.CurationError as error:
        return _fail(theme, str(error))
    db.session.commit()
    flash(_("De naam is aangepast."), "success")
    return _back(theme)


@bp.post("/themas/<int:theme_id>/samenvoegen")
@role_required(*ANALYSTS)
def merge(theme_id: int):
    theme = own(Theme, theme_id)
    form = MergeForm()
    form.target.choices = choices(
        [(t.id, t.label) for t in queries.other_themes(theme)] + [(theme.id, theme.label)]
    )
    if not form.validate_on_submit():
        return _fail(theme, _("Kies een thema om mee samen te voegen."))
    target = own(Theme, form.target.data)
    try:
        curation.merge_themes(theme, target)
    except curation.CurationError as error:
        return _fail(theme, str(error))
    db.session.commit()
    flash(_("De thema's zijn samengevoegd."), "success")
    return _back(target)


@bp.post("/themas/<int:theme_id>/splitsen")
@role_required(*ANALYSTS)
def split(theme_id: int):
    theme = own(Theme, theme_id)
    form = SplitForm()
    form.contributions.choices = [
        (int(v), "") for v in request.form.getlist("contributions") if v.isdigit()
    ]
    if not form.validate_on_submit():
        return _fail(theme, _("Geef het nieuwe thema een naam en kies inbreng."))
    try:
        new = curation.split_theme(theme, form.contributions.data, form.label.data)
    except curation.CurationError as error:
        return _fail(theme, str(error))
    db.session.commit()
    flash(_("Het nieuwe thema is gemaakt."), "success")
    return _back(new)


@bp.post("/themas/<int:theme_id>/verplaatsen")
@role_required(*ANALYSTS)
def move(theme_id: int):
    theme = own(Theme, theme_id)
    form = MoveForm()
    target_id = request.form.get("target", type=int) or 0
    form.target.choices = choices([(target_id, "")])
    if not form.validate_on_submit():
        abort(400)
    try:
        curation.move_from_theme(theme, request.form.get("contribution", type=int), target_id)
    except curation.CurationError as error:
        return _fail(theme, str(error))
    db.session.commit()
    flash(_("De inbreng is verplaatst."), "success")
    return _back(theme, _posted_page())


@bp.post("/themas/<int:theme_id>/vastzetten")
@role_required(*ANALYSTS)
def pin(theme_id: int):
    theme = own(Theme, theme_id)
    if not PinForm().validate_on_submit():
        abort(400)
    try:
        curation.set_pinned(theme, not theme.pinned)
    except curation.CurationError as error:
        return _fail(theme, str(error))
    db.session.commit()
    flash(
        _("Het thema blijft bij een nieuwe analyse bestaan.")
        if theme.pinned
        else _("Het thema is niet meer vastgezet."),
        "success",
    )
    return _back(theme)


@bp.post("/themas/<int:theme_id>/status")
@role_required(*ANALYSTS)
def status(theme_id: int):
    theme = own(Theme, theme_id)
    form = StatusForm()
    if not form.validate_on_submit():
        return _fail(theme, _("Kies een status."))
    try:
        curation.set_status(theme, ThemeStatus(form.status.data))
    except curation.CurationError as error:
        return _fail(theme, str(error))
    db.session.commit()
    flash(_("De status is aangepast."), "success")
    return _back(theme)


@bp.post("/themas/<int:theme_id>/antwoord")
@role_required(*ANALYSTS)
def answer(theme_id: int):
    theme = own(Theme, theme_id)
    form = ThemeAnswerForm()
    if not form.validate_on_submit():
        return render_theme(theme, answer_form=form), 400
    if request.form.get("action") == "check":
        from nlp import readability

        return render_theme(theme, answer_form=form, readability=readability(form.text.data))
    answers.answer(theme.consultation, text=form.text.data, author=current_user, theme=theme)
    db.session.commit()
    flash(_("Uw antwoord staat nu op de openbare pagina."), "success")
    return _back(theme)


@bp.get("/raadplegingen/<int:consultation_id>/dashboard")
@role_required(*ANALYSTS)
def dashboard(consultation_id: int):
    consultation = own(Consultation, consultation_id)
    return render_template(
        "themes/dashboard.html",
        consultation=consultation,
        board=consultation_dashboard(consultation),
        charted_limit=CHARTED_THEMES,
        common_ground=common_ground_view(consultation) if consultation.voting else None,
        alike=alike_voters(consultation),
    )


@bp.get("/raadplegingen/<int:consultation_id>/onzeker")
@role_required(*ANALYSTS)
def uncertain(consultation_id: int):
    consultation = own(Consultation, consultation_id)
    return render_template(
        "themes/uncertain.html",
        consultation=consultation,
        form=PlaceForm(),
        **queries.uncertain_page(consultation, request.args.get("thema", type=int)),
    )


@bp.post("/raadplegingen/<int:consultation_id>/onzeker")
@role_required(*ANALYSTS)
def place(consultation_id: int):
    consultation = own(Consultation, consultation_id)
    if not PlaceForm().validate_on_submit():
        abort(400)
    try:
        curation.place_by_id(
            consultation,
            request.form.get("contribution", type=int),
            request.form.get("target", type=int),
        )
    except curation.CurationError as error:
        flash(str(error), "error")
        return redirect(_back_to_uncertain(consultation))
    db.session.commit()
    flash(_("De inbreng is geplaatst."), "success")
    return redirect(_back_to_uncertain(consultation))


def _back_to_uncertain(consultation: Consultation) -> str:
    """The "Onzeker" list again, showing the theme it showed (a number, else all)."""
    theme_id = request.form.get("thema", type=int)
    return url_for(".uncertain", consultation_id=consultation.id, thema=theme_id)


@bp.app_context_processor
def inject_labels() -> dict:
    from dialogue.themes.labels import template_helpers

    return template_helpers()
