"""The signals page and the council report explain the signal rule with its real numbers."""

from __future__ import annotations

import pytest

from dialogue.accounts.models import Role
from dialogue.exports.render import methods_text
from dialogue.signals.rule import dutch_number, signal_rule
from tests.factories import make_consultation, make_user


def test_the_report_text_names_the_floor_earlier_years_and_seasons():
    text = methods_text(5)
    assert "minstens 2,75 keer zo veel inbreng als normaal en minstens 8 meer" in text
    assert "dezelfde weken van eerdere jaren" in text
    assert "'Zoals elk jaar'" in text
    assert "noemt het signaal die kern" in text
    assert "de eerste 13 weken geen signaal" in text
    assert "minstens 15 procentpunten" in text
    assert "{" not in text and "Aantallen onder de 5" in text


def test_the_budget_moves_the_numbers_in_the_texts(monkeypatch):
    monkeypatch.setenv("KERNPUNT_SIGNAL_BUDGET", "4")
    assert signal_rule().min_ratio == 2.25
    assert "minstens 2,25 keer" in methods_text(5)


@pytest.mark.parametrize(("value", "written"), [(2.75, "2,75"), (3.0, "3"), (2.5, "2,5")])
def test_numbers_are_written_the_dutch_way(value, written):
    assert dutch_number(value) == written


def test_the_signals_page_and_the_report_preview_explain_the_rule(client, as_user, db):
    analyst = make_user(Role.ANALYST)
    consultation = make_consultation(municipality=analyst.municipality)
    as_user(analyst)
    page = client.get(f"/werkplek/raadplegingen/{consultation.id}/signalen").get_data(True)
    assert "minstens 2,75 keer zo veel inbreng als normaal en minstens 8 meer" in page
    assert "dezelfde weken van eerdere jaren" in page
    assert "‘Zoals elk jaar’" in page
    preview = client.get(f"/werkplek/raadplegingen/{consultation.id}/samenvatting")
    assert "minstens 2,75 keer zo veel inbreng" in preview.get_data(as_text=True)
