"""Tests of the Flesch–Douma readability measure and its B1 hint."""

from __future__ import annotations

import pytest

from nlp.readability import readability, split_sentences, syllables


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("de", 1),
        ("huis", 1),
        ("even", 2),
        ("gemeente", 3),
        ("beëindigen", 4),
        ("windturbines", 4),
        ("participatietraject", 7),
        ("ijsbaan", 2),
    ],
)
def test_syllables(word: str, count: int) -> None:
    assert syllables(word) == count


def test_sentences_are_split_on_end_marks_not_on_abbreviations() -> None:
    text = "Dit is zin één. Is dit zin twee? Bijv. deze zin, o.a. met afkortingen! Klaar"
    assert len(split_sentences(text)) == 4


def test_short_plain_text_is_b1() -> None:
    result = readability("We bouwen geen windmolens. Dat hebben we besloten. U kunt reageren.")
    assert result.sentences == 3
    assert result.words == 11
    assert result.flesch_douma >= 60
    assert not result.above_b1
    assert "B1" in result.hint


def test_long_official_sentence_is_above_b1_with_a_hint() -> None:
    result = readability(
        "De gemeente heeft, in het kader van de uitvoering van het participatietraject en met "
        "inachtneming van de relevante beleidskaders, besloten een aanvullend onderzoek te laten "
        "verrichten naar de haalbaarheid van de voorgenomen windturbineontwikkeling."
    )
    assert result.above_b1
    assert result.flesch_douma < 60
    assert result.avg_sentence_length > 20
    assert "korter" in result.hint
    assert 0 < result.long_word_share < 1


def test_flesch_douma_formula() -> None:
    result = readability("De kat zit op de mat.")
    expected = 206.835 - 0.93 * 6 - 77 * 1.0
    assert result.flesch_douma == pytest.approx(expected, abs=0.1)


@pytest.mark.parametrize("text", ["", "   ", "123 456", "😀", "...!!!"])
def test_text_without_words_has_no_score(text: str) -> None:
    result = readability(text)
    assert result.words == 0
    assert not result.above_b1
    assert result.hint == ""
