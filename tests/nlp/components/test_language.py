"""Tests of the kernpunt_language component on small pipelines."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language

import nlp.components  # noqa: F401 - registers the factories


@pytest.fixture(scope="module")
def pipeline() -> Language:
    pipeline = spacy.blank("nl")
    pipeline.add_pipe("kernpunt_lookup_lemmatizer")
    pipeline.add_pipe("kernpunt_language")
    pipeline.initialize()
    return pipeline


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("De gemeente luistert niet naar de bewoners van ons dorp.", "nl"),
        ("graag een drempel bij de school, er wordt te hard gereden", "nl"),
        ("Windmolens? Nee dank je.", "nl"),
        ("The council never listens to the people who live here.", "en"),
        ("Please fix the bike path, it is dangerous for the kids.", "en"),
        ("Die Gemeinde hört uns nicht zu und das ist nicht gut.", "de"),
        ("Wir wollen keine Windräder in unserem Dorf.", "de"),
        ("Wy binne it net iens mei de gemeente oer de wynmûnen yn ús doarp.", "fy"),
        ("Ik fyn it tige spitich dat de skoalle ticht giet.", "fy"),
        ("Enough is enough", "en"),
        ("Global warming is real", "en"),
        ("Too long", "en"),
        ("La mairie ne nous écoute pas, c'est très grave.", "other"),
        ("Почему никто не слушает жителей?", "other"),
        ("Merhaba, köyümüzdeki yol çok kötü durumda.", "other"),
        ("Dziękuję bardzo, wszystko dobrze.", "other"),
        ("Droga do szkoły jest niebezpieczna dla dzieci.", "other"),
        ("Evet, tamam.", "other"),
        ("Ik woon naast Łukasz en de straat is een zooi.", "nl"),
        ("", "und"),
        ("😡😡😡", "und"),
        ("12345 !!!", "und"),
    ],
)
def test_language_is_detected(pipeline: Language, text: str, language: str) -> None:
    assert pipeline(text)._.language == language


def test_english_text_gets_english_lemmas(pipeline: Language) -> None:
    doc = pipeline("The residents were complaining about the turbines.")
    assert doc._.language == "en"
    assert [token.lemma_ for token in doc if token.text in ("residents", "turbines")] == [
        "resident",
        "turbine",
    ]


def test_a_common_english_noun_is_not_turned_into_a_rare_word(pipeline: Language) -> None:
    """The lookup table's lemmas "numb", "rend", "grind" and "datum" met the wrong Dutch
    word across languages ("numb" nerveus); the common form keeps itself."""
    doc = pipeline("The rent is high, the number of homes on this ground is low, the data say.")
    lemmas = {token.text: token.lemma_ for token in doc}
    assert [lemmas[w] for w in ("rent", "number", "ground", "data", "homes", "say")] == [
        "rent", "number", "ground", "data", "home", "say"
    ]  # fmt: skip
    doc = pipeline("We saw that they found the rents and numbers too high.")
    assert [t.lemma_ for t in doc if t.text in ("saw", "found", "rents", "numbers")] == [
        "see", "find", "rent", "number"
    ]  # fmt: skip


def test_relemmatize_can_be_switched_off() -> None:
    pipeline = spacy.blank("nl")
    pipeline.add_pipe("kernpunt_lookup_lemmatizer")
    pipeline.add_pipe("kernpunt_language", config={"relemmatize": False})
    pipeline.initialize()
    doc = pipeline("The residents were complaining about the turbines.")
    assert doc._.language == "en"
    assert "resident" not in [token.lemma_ for token in doc]


def _samples() -> list[tuple[str, str]]:
    path = Path(__file__).with_name("language_samples.tsv")
    lines = path.read_text(encoding="utf-8").splitlines()
    return [
        (line.split("\t")[0], line.split("\t")[1])
        for line in lines
        if line.strip() and not line.startswith("#")
    ]


@pytest.mark.parametrize("language", ["nl", "en", "de", "fy"])
def test_accuracy_on_short_resident_sentences(pipeline: Language, language: str) -> None:
    texts = [text for code, text in _samples() if code == language]
    detected = [doc._.language for doc in pipeline.pipe(texts)]
    assert len(texts) >= 20
    assert detected.count(language) / len(texts) >= 0.9


def test_a_text_dutch_by_the_prior_alone_takes_the_language_of_its_input() -> None:
    from nlp.components.language import languages_in_context

    english = ["The council never listens to us.", "Please fix the road near the school."] * 3
    texts = [*english, "Clear and concise", "Het is een goed plan en ik ben er voor."]
    detected = ["en"] * 6 + ["nl", "nl"]
    # "Clear and concise" has no Dutch evidence; the Dutch sentence keeps its language.
    assert languages_in_context(texts, detected) == ["en"] * 7 + ["nl"]
    # In Dutch input, and where no language holds most texts, nothing changes.
    assert languages_in_context(texts[5:], ["en", "nl", "nl"]) == ["en", "nl", "nl"]
    assert languages_in_context(["Hello there", "Super"], ["en", "nl"]) == ["en", "nl"]


def test_a_german_text_taken_for_dutch_is_read_with_german_lemmas_and_stop_words() -> None:
    from nlp.components.keyterms import content_lemmas_as, lemmas_in_context

    texts = ["Die Bahn ist wieder zu spät."] * 3 + ["18 Menschen verschleppt.", "So in der S-Bahn"]
    dutch_lemmas = [("bahn", "spät")] * 3 + [("menschen", "verschleppt"), ("so", "s-bahn")]
    languages, lemmas = lemmas_in_context(texts, ["de"] * 3 + ["nl", "nl"], dutch_lemmas)
    assert languages == ["de"] * 5
    assert lemmas[3] == ["mensch", "verschleppen"]
    assert lemmas[4] == ["s-bahn"]  # "so" is a German stop word; the hyphenated word stays
    assert content_lemmas_as("Clear and concise", ["clear", "concise"], "en") == [
        "clear",
        "concise",
    ]
