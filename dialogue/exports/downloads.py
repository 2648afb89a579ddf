"""How exports leave the server: streamed CSV or JSON, built files, open data (web and API)."""

from __future__ import annotations

from collections.abc import Iterable

from flask import Response, send_file, stream_with_context

from dialogue.consultations.models import Consultation
from dialogue.exports import data
from dialogue.exports.models import ExportFile
from dialogue.exports.summary import SummaryOptions

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
}


def _attachment(body: Iterable[str], fmt: str, name: str) -> Response:
    response = Response(stream_with_context(body), mimetype=MEDIA_TYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


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
    return _attachment(body, fmt, name)


def send_export_file(export: ExportFile, name: str) -> Response:
    """Send a built export file as an attachment."""
    return send_file(
        export.path, mimetype=MEDIA_TYPES[export.format], as_attachment=True, download_name=name
    )


def open_data_file(consultation: Consultation, fmt: str) -> Response:
    """Stream a consultation's published open data as CSV or JSON."""
    rows = data.open_data_rows(consultation)
    if fmt == "csv":
        body = data.csv_lines(rows, data.OPEN_DATA_COLUMNS)
    else:
        body = data.open_data_json(consultation, rows)
    return _attachment(body, fmt, f"{consultation.slug}-open-data.{fmt}")
