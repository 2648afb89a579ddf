"""Tests of the public enrichment API: load, enrich, enrich_one, find_pii, redact."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import nlp
from nlp.pipeline import Enrichment, PiiSpan

LANGUAGES = {"nl", "en", "de", "fy", "other", "und"}
PII_KINDS = {"phone", "email", "bsn", "iban", "postcode_house_number", "licence_plate", "name"}


def test_load_is_cached_per_process() -> None:
    assert nlp.load() is nlp.load()
    assert nlp.load().pipe_names == [
        "lemmatizer",
        "kernpunt_language",
        "kernpunt_pii",
        "kernpunt_discontent",
        "kernpunt_keyterms",
    ]


def test_enrich_one_returns_all_fields() -> None:
    result = nlp.enrich_one("Schandalig! Bel 06-12345678, de windmolens komen te dichtbij.")
    assert isinstance(result, Enrichment)
    assert result.language == "nl"
    assert result.pii == (PiiSpan("phone", 16, 27),)
    assert result.negative
    assert 0.5 <= result.discontent <= 1.0
    assert "windmolen" in result.lemmas
    assert "windmolen" in result.keyterms


def test_enrich_matches_enrich_one_and_keeps_order() -> None:
    """Each component runs over a whole batch (``BatchedComponent.pipe``) in ``enrich``."""
    texts = [
        "Goed plan!",
        "",
        "The council never listens.",
        "Al jaren overlast, niemand doet iets",
        "Bel me gerust op 06-12345678, het is niet leuk meer.",
        "Die Gemeinde hört nie zu.",
        "Mijn adres is 9531 AB 12, de auto GH-JK-12 staat er elke dag.",
    ]
    expected = [nlp.enrich_one(text) for text in texts]
    assert nlp.enrich(texts, batch_size=2) == expected
    assert nlp.enrich(texts, batch_size=256) == expected


def test_doc_extensions_match_the_enrichment() -> None:
    doc = nlp.load()("Wy binne it net iens mei de gemeente.")
    result = nlp.enrich_one("Wy binne it net iens mei de gemeente.")
    assert (doc._.language, doc._.pii, doc._.discontent, doc._.negative) == (
        result.language,
        result.pii,
        result.discontent,
        result.negative,
    )
    assert (doc._.lemmas, doc._.keyterms) == (result.lemmas, result.keyterms)


def test_empty_and_emoji_only_texts_are_undetermined() -> None:
    for text in ("", "   ", "😀🎉", None):
        result = nlp.enrich_one(text)  # type: ignore[arg-type]
        assert result.language == "und"
        assert result.pii == ()
        assert result.lemmas == ()
        assert not result.negative


def test_find_pii_and_redact_are_exported() -> None:
    text = "Mail jan@example.nl"
    assert nlp.redact(text, nlp.find_pii(text)) == "Mail [e-mailadres]"


def _check(result: Enrichment, text: str) -> None:
    assert result.language in LANGUAGES
    assert 0.0 <= result.discontent <= 1.0
    assert result.negative in (True, False)
    for span in result.pii:
        assert span.kind in PII_KINDS
        assert 0 <= span.start < span.end <= len(text)
    assert all(lemma == lemma.lower() and lemma.strip() for lemma in result.lemmas)
    assert all(term.strip() for term in result.keyterms)


HARD_TEXTS = [
    "",
    "😡" * 50,
    "a" * 10_000,
    ("De gemeente luistert niet. " * 400)[:10_000],
    "<p>Graag <b>aandacht</b> voor <script>alert(1)</script> de weg</p>",
    "control \x00\x01\x02\x07\x1b[31m chars \u200b\u202e here",
    "Mixed: the council luistert niet, die Gemeinde hört nicht, wy binne net bliid",
    "\n\n\t  \r\n",
    "06-12345678" * 200,
    "1234 AB 12 " * 100,
    # Inputs that made earlier regular expressions backtrack for seconds:
    "a" * 10_000 + "@",
    "a." * 5_000 + "@" + "b." * 5_000,
    "1 " * 5_000,
]


@pytest.mark.parametrize("text", HARD_TEXTS)
def test_hard_inputs_give_a_defined_result(text: str) -> None:
    _check(nlp.enrich_one(text), text)


@pytest.mark.slow
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.text(max_size=300),
        st.text(alphabet=st.characters(codec="utf-8"), max_size=2_000),
        st.lists(st.sampled_from(["De", "gemeente", "!", "06-12345678", "😀", "<b>", "\x00"])).map(
            " ".join
        ),
    )
)
def test_no_input_raises_and_results_are_in_range(text: str) -> None:
    _check(nlp.enrich_one(text), text)
    [result] = nlp.enrich([text])
    _check(result, text)


def test_cached_lemmatizer_gives_the_same_lemmas_as_spacys_lookup_lemmatizer() -> None:
    import spacy

    stock = spacy.blank("nl")
    stock.add_pipe("lemmatizer", config={"mode": "lookup"})
    stock.initialize()
    texts = [
        "De bewoners WAREN boos over de windmolens die gebouwd werden!",
        "ikke wil ff iets zeggen over de Gemeentes en hun plannen",
        "Geklaagd, geklaagd en nog eens geklaagd: 06-12345678, https://example.nl",
        "",
    ]
    ours = nlp.load()
    with ours.select_pipes(enable=["lemmatizer"]):
        for mine, theirs in zip(ours.pipe(texts), stock.pipe(texts), strict=True):
            assert [token.lemma_ for token in mine] == [token.lemma_ for token in theirs]


def test_german_input_is_scored_with_german_words() -> None:
    """German has no Pattern lexicon; before its own word list it scored as neutral Dutch."""
    complaint, praise, negated = nlp.enrich(
        [
            "Völlig inakzeptabel, dass der Bus schon wieder Verspätung hat!",
            "Ich finde den Vorschlag sehr gut und unterstütze ihn.",
            "Die neue Umleitung ist nicht gut für das Dorf.",
        ]
    )
    assert {complaint.language, praise.language, negated.language} == {"de"}
    assert complaint.negative and complaint.discontent > 0.8
    assert not praise.negative and praise.discontent < 0.1
    assert negated.negative


def test_text_emoticons_carry_discontent_and_appreciation() -> None:
    sad, plain, happy = nlp.enrich(["Bus weer te laat :(", "Bus weer te laat", "Bus op tijd :)"])
    assert sad.discontent > plain.discontent
    assert happy.discontent < 0.2


def test_english_again_is_a_complaint_only_in_its_complaining_phrases() -> None:
    never, back, yet = nlp.enrich(
        [
            "Never again!",
            "We would come back again, the new park is lovely.",
            "The road is flooded yet again.",
        ]
    )
    assert {never.language, back.language, yet.language} == {"en"}
    assert never.negative and yet.negative
    assert not back.negative


def test_german_feelings_and_contempt_are_discontent() -> None:
    texts = [
        "Was für eine Zumutung für die Anwohner.",
        "Ich bin fassungslos, wie die Gemeinde mit uns umgeht.",
        "Die Korruption im Rathaus ist unerträglich.",
        "Was für ein Irrsinn mit der neuen Umleitung.",
        "Die Verwaltung ist ein echter Saftladen.",
        "Das neue Parkhaus ist ein Armutszeugnis für die Stadt.",
    ]
    for enrichment in nlp.enrich(texts):
        assert enrichment.language == "de"
        assert enrichment.negative
