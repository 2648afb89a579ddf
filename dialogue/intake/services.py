"""Input from other channels (meeting, letter, phone, e-mail), one by one or from a CSV file."""

from __future__ import annotations

import csv
import io
import re
import secrets
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from dialogue.accounts.models import User
from dialogue.audit.services import record
from dialogue.consultations.models import Consultation
from dialogue.contributions.models import Channel, Contribution
from dialogue.contributions.services import (
    InvalidInput,
    resolve_kern,
    submit_contribution,
    validate_text,
)
from dialogue.municipalities.models import Kern
from dialogue.timeutil import utcnow

#: Channels officials record input from.
INTAKE_CHANNELS = (Channel.MEETING, Channel.LETTER, Channel.PHONE, Channel.EMAIL)
#: Words accepted in the channel column (Dutch and English), lower case.
CHANNEL_WORDS = {
    "meeting": Channel.MEETING,
    "bijeenkomst": Channel.MEETING,
    "dorpsavond": Channel.MEETING,
    "letter": Channel.LETTER,
    "brief": Channel.LETTER,
    "phone": Channel.PHONE,
    "telefoon": Channel.PHONE,
    "email": Channel.EMAIL,
    "e-mail": Channel.EMAIL,
    "mail": Channel.EMAIL,
}
#: Column names accepted in the header, and the column they mean.
COLUMN_ALIASES = {
    "text": "text",
    "tekst": "text",
    "kern": "kern",
    "channel": "channel",
    "kanaal": "channel",
    "date": "date",
    "datum": "date",
}
REQUIRED_COLUMNS = ("text", "kern", "channel", "date")
#: Most rows one file may hold.
MAX_ROWS = 5000
#: Uploaded files waiting for confirmation are removed after this many seconds.
UPLOAD_MAX_AGE = 24 * 3600
_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d-%m-%y")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


class IntakeFileError(ValueError):
    """The file as a whole cannot be read; the message is for the official."""


@dataclass
class IntakeRow:
    """One line of an uploaded file, with its problems."""

    line: int
    text: str
    kern: str
    channel: str
    date: str
    errors: list[str] = field(default_factory=list)
    matched_kern: Kern | None = None
    channel_value: Channel | None = None
    received_at: datetime | None = None


@dataclass
class ParsedFile:
    """All rows of a file; importable only when no row has an error."""

    rows: list[IntakeRow]

    @property
    def error_rows(self) -> list[IntakeRow]:
        return [row for row in self.rows if row.errors]

    @property
    def valid(self) -> bool:
        return bool(self.rows) and not self.error_rows


def parse_channel(value: str) -> Channel | None:
    """Return the channel a cell names, or None."""
    return CHANNEL_WORDS.get(value.strip().casefold())


def parse_date(value: str) -> date | None:
    """Return the date in a cell (2026-11-27, 27-11-2026 or 27/11/2026), or None."""
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(value.strip(), pattern).date()
        except ValueError:
            continue
    return None


