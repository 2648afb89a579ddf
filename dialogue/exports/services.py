"""Building export files as jobs, caching them, and handing them out through expiring links."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select

from dialogue.answers.models import OfficialResponse
from dialogue.audit.services import record
from dialogue.consultations.models import Consultation, ConsultationStatus
from dialogue.contributions.models import Contribution
from dialogue.exports import data, render
from dialogue.exports.models import ExportFile
from dialogue.exports.summary import SummaryOptions, build_summary
from dialogue.extensions import db
from dialogue.jobs import Job, JobStatus, enqueue
from dialogue.signals.models import Signal
from dialogue.themes.models import Theme
from dialogue.timeutil import utcnow
from dialogue.votes.analysis import vote_state

#: Formats built as files by a job; the others stream straight from the database.
FILE_FORMATS = ("pdf", "docx", "xlsx")
STREAM_FORMATS = ("csv", "json")
FORMATS = FILE_FORMATS + STREAM_FORMATS
#: How long a download link works, in seconds.
LINK_MAX_AGE = 3600
_LINK_SALT = "export-download"
EXPORT_JOB = "export"


def options_from_dict(values: dict[str, Any]) -> SummaryOptions:
    """Rebuild options from their JSON form."""
    return SummaryOptions(
        date_from=date.fromisoformat(values["date_from"]) if values.get("date_from") else None,
        date_to=date.fromisoformat(values["date_to"]) if values.get("date_to") else None,
        kernen=tuple(values.get("kernen") or ()),
        theme_keys=tuple(values.get("theme_keys") or ()),
        include_excluded=bool(values.get("include_excluded")),
    )


#: Raised when what a report shows changes in code, so that files cached by older code (for
#: example with counts now hidden under the privacy threshold) are made again.
REPORT_VERSION = 2


def data_fingerprint(consultation: Consultation, fmt: str, options: SummaryOptions) -> str:
    """Return a hash that changes whenever anything a report shows changes."""
    parts = [
        db.session.execute(
            select(func.count(Contribution.id), func.max(Contribution.updated_at)).where(
                Contribution.consultation_id == consultation.id
            )
        ).one(),
        db.session.execute(
            select(func.count(Theme.id), func.max(Theme.updated_at)).filter_by(
                consultation_id=consultation.id
            )
        ).one(),
        db.session.execute(
            select(
                func.count(OfficialResponse.id), func.max(OfficialResponse.updated_at)
            ).filter_by(consultation_id=consultation.id)
        ).one(),
        db.session.execute(
            select(
                func.count(Signal.id),
                func.max(Signal.decided_at),
                func.max(Signal.id),
                # A refresh rewrites explanations without a decision: their length changes.
                func.sum(func.length(Signal.stored_explanation)),
            ).filter_by(consultation_id=consultation.id)
        ).one(),
        vote_state(consultation),
        (consultation.updated_at, fmt, json.dumps(options.as_dict(), sort_keys=True)),
        (REPORT_VERSION, current_app.config["PRIVACY_THRESHOLD"]),
    ]
    return hashlib.sha256(repr([tuple(map(str, p)) for p in parts]).encode()).hexdigest()


def export_folder() -> Path:
    folder = Path(current_app.config["INSTANCE_PATH"]) / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def request_file_export(
    consultation: Consultation, fmt: str, options: SummaryOptions, user
) -> ExportFile:
    """Return a cached file for unchanged data, or queue a job that builds it; audited."""
    if fmt not in FILE_FORMATS:
        raise ValueError(f"not a file format: {fmt}")
    fingerprint = data_fingerprint(consultation, fmt, options)
    record(
        "export.request",
        consultation,
        actor=user,
        details={"format": fmt, "options": options.as_dict()},
    )
    cached = db.session.scalar(
        select(ExportFile)
        .filter_by(consultation_id=consultation.id, fingerprint=fingerprint)
        .where(ExportFile.path.is_not(None))
        .order_by(ExportFile.id.desc())
        .limit(1)
    )
    if cached is not None and Path(cached.path).exists():
        db.session.commit()
        return cached
    job = Job(
        kind=EXPORT_JOB,
        subject=f"consultation:{consultation.id}",
        municipality_id=consultation.municipality_id,
        created_by_id=user.id,
    )
    export = ExportFile(
        municipality_id=consultation.municipality_id,
        consultation_id=consultation.id,
        format=fmt,
        options=options.as_dict(),
        fingerprint=fingerprint,
        created_by_id=user.id,
    )
    db.session.add_all([job, export])
    db.session.flush()
    export.job_id = job.id
    db.session.commit()
    enqueue(build_export_file, export.id, job=job)
    db.session.refresh(export)
    return export


def build_export_file(job_id: int, export_id: int) -> str:
    """Build one export file (a background job)."""
    export = db.session.get(ExportFile, export_id)
    consultation = db.session.get(Consultation, export.consultation_id)
    options = options_from_dict(export.options)
    path = export_folder() / f"{consultation.id}-{export.fingerprint[:16]}.{export.format}"
    partial = path.with_suffix(path.suffix + ".part")
    if export.format == "pdf":
        render.render_pdf(build_summary(consultation, options), partial)
    elif export.format == "docx":
        render.render_docx(build_summary(consultation, options), partial)
    else:
        data.write_xlsx(
            str(partial),
            {
                "bijdragen": (
                    data.CONTRIBUTION_COLUMNS,
                    data.contribution_rows(consultation, options),
                ),
                "themas": (data.THEME_COLUMNS, data.theme_rows(consultation)),
                "signalen": (data.SIGNAL_COLUMNS, data.signal_rows(consultation)),
            },
        )
    partial.replace(path)
    export.path, export.size = str(path), path.stat().st_size
    db.session.commit()
    return f"{export.format} {export.size} bytes"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_LINK_SALT)


def download_token(user, **payload: Any) -> str:
    """Sign a download for one user; it expires after LINK_MAX_AGE."""
    return _serializer().dumps({"user": user.id, **payload})


def read_download_token(token: str, user) -> dict[str, Any] | None:
    """Return the payload of a valid, unexpired token issued to this user, else None."""
    try:
        payload = _serializer().loads(token, max_age=LINK_MAX_AGE)
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(payload, dict) or payload.get("user") != user.id:
        return None
    return payload


def job_export(job: Job) -> ExportFile | None:
    """Return the export file a job builds."""
    return db.session.scalar(select(ExportFile).filter_by(job_id=job.id))


__all__ = ["FORMATS", "JobStatus"]


def record_stream_export(
    consultation: Consultation, fmt: str, options: SummaryOptions, actor, *, via: str | None = None
) -> None:
    """Write the audit event of a streamed (CSV or JSON) export; the caller commits."""
    details: dict[str, Any] = {"format": fmt, "options": options.as_dict()}
    if via is not None:
        details["via"] = via
    record("export.request", consultation, actor=actor, details=details)


def recent_files(consultation: Consultation, limit: int = 5) -> list[ExportFile]:
    """Return the newest built files of a consultation."""
    return list(
        db.session.scalars(
            select(ExportFile)
            .filter_by(consultation_id=consultation.id)
            .where(ExportFile.path.is_not(None))
            .order_by(ExportFile.id.desc())
            .limit(limit)
        )
    )


def ready_file(export: ExportFile) -> bool:
    """Whether a built file is still on disk."""
    return bool(export.path) and Path(export.path).exists()


def file_name(export: ExportFile) -> str:
    """Return the download name of a built file: the summary or the data of a consultation."""
    consultation = db.session.get(Consultation, export.consultation_id)
    kind = "samenvatting" if export.format in ("pdf", "docx") else "gegevens"
    return f"{consultation.slug}-{kind}.{export.format}"


class OpenDataError(ValueError):
    """Open data cannot be published (yet), with a message for the admin."""


def publish_open_data(consultation: Consultation) -> None:
    """Publish a closed consultation's open data on its public page (audited)."""
    if consultation.status != ConsultationStatus.CLOSED:
        raise OpenDataError(_l("Open data kan pas als de raadpleging gesloten is."))
    consultation.open_data_published_at = utcnow()
    record("export.open_data", consultation)


def published_open_data(consultation_id: int) -> Consultation | None:
    """Return the consultation if its open data is published, else None."""
    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None or consultation.open_data_published_at is None:
        return None
    return consultation
