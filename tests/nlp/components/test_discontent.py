"""Tests of the kernpunt_discontent component on small pipelines."""

from __future__ import annotations

from collections import Counter

import pytest
import spacy
from spacy.language import Language

import nlp.components  # noqa: F401 - registers the factories
from nlp.components.resources import DATA_DIR
from nlp.pipeline import enrich_one


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


def score(pipeline: Language, text: str) -> float:
    return pipeline(text)._.discontent


@pytest.mark.parametrize(
    ("plain", "negated"),
    [("Ik ben blij met de speeltuin.", "Ik ben niet blij met de speeltuin."),
     ("Dat is een groot probleem.", "Dat is geen enkel probleem.")],
)  # fmt: skip
def test_negation_flips_the_score_across_the_threshold(pipeline: Language, plain, negated) -> None:
    threshold = pipeline.get_pipe("kernpunt_discontent").threshold
    before, after = score(pipeline, plain), score(pipeline, negated)
    assert (before >= threshold) != (after >= threshold)


def test_emoji_carry_discontent_and_appreciation(pipeline: Language) -> None:
    neutral = score(pipeline, "De speeltuin")
    assert score(pipeline, "De speeltuin 😡") > neutral + 0.3
    assert score(pipeline, "De speeltuin 👍") < neutral - 0.1
    assert pipeline("De speeltuin 😡")._.negative


@pytest.mark.parametrize(
    "text", ["De parkeerellende in de wijk", "Weer een kutplan", "Die hondenpoepoverlast"]
)
def test_dutch_compounds_with_a_negative_head_or_prefix_are_negative(
    pipeline: Language, text
) -> None:
    assert pipeline(text)._.negative


@pytest.mark.parametrize(
    "text", ["De rotonde bij de wandelroute", "Een nieuw probleemloos systeem"]
)
def test_ordinary_words_are_no_compound_complaints(pipeline: Language, text) -> None:
    assert not pipeline(text)._.negative


def test_praise_with_an_irony_marker_beside_a_complaint_is_discontent(pipeline: Language) -> None:
    plain = "Echt top geregeld, weer niks gedaan"
    ironic = "Echt top geregeld hoor, weer niks gedaan 🙄"
    assert score(pipeline, ironic) > score(pipeline, plain) + 0.2
    assert pipeline(ironic)._.negative
    assert not pipeline("Echt top geregeld hoor, dank u wel")._.negative


@pytest.mark.parametrize(
    "text",
    [
        "Dit is een klap in het gezicht van alle ondernemers.",
        "Een zwarte dag voor de democratie.",
        "Het kabinet faalt opnieuw.",
        "Wederom luistert Den Haag niet naar de regio. #kabinetfaalt",
        "De bewoners worden aan hun lot overgelaten.",
        "Dit is een aanfluiting.",
        "Hoe is het mogelijk dat dit in ons dorp gebeurt?",
        "Wat een oplichters bij de provincie.",
        "Ze lachen ons uit in Den Haag.",
        "Doe normaal, gemeente!",
        "Wat een circus in de raad.",
    ],
)
def test_the_words_of_public_debate_carry_discontent(pipeline: Language, text) -> None:
    """Residents write about national rules (nitrogen, asylum) in the words of the debate."""
    assert pipeline(text)._.negative


def test_congratulations_are_appreciation_and_a_courtesy_sign_off_is_neither(
    pipeline: Language,
) -> None:
    neutral = score(pipeline, "De uitslag van de verkiezingen.")
    assert score(pipeline, "Gefeliciteerd met de uitslag van de verkiezingen!") < neutral - 0.1
    # "Alvast bedankt" closes complaints and questions alike: it must not soften a complaint.
    complaint = "Container weer niet geleegd."
    assert score(pipeline, complaint + " Alvast bedankt.") == score(pipeline, complaint)


