"""The officials' home page cards: each rule once, and cards that never contradict each other."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from dialogue.answers.models import OfficialResponse
from dialogue.extensions import db
from dialogue.officials import cards
from dialogue.signals.models import Signal, SignalKind, SignalStatus
from dialogue.themes.models import Theme
from tests.factories import make_contribution, make_signal
from tests.helpers import as_


def add_theme(consultation, key: str, label: str, *, active: bool = True) -> Theme:
    theme = Theme(
        consultation_id=consultation.id,
        municipality_id=consultation.municipality_id,
        key=key,
        label=label,
        size=8,
        active=active,
    )
    db.session.add(theme)
    db.session.flush()
    return theme


def answer(consultation, *, theme_key: str | None = None, contribution_id: int | None = None):
    db.session.add(
        OfficialResponse(
            consultation_id=consultation.id,
            theme_key=theme_key,
            contribution_id=contribution_id,
            author_role="analyst",
            text="Wij pakken dit op.",
        )
    )
    db.session.flush()


def card(page: str, heading: str) -> str:
    """Return the text of the card with heading on the home page."""
    for text in page.split('<li class="kp-card">')[1:]:
        if f">{heading}</h2>" in text:
            return re.sub(r"\s+", " ", text.split("\n</ul>")[0])
    raise AssertionError(f"no card {heading!r}")


@pytest.fixture
def signalled(world):
    """Three open signals of different kinds on two themes, and no answer anywhere."""
    consultation = world.consultation
    add_theme(consultation, "t1", "Verkeer bij de school")
    add_theme(consultation, "t2", "Windpark De Vaart")
    make_signal(consultation, theme_key="t1", kind=SignalKind.RISING_VOLUME)
    make_signal(consultation, theme_key="t2", kind=SignalKind.RISING_DISCONTENT)
    make_signal(consultation, theme_key="t2", kind=SignalKind.RISING_VOLUME)
    db.session.commit()
    return world


def test_every_kind_of_open_signal_counts_and_waits_for_an_answer(signalled):
    municipality_id = signalled.a.id
    assert cards.open_signal_count(municipality_id) == 3
    waiting = cards.themes_with_signal_without_answer(municipality_id)
    assert [w.theme.key for w in waiting] == ["t1", "t2"]
    assert cards.consultations_without_answer(municipality_id) == [signalled.consultation]


def test_theme_answer_answers_the_theme_and_the_consultation(signalled):
    answer(signalled.consultation, theme_key="t1")
    municipality_id = signalled.a.id
    assert [w.theme.key for w in cards.themes_with_signal_without_answer(municipality_id)] == ["t2"]
    assert cards.consultations_without_answer(municipality_id) == []


def test_answer_on_one_input_answers_neither_theme_nor_consultation(signalled):
    contribution = make_contribution(consultation=signalled.consultation, theme_key="t1")
    answer(signalled.consultation, contribution_id=contribution.id)
    municipality_id = signalled.a.id
    assert len(cards.themes_with_signal_without_answer(municipality_id)) == 2
    assert cards.consultations_without_answer(municipality_id) == [signalled.consultation]


def test_dismissed_signals_and_inactive_themes_do_not_wait(signalled):
    for signal in db.session.scalars(select(Signal).filter_by(theme_key="t2")):
        signal.status = SignalStatus.DISMISSED
    db.session.scalar(select(Theme).filter_by(key="t1")).active = False
    db.session.flush()
    municipality_id = signalled.a.id
    assert cards.themes_with_signal_without_answer(municipality_id) == []
    assert cards.open_signal_count(municipality_id) == 1  # still new, on the merged theme


def test_cards_of_another_municipality_stay_out(signalled):
    other = signalled.b.id
    assert cards.open_signal_count(other) == 0
    assert cards.themes_with_signal_without_answer(other) == []
    assert cards.consultations_without_answer(other) == [signalled.other_consultation]


def test_home_page_cards_agree_before_and_after_answers(client, signalled):
    as_(client, signalled.analyst)
    page = client.get("/werkplek").get_data(as_text=True)
    assert '<strong class="kp-figure">3</strong> signalen' in card(page, "Signalen")
    waiting = card(page, "Signalen zonder antwoord")
    assert "Op 2 thema's met een signaal" in waiting
    assert "Verkeer bij de school" in waiting and "Windpark De Vaart" in waiting
    assert signalled.consultation.title in card(page, "Nog geen antwoord")

    answer(signalled.consultation, theme_key="t1")
    answer(signalled.consultation, theme_key="t2")
    db.session.commit()
    page = client.get("/werkplek").get_data(as_text=True)
    assert "Op elk thema met een signaal heeft de gemeente geantwoord." in card(
        page, "Signalen zonder antwoord"
    )
    assert signalled.consultation.title not in card(page, "Nog geen antwoord")


def test_home_page_without_signals_says_so(client, world):
    as_(client, world.analyst)
    page = client.get("/werkplek").get_data(as_text=True)
    assert "Er zijn geen signalen." in card(page, "Signalen zonder antwoord")
    assert "geantwoord" not in card(page, "Signalen zonder antwoord")
