"""Pages to record input from meetings, letters, phone calls and e-mail."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from dialogue.accounts.models import OFFICIAL_ROLES
from dialogue.audit.spreadsheet import csv_text
from dialogue.consultations.models import Consultation, ConsultationStatus
from dialogue.consultations.services import consultations_of
from dialogue.contributions.models import Channel
from dialogue.contributions.services import ContributionError, InvalidInput
from dialogue.extensions import db
from dialogue.forms import options
from dialogue.intake import services
from dialogue.intake.forms import RecordForm, UploadForm
from dialogue.municipalities.models import Kern
from dialogue.security import own, role_required
from dialogue.timeutil import utcnow

bp = Blueprint("intake", __name__, url_prefix="/werkplek/invoer")


def _consultations() -> list[Consultation]:
    return consultations_of(current_user.municipality)


def _consultation_or_deny(consultation_id: int | None) -> Consultation:
    consultation = own(Consultation, consultation_id)
    if consultation.status == ConsultationStatus.DRAFT:
        abort(404)
    return consultation


@bp.route("", methods=["GET", "POST"])
@role_required(*OFFICIAL_ROLES)
def record():
    form = RecordForm()
    form.consultation.choices = options(
        [("", _("Kies een raadpleging")), *((c.id, c.title) for c in _consultations())]
    )
    kernen = current_user.municipality.kernen
    form.kern.choices = options([("", _("Geen kern")), *((a.id, a.name) for a in kernen)])
    if request.method == "GET" and request.args.get("consultation", type=int):
        form.consultation.data = request.args.get("consultation", type=int)
    if form.validate_on_submit() and _received_in_past(form):
        consultation = _consultation_or_deny(form.consultation.data)
        kern = own(Kern, form.kern.data) if form.kern.data else None
        try:
            contribution = services.record_one(
                consultation,
                text=form.text.data,
                channel=Channel(form.channel.data),
                received_on=form.received_on.data,
                kern=kern,
                display_name=form.display_name.data or None,
            )
        except InvalidInput as error:
            db.session.rollback()
            for name, message in error.errors.items():
                target = {"kern": form.kern}.get(name, getattr(form, name, form.text))
                target.errors = [*target.errors, str(message)]
            return render_template("intake/record.html", form=form), 400
        except ContributionError as error:
            db.session.rollback()
            form.consultation.errors = [str(error.message)]
            return render_template("intake/record.html", form=form), 400
        db.session.commit()
        if contribution.status.value == "published":
            flash(_("De inbreng is opgeslagen en staat online."), "success")
        else:
            flash(_("De inbreng is opgeslagen en wacht op een moderator."), "success")
        return redirect(url_for("intake.record", consultation=consultation.id))
    status = 400 if form.errors else 200
    return render_template("intake/record.html", form=form), status


def _received_in_past(form: RecordForm) -> bool:
    if form.received_on.data > utcnow().date():
        form.received_on.errors = [_("Deze datum ligt in de toekomst.")]
        return False
    return True


def _upload_form() -> UploadForm:
    form = UploadForm()
    form.consultation.choices = options(
        [("", _("Kies een raadpleging")), *((c.id, c.title) for c in _consultations())]
    )
    return form


def too_big_message() -> str:
    limit = current_app.config["INTAKE_MAX_BYTES"]
    return _(
        "Het bestand is te groot. Het mag hoogstens %(mb)s MB zijn. Splits het in kleinere "
        "bestanden.",
        mb=round(limit / 1024 / 1024, 1),
    )


@bp.errorhandler(RequestEntityTooLarge)
def request_too_large(_error: RequestEntityTooLarge):
    """Explain the size limit on the upload page instead of a bare error page."""
    form = UploadForm(formdata=None)
    form.consultation.choices = options([("", "")])
    return render_template("intake/upload.html", form=form, file_error=too_big_message()), 413


@bp.route("/upload", methods=["GET", "POST"])
@role_required(*OFFICIAL_ROLES)
def upload():
    form = _upload_form()
    if not form.validate_on_submit():
        return render_template("intake/upload.html", form=form), 400 if form.errors else 200
    consultation = _consultation_or_deny(form.consultation.data)
    limit = current_app.config["INTAKE_MAX_BYTES"]
    data = form.file.data.read(limit + 1)
    if len(data) > limit:
        return render_template("intake/upload.html", form=form, file_error=too_big_message()), 413
    try:
        parsed = services.parse_file(data, consultation)
    except services.IntakeFileError as error:
        return render_template("intake/upload.html", form=form, file_error=str(error)), 400
    token = services.keep_upload(current_user, consultation, data)
    return render_template(
        "intake/preview.html", parsed=parsed, consultation=consultation, token=token
    )


@bp.post("/upload/bevestigen")
@role_required(*OFFICIAL_ROLES)
def confirm():
    found = services.find_upload(current_user, request.form.get("token", ""))
    if found is None:
        flash(
            _("Dit bestand is al ingevoerd of verlopen. Er is niets dubbel ingevoerd."), "warning"
        )
        return redirect(url_for("intake.upload"))
    path, consultation_id = found
    consultation = _consultation_or_deny(consultation_id)
    claimed = services.claim_upload(path)
    if claimed is None:
        flash(
            _("Dit bestand is al ingevoerd of verlopen. Er is niets dubbel ingevoerd."), "warning"
        )
        return redirect(url_for("intake.upload"))
    try:
        parsed = services.parse_file(claimed.read_bytes(), consultation)
        contributions = services.import_file(consultation, parsed)
        db.session.commit()
    except (services.IntakeFileError, ContributionError) as error:
        db.session.rollback()
        claimed.rename(path)
        flash(str(getattr(error, "message", error)), "error")
        return redirect(url_for("intake.upload"))
    claimed.unlink(missing_ok=True)
    flash(
        ngettext(
            "Inbreng ingevoerd: %(num)d.",
            "Inbreng ingevoerd: %(num)d.",
            len(contributions),
        ),
        "success",
    )
    return redirect(url_for("intake.upload"))


@bp.get("/upload/<token>/fouten.csv")
@role_required(*OFFICIAL_ROLES)
def error_report(token: str):
    found = services.find_upload(current_user, token)
    if found is None:
        abort(404)
    path, consultation_id = found
    consultation = _consultation_or_deny(consultation_id)
    parsed = services.parse_file(path.read_bytes(), consultation)
    rows = (
        (row.line, row.text, row.kern, row.channel, row.date, " ".join(row.errors))
        for row in parsed.error_rows
    )
    body = csv_text(("regel", "text", "kern", "channel", "date", "fouten"), rows)
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="foutenrapport.csv"'},
    )