def decode(data: bytes) -> str:
    """Decode UTF-8 with or without BOM; raise IntakeFileError for any other encoding."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IntakeFileError(
            _("Het bestand is opgeslagen als UTF-16. Sla het op als 'CSV UTF-8'.")
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise IntakeFileError(
            _(
                "Het bestand is geen UTF-8-tekst (fout rond byte %(position)s). Sla het in uw "
                "spreadsheetprogramma op als 'CSV UTF-8' en probeer het opnieuw.",
                position=error.start,
            )
        ) from None


def _delimiter(header_line: str) -> str:
    return ";" if header_line.count(";") >= header_line.count(",") else ","


def parse_file(data: bytes, consultation: Consultation) -> ParsedFile:
    """Read and check every row of an uploaded CSV file against the consultation."""
    if not data.strip():
        raise IntakeFileError(_("Het bestand is leeg."))
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IntakeFileError(_("Dit is geen CSV-bestand. Kies een bestand dat eindigt op .csv."))
    text = decode(data)
    header_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(header_line))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise IntakeFileError(_("De eerste regel met kolomnamen ontbreekt.")) from None
    columns = {}
    for index, name in enumerate(header):
        key = COLUMN_ALIASES.get(name.strip().casefold())
        if key and key not in columns:
            columns[key] = index
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise IntakeFileError(
            _(
                "Deze kolommen ontbreken in de eerste regel: %(missing)s. Nodig zijn: "
                "text, kern, channel, date (of tekst, kern, kanaal, datum).",
                missing=", ".join(missing),
            )
        )
    rows: list[IntakeRow] = []
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise IntakeFileError(
                    _("Het bestand heeft meer dan %(max)s regels. Splits het op.", max=MAX_ROWS)
                )

            def cell(name: str, cells: list[str] = cells) -> str:
                index = columns[name]
                return cells[index] if index < len(cells) else ""

            row = IntakeRow(
                reader.line_num, cell("text"), cell("kern"), cell("channel"), cell("date")
            )
            check_row(row, consultation)
            rows.append(row)
    except csv.Error as error:
        raise IntakeFileError(
            _("Regel %(line)s is geen geldige CSV: %(error)s", line=reader.line_num, error=error)
        ) from None
    if not rows:
        raise IntakeFileError(_("Het bestand heeft geen regels met inbreng."))
    return ParsedFile(rows)


def check_row(row: IntakeRow, consultation: Consultation) -> None:
    """Fill row.errors, and the parsed values of a good row."""
    try:
        row.text = validate_text(row.text)
    except InvalidInput as error:
        row.errors.append(_("Tekst: %(problem)s", problem=error.errors.get("text")))
    try:
        row.matched_kern = resolve_kern(consultation, row.kern)
    except InvalidInput:
        row.errors.append(_("Kern '%(kern)s' hoort niet bij deze raadpleging.", kern=row.kern))
    row.channel_value = parse_channel(row.channel)
    if row.channel_value is None:
        row.errors.append(
            _(
                "Kanaal '%(value)s' is onbekend. Kies bijeenkomst, brief, telefoon of e-mail.",
                value=row.channel,
            )
        )
    received = parse_date(row.date)
    if received is None:
        row.errors.append(
            _("Datum '%(value)s' is onbekend. Schrijf bijvoorbeeld 2026-11-27.", value=row.date)
        )
    elif received > utcnow().date():
        row.errors.append(_("Datum %(value)s ligt in de toekomst.", value=row.date))
    else:
        row.received_at = datetime.combine(received, datetime.min.time())


def record_one(
    consultation: Consultation,
    *,
    text: str,
    channel: Channel,
    received_on: date,
    kern: Kern | str | None = None,
    display_name: str | None = None,
) -> Contribution:
    """Store input an official received (no resident account); audited."""
    contribution = submit_contribution(
        consultation,
        text=text,
        kern=kern,
        channel=channel,
        display_name=display_name,
        received_at=datetime.combine(received_on, datetime.min.time()),
    )
    record(
        "intake.create",
        contribution,
        municipality_id=consultation.municipality_id,
        details={"channel": channel.value, "consultation_id": consultation.id},
    )
    return contribution


def import_file(consultation: Consultation, parsed: ParsedFile) -> list[Contribution]:
    """Store every row of a valid file; one audit event for the whole import."""
    if not parsed.valid:
        raise IntakeFileError(_("Het bestand heeft nog fouten. Er is niets ingevoerd."))
    contributions = [
        submit_contribution(
            consultation,
            text=row.text,
            kern=row.matched_kern,
            channel=row.channel_value,
            received_at=row.received_at,
        )
        for row in parsed.rows
    ]
    record(
        "intake.import",
        consultation,
        details={"rows": len(contributions), "contribution_ids": [c.id for c in contributions]},
    )
    return contributions


def upload_folder() -> Path:
    """Return the folder where uploads wait for confirmation."""
    folder = Path(current_app.config["INSTANCE_PATH"]) / "intake"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def keep_upload(user: User, consultation: Consultation, data: bytes) -> str:
    """Store an uploaded file until the official confirms; return its token."""
    folder = upload_folder()
    cutoff = time.time() - UPLOAD_MAX_AGE
    for old in folder.glob("*.csv"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(24)
    (folder / f"{user.id}-{consultation.id}-{token}.csv").write_bytes(data)
    return token


def find_upload(user: User, token: str) -> tuple[Path, int] | None:
    """Return this official's stored file for token and its consultation id, or None."""
    if not _TOKEN.match(token or ""):
        return None
    for path in upload_folder().glob(f"{user.id}-*-{token}.csv"):
        consultation_id = path.name.split("-", 2)[1]
        if consultation_id.isdigit():
            return path, int(consultation_id)
    return None


def claim_upload(path: Path) -> Path | None:
    """Take a stored file for import exactly once (a second click finds nothing)."""
    claimed = path.with_suffix(".importing")
    try:
        path.rename(claimed)
    except FileNotFoundError:
        return None
    return claimed
