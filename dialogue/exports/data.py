"""Row-level data exports for analysts: contributions, themes, signals (CSV, XLSX, JSON).

Authors appear only as pseudonyms (a keyed hash of the account id): never an e-mail address or
a name. Cells that a spreadsheet would run as a formula are neutralised.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from flask import current_app
from sqlalchemy import Select, select

from dialogue.consultations.models import Consultation
from dialogue.contributions.models import Contribution, ContributionStatus
from dialogue.exports.summary import SummaryOptions, scope_filter
from dialogue.extensions import db
from dialogue.municipalities.models import Kern
from dialogue.signals.models import Signal
from dialogue.themes.models import Theme

#: Characters that make a spreadsheet treat a cell as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CONTRIBUTION_COLUMNS = (
    "id",
    "created_at",
    "status",
    "excluded",
    "kern",
    "channel",
    "theme",
    "theme_key",
    "discontent",
    "negative",
    "author",
    "text",
)
#: Plain-Dutch meaning of every column, published with open data.
DATA_DICTIONARY = {
    "id": "Nummer van de inbreng",
    "created_at": "Datum en tijd van plaatsen (UTC, ISO 8601)",
    "status": "published (openbaar), hidden (verborgen), rejected (afgewezen), withdrawn (ingetrokken)",
    "excluded": "true als de inbreng niet openbaar is en alleen op verzoek is meegenomen",
    "kern": "De kern waar de inbreng over gaat (leeg: niet opgegeven)",
    "channel": "Hoe de inbreng binnenkwam: web, api, meeting, letter, email, phone",
    "theme": "Naam van het thema",
    "theme_key": "Vaste code van het thema, gelijk over analyses heen",
    "discontent": "Score voor onvrede van 0 (geen) tot 1 (veel), berekend door Kernpunt",
    "negative": "true als de inbreng als negatief is herkend",
    "author": "Pseudoniem van de schrijver: gelijk voor dezelfde persoon, niet terug te leiden",
    "text": "De tekst zoals die openbaar is (persoonsgegevens weggelaten)",
}
EXCLUDED_STATUSES = (
    ContributionStatus.HIDDEN,
    ContributionStatus.REJECTED,
    ContributionStatus.WITHDRAWN,
)
BATCH_SIZE = 1000


def neutralise(value: Any) -> Any:
    """Prefix text a spreadsheet would evaluate as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def pseudonym(user_id: int | None) -> str:
    """Return a stable pseudonym for an account id (empty for input without an account)."""
    if user_id is None:
        return ""
    key = current_app.config["SECRET_KEY"].encode()
    return "p" + hmac.new(key, f"author:{user_id}".encode(), hashlib.sha256).hexdigest()[:12]


def contribution_rows(
    consultation: Consultation, options: SummaryOptions
) -> Iterator[dict[str, Any]]:
    """Return one dict per contribution in scope, streamed from the database in batches.

    Everything but the rows themselves is read now: a streamed response runs the iterator
    after the view has returned, when the consultation is no longer bound to a session.
    """
    statuses = [ContributionStatus.PUBLISHED]
    if options.include_excluded:
        statuses += list(EXCLUDED_STATUSES)
    labels = dict(
        db.session.execute(
            select(Theme.key, Theme.label).filter_by(consultation_id=consultation.id)
        ).all()
    )
    query = (
        select(
            Contribution.id,
            Contribution.created_at,
            Contribution.status,
            Kern.name,
            Contribution.channel,
            Contribution.theme_key,
            Contribution.suggested_theme_key,
            Contribution.discontent,
            Contribution.negative,
            Contribution.author_id,
            Contribution.text,
            Contribution.redacted_text,
            Contribution.pii_spans,
        )
        .outerjoin(Kern, Contribution.kern_id == Kern.id)
        .where(Contribution.consultation_id == consultation.id, Contribution.status.in_(statuses))
        .where(*scope_filter(consultation, options))
        .order_by(Contribution.id)
        .execution_options(yield_per=BATCH_SIZE)
    )
    return _stream_contribution_rows(query, labels)


def _stream_contribution_rows(query: Select, labels: dict[str, str]) -> Iterator[dict[str, Any]]:
    for row in db.session.execute(query):
        status = getattr(row.status, "value", row.status)
        yield {
            "id": row.id,
            "created_at": row.created_at.isoformat(timespec="seconds"),
            "status": status,
            "excluded": status != ContributionStatus.PUBLISHED.value,
            "kern": row.name or "",
            "channel": getattr(row.channel, "value", row.channel),
            "theme": _theme_name(row.theme_key, row.suggested_theme_key, labels),
            "theme_key": row.theme_key or "",
            "discontent": None if row.discontent is None else round(row.discontent, 3),
            "negative": row.negative,
            "author": pseudonym(row.author_id),
            "text": _safe_text(row.text, row.redacted_text, row.pii_spans),
        }


def _theme_name(key: str | None, suggested: str | None, labels: dict[str, str]) -> str:
    """The theme's label; "Onzeker" for input that waits for an analyst (only a suggestion)."""
    if key:
        return labels.get(key, "Overig")
    return "Onzeker" if suggested else "Overig"


def _safe_text(text: str, redacted: str | None, spans: list | None) -> str:
    """Return the text without personal data: the redacted version, or the spans masked."""
    if redacted is not None:
        return redacted
    if not spans:
        return text
    from nlp import PiiSpan, redact

    return redact(text, [PiiSpan(s["kind"], s["start"], s["end"]) for s in spans])