def test_grief_is_a_negative_feeling(pipeline: Language) -> None:
    """After an accident on a dangerous road residents write condolences, not complaints."""
    assert pipeline("Mijn gedachten zijn bij de nabestaanden.")._.negative
    assert pipeline("Diep triest. Rust zacht.")._.negative


@pytest.mark.parametrize(
    "text",
    [
        "Veel verdriet en schaamte over hoe het dorp is behandeld.",
        "Ik walg ervan.",
        "Wat een corrupt zootje in het gemeentehuis.",
        "Het jongerenwerk is gewoon wegbezuinigd.",
        "Paniek in de straat na de zoveelste inbraak.",
    ],
)
def test_feelings_of_grief_fear_and_disgust_and_contempt_are_discontent(
    pipeline: Language, text: str
) -> None:
    assert pipeline(text)._.negative


def test_tears_of_joy_are_no_complaint(pipeline: Language) -> None:
    """'huilen' alone stays neutral: residents cry from joy too; "om te huilen" complains."""
    assert not pipeline(
        "Huilen van geluk toen we de sleutel van ons eerste huis kregen."
    )._.negative
    assert pipeline("Het is om te huilen hoe de school erbij staat.")._.negative


@pytest.mark.parametrize(
    ("curse", "plain"),
    [
        ("Godverdomme, de bus rijdt om.", "De bus rijdt om."),
        ("Kut, de bibliotheek gaat dicht.", "De bibliotheek gaat dicht."),
        ("Shit, de stoep ligt open.", "De stoep ligt open."),
        ("Die klootzakken rijden door de Dorpsstraat.", "Die auto's rijden door de Dorpsstraat."),
        ("Ik was doodsbang bij het kruispunt.", "Ik was bij het kruispunt."),
    ],
)
def test_a_curse_or_fright_makes_a_plain_statement_discontent(
    pipeline: Language, curse: str, plain: str
) -> None:
    """Anger said with a curse alone ("Godverdomme", "Kut") is discontent."""
    assert pipeline(curse)._.negative
    assert not pipeline(plain)._.negative


@pytest.mark.parametrize(
    "text",
    [
        "Het nieuwe fietspad is echt een verbetering.",
        "Dat is een kleine investering voor de buurt.",
        "De buiktyfus is in Nederland zeldzaam geworden.",
    ],
)
def test_words_ending_in_a_curse_are_no_complaint(pipeline: Language, text: str) -> None:
    """ "tering" and "tyfus" count only as a prefix ("teringzooi"): as compound heads they
    would make "verbetering", "investering" and "buiktyfus" complaints."""
    assert not pipeline(text)._.negative


@pytest.mark.parametrize(
    "text",
    [
        "It is slim mei de dyk by ús doarp.",
        "Wy binne net bliid mei de nije wynmûnen.",
        "Ik bin hiel lilk op de gemeente.",
        "Ik bin it wurch, it is in skande.",
        "Nimmen harket nei ús.",
    ],
)
def test_frisian_complaints_are_discontent(text: str) -> None:
    """Frisian reads with Dutch words underneath its own: "slim" is bad there, not clever."""
    found = enrich_one(text)
    assert found.language == "fy"
    assert found.negative


def test_frisian_praise_and_dutch_clever_stay_positive() -> None:
    assert not enrich_one("Wy binne tige bliid mei it nije fytspaad.").negative
    dutch = enrich_one("De wethouder is slim en doet het goed.")
    assert dutch.language == "nl" and not dutch.negative


@pytest.mark.parametrize("language", ["nl", "en", "de", "fy"])
def test_each_complaint_term_is_listed_once(language: str) -> None:
    """A term listed twice silently takes the later line's weight."""
    lines = (DATA_DIR / f"complaint_{language}.tsv").read_text(encoding="utf-8").splitlines()
    terms = [line.split("\t")[0].strip().lower() for line in lines if line and line[0] != "#"]
    assert sorted(term for term, count in Counter(terms).items() if count > 1) == []
