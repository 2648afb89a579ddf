"""Importing kernen from CSV: every line right, or nothing imported."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from dialogue.audit.models import AuditEvent
from dialogue.municipalities.kernen_import import (
    CSV_MAX_BYTES,
    KernenImportError,
    import_kernen,
    parse_kernen,
)
from dialogue.municipalities.models import Kern
from tests.factories import make_municipality


def test_header_bom_separators_and_blank_lines_are_handled() -> None:
    data = "\ufeffkern;inwoners\nHoltum;1200\n\n  Ter   Laan ;800\nBovenhuizen;300\n".encode()
    assert parse_kernen(data, []) == ["Holtum", "Ter Laan", "Bovenhuizen"]


def test_single_column_without_header() -> None:
    assert parse_kernen("Súdwest\nMakkum\n".encode(), []) == ["Súdwest", "Makkum"]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "leeg"),
        ("Holtum\n".encode("utf-16"), "UTF-8"),
        (b"Bolsward\n" + "Wûns\n".encode("latin-1"), "UTF-8"),
        (b"kern\n", "geen kernen"),
        (b"a" * (CSV_MAX_BYTES + 1), "64 kB"),
        (b"Holtum\nX\n", "Regel 2"),
    ],
    ids=["empty", "utf16", "latin1", "header-only", "too-big", "short-name"],
)
def test_bad_files_are_refused_with_a_dutch_reason(data: bytes, words: str) -> None:
    with pytest.raises(KernenImportError) as refused:
        parse_kernen(data, [])
    assert words in " ".join(refused.value.problems)


def test_duplicates_in_the_file_and_with_existing_kernen_are_named_by_line() -> None:
    with pytest.raises(KernenImportError) as refused:
        parse_kernen(b"Holtum\nTer Laan\nholtum\nDijkzicht\n", ["Dijkzicht"])
    problems = refused.value.problems
    assert any("Regel 3" in p and "regel 1" in p for p in problems)
    assert any("Regel 4" in p and "bestaat al" in p for p in problems)


def test_one_bad_line_imports_nothing(db) -> None:
    municipality = make_municipality(name="Gemeente Leeg", slug="gemeente-leeg", kernen=[])
    before = db.session.scalar(select(func.count()).select_from(Kern))
    with pytest.raises(KernenImportError):
        import_kernen(municipality, b"Holtum\nTer Laan\nHoltum\n")
    assert db.session.scalar(select(func.count()).select_from(Kern)) == before


def test_import_adds_all_and_audits_once(db) -> None:
    municipality = make_municipality(name="Gemeente Nieuw", slug="gemeente-nieuw", kernen=[])
    kernen = import_kernen(municipality, b"Holtum\nTer Laan\n")
    assert [kern.name for kern in municipality.kernen] == ["Holtum", "Ter Laan"]
    assert len(kernen) == 2
    events = db.session.scalars(select(AuditEvent).filter_by(action="area.import")).all()
    assert len(events) == 1
    assert events[0].municipality_id == municipality.id
    assert events[0].details["count"] == 2
