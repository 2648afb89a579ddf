"""Importing a municipality's kernen from a CSV file: all of them, or none."""

from __future__ import annotations

import csv
import io

from flask_babel import gettext as _

from dialogue.audit.services import record
from dialogue.contributions.validation import clean_text, has_forbidden_characters
from dialogue.extensions import db
from dialogue.municipalities.models import Kern, Municipality

#: Largest CSV file accepted, in bytes.
CSV_MAX_BYTES = 64 * 1024
#: Most kernen in one file.
MAX_KERNEN = 300
NAME_MIN, NAME_MAX = 2, 120
#: First-row values that name the column instead of a kern.
HEADERS = {"kern", "kernen", "naam", "name"}


class KernenImportError(ValueError):
    """The file cannot be imported; problems holds one Dutch sentence per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _decode(data: bytes) -> str:
    if not data.strip():
        raise KernenImportError([_("Het bestand is leeg.")])
    if len(data) > CSV_MAX_BYTES:
        raise KernenImportError([_("Het bestand is groter dan 64 kB.")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise KernenImportError(
            [_("Het bestand is niet in UTF-8. Sla het op als 'CSV UTF-8' en probeer het opnieuw.")]
        ) from error


def _rows(text: str) -> list[tuple[int, str]]:
    """Return (line number, first cell) of every non-empty row; the header row is skipped."""
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = []
    for number, cells in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
        first = cells[0] if cells else ""
        if not first.strip():
            continue
        if not rows and number == 1 and first.strip().casefold() in HEADERS:
            continue
        rows.append((number, first))
    return rows


def parse_kernen(data: bytes, existing: list[str]) -> list[str]:
    """Return the kern names in data (first column), or raise KernenImportError with every problem."""
    rows = _rows(_decode(data))
    if not rows:
        raise KernenImportError([_("Het bestand bevat geen kernen.")])
    if len(rows) > MAX_KERNEN:
        raise KernenImportError([_("Het bestand bevat meer dan %(n)s kernen.", n=MAX_KERNEN)])
    problems: list[str] = []
    seen: dict[str, int] = {name.casefold(): 0 for name in existing}
    names = []
    for number, raw in rows:
        name = " ".join(clean_text(raw).split())
        if not NAME_MIN <= len(name) <= NAME_MAX or has_forbidden_characters(name):
            problems.append(
                _("Regel %(line)s: gebruik een naam van 2 tot 120 tekens.", line=number)
            )
            continue
        earlier = seen.get(name.casefold())
        if earlier == 0:
            problems.append(
                _("Regel %(line)s: de kern %(name)s bestaat al.", line=number, name=name)
            )
        elif earlier is not None:
            problems.append(
                _(
                    "Regel %(line)s: de kern %(name)s staat ook op regel %(earlier)s.",
                    line=number,
                    name=name,
                    earlier=earlier,
                )
            )
        else:
            seen[name.casefold()] = number
            names.append(name)
    if problems:
        raise KernenImportError(problems)
    return names


def import_kernen(municipality: Municipality, data: bytes) -> list[Kern]:
    """Add every kern in the CSV file, or none when one line is wrong (audited once)."""
    names = parse_kernen(data, [kern.name for kern in municipality.kernen])
    kernen = [Kern(municipality_id=municipality.id, name=name) for name in names]
    db.session.add_all(kernen)
    db.session.flush()
    db.session.refresh(municipality, ["kernen"])
    record(
        "area.import",
        municipality,
        municipality_id=municipality.id,
        details={"count": len(kernen), "names": names},
    )
    return kernen
