"""The accessibility statement (from the browser suite's results) and the algorithm register."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dialogue.main import statements
from tests.browser.statement import results as suite_results
from tests.factories import make_municipality

RESULTS = {
    "tested_on": "2026-12-04",
    "tool": "axe-core 4.14.1 in Chromium",
    "rules": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"],
    "checks": 120,
    "pages": 57,
    "pages_with_findings": ["/werkplek/voorbeeld"],
    "tests": {"test_a": "passed", "test_b": "passed", "test_c": "failed"},
}


@pytest.fixture
def published(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Publish RESULTS as the suite's results (in a copy of the package data folder)."""
    path = tmp_path / "results.json"
    path.write_text(json.dumps(RESULTS), "utf-8")
    monkeypatch.setattr(statements, "results_path", lambda: path)
    return path


def test_statement_is_filled_from_the_suite_results(client, db, published) -> None:
    make_municipality(name="Gemeente Dijkzicht")
    db.session.commit()
    text = client.get("/toegankelijkheid").get_data(as_text=True)
    assert "Gemeente Dijkzicht wil dat iedereen Kernpunt kan gebruiken" in text
    assert "voldoet gedeeltelijk" in text
    assert "4 december 2026" in text and "axe-core 4.14.1 in Chromium" in text
    assert "57 pagina's, 120 toetsen" in text
    assert "2 van 3" in text
    # Every page where axe found something is a known deviation, next to the fixed ones.
    assert "Pagina /werkplek/voorbeeld" in text and "PDF" in text
    for heading in ("Oorzaak", "Gevolg", "Maatregel", "Wanneer"):
        assert heading in text


def test_statement_without_results_says_so(client, db, monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(statements, "results_path", lambda: tmp_path / "bestaat-niet.json")
    text = client.get("/toegankelijkheid").get_data(as_text=True)
    assert "Er zijn nog geen gepubliceerde toetsresultaten." in text


def test_published_results_have_the_shape_the_suite_writes() -> None:
    shipped = statements.accessibility_results()
    assert shipped is not None, "dialogue/data/accessibility_results.json is missing"
    assert set(suite_results()) == set(shipped) - {"passed"}


def test_algorithm_register_describes_each_algorithm(client, db) -> None:
    text = client.get("/algoritmeregister").get_data(as_text=True)
    for name in (
        "Persoonsgegevens herkennen",
        "Inbreng indelen in thema",
        "Onvrede-score",
        "Signalen van groeiende onvrede",
        "Groepen en gedeelde standpunten",
    ):
        assert name in text
    for part in ("Doel", "Gegevens", "Menselijke controle", "Hoe goed werkt het"):
        assert text.count(f"<dt>{part}</dt>") == 5
    assert "ARI 0,25" in text and "ROC-AUC 0,90" in text and "mediaan 0,38" in text
    assert "Bent u het er niet mee eens?" in text
    assert 'href="/algoritmeregister"' in client.get("/").get_data(as_text=True)
