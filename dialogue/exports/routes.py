"""Export pages: the council report preview, file and data exports, and open data."""

from __future__ import annotations

from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    send_file,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from dialogue.accounts.models import Role
from dialogue.audit.services import record
from dialogue.consultations.models import Consultation, ConsultationStatus
from dialogue.exports import data, services
from dialogue.exports.forms import ExportForm, OpenDataForm
from dialogue.exports.models import ExportFile
from dialogue.exports.render import report_context
from dialogue.exports.summary import SummaryOptions, build_summary
from dialogue.extensions import db
from dialogue.forms import options as choices
from dialogue.jobs import Job
from dialogue.security import role_required
from dialogue.themes.models import Theme
from dialogue.timeutil import utcnow

bp = Blueprint("exports", __name__)
EXPORTERS = (Role.ANALYST, Role.ADMIN)
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
}


def own_consultation(consultation_id: int) -> Consultation:
    consultation = db.session.scalar(
        select(Consultation).filter_by(
            id=consultation_id, municipality_id=current_user.municipality_id
        )
    )
    if consultation is None:
        abort(404)
    return consultation


def export_form(consultation: Consultation) -> ExportForm:
    form = ExportForm()
    form.kernen.choices = choices((a.name, a.name) for a in consultation.areas)
    themes = db.session.scalars(
        select(Theme).filter_by(consultation_id=consultation.id, active=True).order_by(Theme.label)
    )
    form.themes.choices = choices((t.key, t.label) for t in themes)
    return form


@bp.route("/werkplek/raadplegingen/<int:consultation_id>/export", methods=["GET", "POST"])
@role_required(*EXPORTERS)
def index(consultation_id: int):
    consultation = own_consultation(consultation_id)
    form = export_form(consultation)
    if form.validate_on_submit():
        fmt, options = form.format.data, form.options()
        if fmt in services.FILE_FORMATS:
            export = services.request_file_export(consultation, fmt, options, current_user)
            if export.path:
                return redirect(
                    url_for(
                        ".download", token=services.download_token(current_user, file=export.id)
                    )
                )
            return redirect(url_for(".job", job_id=export.job_id))
        record(
            "export.request", consultation, details={"format": fmt, "options": options.as_dict()}
        )
        db.session.commit()
        token = services.download_token(
            current_user, consultation=consultation.id, format=fmt, options=options.as_dict()
        )
        return redirect(url_for(".download", token=token))
    recent = db.session.scalars(
        select(ExportFile)
        .filter_by(consultation_id=consultation.id)
        .where(ExportFile.path.is_not(None))
        .order_by(ExportFile.id.desc())
        .limit(5)
    ).all()
    links = {
        e.id: url_for(".download", token=services.download_token(current_user, file=e.id))
        for e in recent
    }
    status = 400 if form.errors else 200
    return render_template(
        "exports/index.html",
        consultation=consultation,
        form=form,
        recent=recent,
        links=links,
        open_data_form=OpenDataForm(),
    ), status


@bp.get("/werkplek/export-taken/<int:job_id>")
@role_required(*EXPORTERS)
def job(job_id: int):
    job = db.session.scalar(
        select(Job).filter_by(id=job_id, municipality_id=current_user.municipality_id)
    )
    if job is None:
        abort(404)
    export = services.job_export(job)
    link = None
    if export is not None and export.path:
        link = url_for(".download", token=services.download_token(current_user, file=export.id))
    return render_template("exports/job.html", job=job, export=export, link=link)


@bp.get("/werkplek/download/<token>")
@role_required(*EXPORTERS)
def download(token: str):
    payload = services.read_download_token(token, current_user)
    if payload is None:
        flash(_("Deze downloadlink is verlopen. Maak de export opnieuw."), "warning")
        return redirect(url_for("officials.home"))
    if "file" in payload:
        export = db.session.scalar(
            select(ExportFile).filter_by(
                id=payload["file"], municipality_id=current_user.municipality_id
            )
        )
        if export is None or not export.path or not Path(export.path).exists():
            abort(404)
        consultation = db.session.get(Consultation, export.consultation_id)
        name = (
            f"{consultation.slug}-samenvatting.{export.format}"
            if export.format in ("pdf", "docx")
            else f"{consultation.slug}-gegevens.{export.format}"
        )
        return send_file(
            export.path, mimetype=MEDIA_TYPES[export.format], as_attachment=True, download_name=name
        )
    consultation = own_consultation(int(payload.get("consultation", 0)))
    fmt = payload.get("format")
    if fmt not in services.STREAM_FORMATS:
        abort(404)
    options = services.options_from_dict(payload.get("options") or {})
    return stream_export(consultation, fmt, options, f"{consultation.slug}-bijdragen.{fmt}")


def stream_export(
    consultation: Consultation, fmt: str, options: SummaryOptions, name: str
) -> Response:
    """Stream CSV or JSON with flat memory."""
    if fmt == "csv":
        body = data.csv_lines(
            data.contribution_rows(consultation, options), data.CONTRIBUTION_COLUMNS
        )
    else:
        body = data.json_document(consultation, options)
    response = Response(stream_with_context(body), mimetype=MEDIA_TYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.get("/werkplek/raadplegingen/<int:consultation_id>/samenvatting")
@role_required(*EXPORTERS)
def preview(consultation_id: int):
    consultation = own_consultation(consultation_id)
    return render_template("exports/preview.html", **report_context(build_summary(consultation)))


@bp.post("/werkplek/raadplegingen/<int:consultation_id>/open-data")
@role_required(Role.ADMIN)
def publish_open_data(consultation_id: int):
    consultation = own_consultation(consultation_id)
    if not OpenDataForm().validate_on_submit():
        abort(400)
    if consultation.status != ConsultationStatus.CLOSED:
        flash(_("Open data kan pas als de raadpleging gesloten is."), "error")
        return redirect(url_for(".index", consultation_id=consultation.id))
    consultation.open_data_published_at = utcnow()
    record("export.open_data", consultation)
    db.session.commit()
    flash(_("De open data staat nu op de openbare pagina."), "success")
    return redirect(url_for(".open_data", consultation_id=consultation.id))


def published_open_data(consultation_id: int) -> Consultation:
    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None or consultation.open_data_published_at is None:
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
    rows = data.open_data_rows(consultation)
    if fmt == "csv":
        body = data.csv_lines(rows, data.OPEN_DATA_COLUMNS)
    else:
        body = data.open_data_json(consultation, rows)
    response = Response(stream_with_context(body), mimetype=MEDIA_TYPES[fmt])
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{consultation.slug}-open-data.{fmt}"'
    )
    return response
