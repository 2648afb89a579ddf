"""Tests of the kernpunt_keyterms component on small pipelines."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

import nlp.components  # noqa: F401 - registers the factories


@pytest.fixture(scope="module")
def pipeline() -> Language:
    pipeline = spacy.blank("nl")
    pipeline.add_pipe("kernpunt_lookup_lemmatizer")
    pipeline.add_pipe("kernpunt_language")
    pipeline.add_pipe("kernpunt_keyterms")
    pipeline.initialize()
    return pipeline


def test_lemmas_leave_out_stop_words_numbers_punctuation_and_urls(pipeline: Language) -> None:
    doc = pipeline(
        "Graag aandacht voor de windmolens! Alvast bedankt, mvg. Zie https://example.nl, 2024"
    )
    assert doc._.lemmas == ("aandacht", "windmolen")


def test_keyterms_prefer_long_repeated_lemmas_and_adjacent_pairs(pipeline: Language) -> None:
    doc = pipeline("De windturbines bij het zonnepark. Windturbines zijn te hoog.")
    assert doc._.keyterms[0] == "windturbine"
    assert "zonnepark" in doc._.keyterms


def test_two_word_terms_join_adjacent_content_words(pipeline: Language) -> None:
    doc = pipeline("Het sociaal domein en de jeugdzorg kosten te veel.")
    assert "sociaal domein" in doc._.keyterms


def test_english_text_uses_english_stop_words(pipeline: Language) -> None:
    doc = pipeline("The turbines are far too close to our houses and the school.")
    assert doc._.lemmas == ("turbine", "far", "close", "house", "school")


def test_is_content_token_attribute(pipeline: Language) -> None:
    doc = pipeline("De windmolens graag weg")
    assert [token.text for token in doc if token._.is_content] == ["windmolens"]


def test_max_terms_limits_keyterms() -> None:
    pipeline = spacy.blank("nl")
    pipeline.add_pipe("kernpunt_keyterms", config={"max_terms": 2})
    doc = pipeline("Fietspad kruising verkeerslicht drempel rotonde")
    assert len(doc._.keyterms) == 2


@pytest.mark.parametrize("text", ["", "!!!", "123 456", "de het een"])
def test_texts_without_content_have_no_terms(pipeline: Language, text: str) -> None:
    doc = pipeline(text)
    assert doc._.lemmas == ()
    assert doc._.keyterms == ()
