"""Tests of the kernpunt_discontent component on small pipelines."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

import nlp.components  # noqa: F401 - registers the factories


@pytest.fixture(scope="module")
def pipeline() -> Language:
    pipeline = spacy.blank("nl")
    pipeline.add_pipe("kernpunt_lookup_lemmatizer")
    pipeline.add_pipe("kernpunt_discontent")
    pipeline.initialize()
    return pipeline


NEGATIVE = [
    "Dit is echt schandalig.",
    "We worden niet gehoord door de gemeente.",
    "Alles wordt over onze hoofden heen besloten",
    "Al jaren overlast van hangjongeren en niemand doet iets",
    "Belachelijk plan, ik ben woedend",
    "De oversteek bij de school is levensgevaarlijk",
    "Ik vertrouw de gemeente niet meer, loze beloftes",
]
NOT_NEGATIVE = [
    "Goed plan, ik ben blij met het nieuwe fietspad.",
    "Prima geregeld door de gemeente, mijn complimenten.",
    "Wanneer is de volgende bijeenkomst in het dorpshuis?",
    "De bibliotheek is open op dinsdag en donderdag.",
    "Geen probleem, dat regel ik wel.",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_complaints_are_negative(pipeline: Language, text: str) -> None:
    doc = pipeline(text)
    assert doc._.negative
    assert doc._.discontent >= pipeline.get_pipe("kernpunt_discontent").threshold


@pytest.mark.parametrize("text", NOT_NEGATIVE)
def test_neutral_and_positive_texts_are_not_negative(pipeline: Language, text: str) -> None:
    doc = pipeline(text)
    assert not doc._.negative
    assert 0.0 <= doc._.discontent < pipeline.get_pipe("kernpunt_discontent").threshold


def test_negation_flips_polarity(pipeline: Language) -> None:
    assert pipeline("Het is niet goed.")._.discontent > pipeline("Het is goed.")._.discontent
    assert pipeline("Het is niet slecht.")._.discontent < pipeline("Het is slecht.")._.discontent


def test_intensifier_exclamation_and_capitals_raise_discontent(pipeline: Language) -> None:
    plain = pipeline("Het is slecht")._.discontent
    assert pipeline("Het is ontzettend slecht")._.discontent > plain
    assert pipeline("Het is slecht!!!")._.discontent > plain
    assert (
        pipeline("Het is SLECHT en BELACHELIJK")._.discontent
        > pipeline("Het is slecht en belachelijk")._.discontent
    )


def test_phrase_tokens_carry_polarity(pipeline: Language) -> None:
    doc = pipeline("Ze luisteren niet naar ons")
    polarities = [token._.polarity for token in doc]
    assert polarities[1] < 0  # "luisteren niet" starts at token 1
    assert polarities[0] == 0.0


def test_threshold_is_configurable() -> None:
    pipeline = spacy.blank("nl")
    pipeline.add_pipe("kernpunt_discontent", config={"threshold": 0.99})
    doc = pipeline("Dit is slecht.")
    assert doc._.discontent > 0.5
    assert not doc._.negative