def csv_lines(rows: Iterable[dict[str, Any]], columns: tuple[str, ...]) -> Iterator[str]:
    """Yield CSV text (UTF-8 with BOM for Excel, ';'-separated as Dutch Excel expects)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    yield "\ufeff"
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return neutralise(value)


def write_xlsx(
    path: str, sheets: dict[str, tuple[tuple[str, ...], Iterable[dict[str, Any]]]]
) -> None:
    """Write sheets of rows to an XLSX file with flat memory; strings are never formulas."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(
        path, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    bold = workbook.add_format({"bold": True})
    for name, (columns, rows) in sheets.items():
        sheet = workbook.add_worksheet(name[:31])
        sheet.write_row(0, 0, columns, bold)
        for r, row in enumerate(rows, start=1):
            for c, column in enumerate(columns):
                value = row.get(column)
                if isinstance(value, str):
                    sheet.write_string(r, c, neutralise(value))
                elif value is not None:
                    sheet.write(r, c, value)
    workbook.close()


def theme_rows(consultation: Consultation) -> list[dict[str, Any]]:
    """Return one dict per active theme (sizes are for analysts: no threshold here)."""
    return [
        {
            "theme_key": t.key,
            "theme": t.label,
            "size": t.size,
            "negative_share": None if t.negative_share is None else round(t.negative_share, 3),
            "status": t.status.value,
            "pinned": t.pinned,
            "keywords": ", ".join(t.keywords or []),
        }
        for t in db.session.scalars(
            select(Theme)
            .filter_by(consultation_id=consultation.id, active=True)
            .order_by(Theme.size.desc())
        )
    ]


THEME_COLUMNS = ("theme_key", "theme", "size", "negative_share", "status", "pinned", "keywords")
SIGNAL_COLUMNS = (
    "theme_key",
    "kern",
    "main_kernen",
    "kind",
    "period_start",
    "period_end",
    "score",
    "status",
    "status_reason",
    "explanation",
)


def signal_rows(consultation: Consultation) -> list[dict[str, Any]]:
    """Return one dict per stored signal."""
    return [
        {
            "theme_key": s.theme_key,
            "kern": s.kern_name or "",
            "main_kernen": "; ".join(s.main_kernen or ()),
            "kind": s.kind.value,
            "period_start": s.period_start.isoformat(),
            "period_end": s.period_end.isoformat(),
            "score": round(s.score, 2),
            "status": s.status.value,
            "status_reason": s.status_reason or "",
            "explanation": s.explanation,
        }
        for s in db.session.scalars(
            select(Signal).filter_by(consultation_id=consultation.id).order_by(Signal.period_start)
        )
    ]


def json_document(consultation: Consultation, options: SummaryOptions) -> Iterator[str]:
    """Return a JSON document with contributions, themes and signals, streaming the rows.

    The head (consultation, themes, signals) is built now, before the response streams.
    """
    head = {
        "consultation": {
            "id": consultation.id,
            "title": consultation.title,
            "question": consultation.question,
        },
        "municipality": consultation.municipality.slug,
        "options": options.as_dict(),
        "data_dictionary": DATA_DICTIONARY,
        "themes": theme_rows(consultation),
        "signals": signal_rows(consultation),
    }
    text = json.dumps(head, ensure_ascii=False, indent=1)
    return _json_with_rows(
        text[:-2] + ',\n "contributions": [', contribution_rows(consultation, options)
    )


def _json_with_rows(head: str, rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    yield head
    first = True
    for row in rows:
        yield ("\n  " if first else ",\n  ") + json.dumps(row, ensure_ascii=False)
        first = False
    yield "\n ]\n}\n"


#: Open data leaves out authors, and kernen with fewer contributions than the privacy threshold.
OPEN_DATA_COLUMNS = ("id", "created_at", "kern", "channel", "theme", "negative", "text")
OPEN_DATA_DICTIONARY = {key: DATA_DICTIONARY[key] for key in OPEN_DATA_COLUMNS} | {
    "kern": "De kern waar de inbreng over gaat; leeg als de kern minder dan het privacyminimum aan inbreng had",
}


def open_data_rows(consultation: Consultation) -> Iterator[dict[str, Any]]:
    """Return the anonymised published input of a consultation (read now, not while streaming)."""
    threshold = int(current_app.config["PRIVACY_THRESHOLD"])
    rows = list(contribution_rows(consultation, SummaryOptions()))
    per_kern: dict[str, int] = {}
    for row in rows:
        per_kern[row["kern"]] = per_kern.get(row["kern"], 0) + 1
    return iter(
        [
            {column: row[column] for column in OPEN_DATA_COLUMNS}
            | {"kern": row["kern"] if per_kern[row["kern"]] >= threshold else ""}
            for row in rows
        ]
    )


def open_data_json(consultation: Consultation, rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """Return the open dataset as one JSON document with its data dictionary (built now)."""
    document = {
        "consultation": {"title": consultation.title, "question": consultation.question},
        "municipality": consultation.municipality.name,
        "licence": "CC0 1.0",
        "data_dictionary": OPEN_DATA_DICTIONARY,
        "contributions": list(rows),
    }
    return iter([json.dumps(document, ensure_ascii=False, indent=1)])
