"""Export pages: the council report preview, file and data exports, and open data."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from dialogue.accounts.models import Role
from dialogue.consultations.models import Consultation
from dialogue.exports import data, downloads, services
from dialogue.exports.forms import ExportForm, OpenDataForm
from dialogue.exports.models import ExportFile
from dialogue.exports.render import report_context
from dialogue.exports.summary import build_summary
from dialogue.extensions import db
from dialogue.forms import options as choices
from dialogue.jobs import Job
from dialogue.security import own, role_required
from dialogue.themes.queries import active_themes

bp = Blueprint("exports", __name__)
EXPORTERS = (Role.ANALYST, Role.ADMIN)


def export_form(consultation: Consultation) -> ExportForm:
    form = ExportForm()
    form.kernen.choices = choices((a.name, a.name) for a in consultation.kernen)
    form.themes.choices = choices((t.key, t.label) for t in active_themes(consultation.id))
    return form


def _file_link(export: ExportFile) -> str:
    return url_for(".download", token=services.download_token(current_user, file=export.id))


@bp.route("/werkplek/raadplegingen/<int:consultation_id>/export", methods=["GET", "POST"])
@role_required(*EXPORTERS)
def index(consultation_id: int):
    consultation = own(Consultation, consultation_id)
    form = export_form(consultation)
    if form.validate_on_submit():
        fmt, options = form.format.data, form.options()
        if fmt in services.FILE_FORMATS:
            export = services.request_file_export(consultation, fmt, options, current_user)
            if export.path:
                return redirect(_file_link(export))
            return redirect(url_for(".job", job_id=export.job_id))
        services.record_stream_export(consultation, fmt, options, current_user)
        db.session.commit()
        token = services.download_token(
            current_user, consultation=consultation.id, format=fmt, options=options.as_dict()
        )
        return redirect(url_for(".download", token=token))
    recent = services.recent_files(consultation)
    status = 400 if form.errors else 200
    return render_template(
        "exports/index.html",
        consultation=consultation,
        form=form,
        recent=recent,
        links={export.id: _file_link(export) for export in recent},
        open_data_form=OpenDataForm(),
    ), status


@bp.get("/werkplek/export-taken/<int:job_id>")
@role_required(*EXPORTERS)
def job(job_id: int):
    job = own(Job, job_id)
    export = services.job_export(job)
    link = _file_link(export) if export is not None and export.path else None
    return render_template("exports/job.html", job=job, export=export, link=link)


@bp.get("/werkplek/download/<token>")
@role_required(*EXPORTERS)
def download(token: str):
    payload = services.read_download_token(token, current_user)
    if payload is None:
        flash(_("Deze downloadlink is verlopen. Maak de export opnieuw."), "warning")
        return redirect(url_for("officials.home"))
    if "file" in payload:
        export = own(ExportFile, payload["file"])
        if not services.ready_file(export):
            abort(404)
        return downloads.send_export_file(export, services.file_name(export))
    consultation = own(Consultation, int(payload.get("consultation", 0)))
    fmt = payload.get("format")
    if fmt not in services.STREAM_FORMATS:
        abort(404)
    options = services.options_from_dict(payload.get("options") or {})
    return downloads.stream_export(
        consultation, fmt, options, f"{consultation.slug}-bijdragen.{fmt}"
    )


@bp.get("/werkplek/raadplegingen/<int:consultation_id>/samenvatting")
@role_required(*EXPORTERS)
def preview(consultation_id: int):
    consultation = own(Consultation, consultation_id)
    return render_template("exports/preview.html", **report_context(build_summary(consultation)))


@bp.post("/werkplek/raadplegingen/<int:consultation_id>/open-data")
@role_required(Role.ADMIN)
def publish_open_data(consultation_id: int):
    consultation = own(Consultation, consultation_id)
    if not OpenDataForm().validate_on_submit():
        abort(400)
    try:
        services.publish_open_data(consultation)
    except services.OpenDataError as error:
        flash(str(error), "error")
        return redirect(url_for(".index", consultation_id=consultation.id))
    db.session.commit()
    flash(_("De open data staat nu op de openbare pagina."), "success")
    return redirect(url_for(".open_data", consultation_id=consultation.id))


def published_open_data(consultation_id: int) -> Consultation:
    consultation = services.published_open_data(consultation_id)
    if consultation is None:
        abort(404)
    return consultation


@bp.get("/open-data/<int:consultation_id>")
def open_data(consultation_id: int):
    consultation = published_open_data(consultation_id)
    return render_template(
        "exports/open_data.html", consultation=consultation, dictionary=data.OPEN_DATA_DICTIONARY
    )


@bp.get("/open-data/<int:consultation_id>.<fmt>")
def open_data_file(consultation_id: int, fmt: str):
    consultation = published_open_data(consultation_id)
    if fmt not in ("csv", "json"):
        abort(404)
    return downloads.open_data_file(consultation, fmt)
