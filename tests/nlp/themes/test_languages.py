"""Themes whatever the language: Dutch words for English input, Dutch labels, one subject together."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

import numpy as np
import pytest

from nlp import enrich
from nlp.themes import clustering, crosslingual, discover, place
from nlp.themes.features import LexicalVectoriser
from nlp.themes.model import ThemeModel
from nlp.themes.phrases import PhraseIndex
from nlp.themes.tokens import placement_tokens, theme_tokens
from nlp.themes.wordclass import names_a_subject

#: Short resident sentences written for this test, per subject and language.
DUTCH = {
    "bibliotheek": [
        "De bibliotheek moet open blijven, mijn kinderen lenen er elke week boeken.",
        "Sluit de bibliotheek niet, het is de enige plek in het dorp om te lezen.",
        "Zonder bibliotheek hebben ouderen geen plek meer voor de krant en een praatje.",
        "Kan de bibliotheek niet in het dorpshuis, met vrijwilligers?",
        "Ik leen al veertig jaar boeken in deze bibliotheek.",
        "De openingstijden van de bibliotheek zijn te kort voor werkende ouders.",
    ],
    "afval": [
        "De container voor het afval is al twee weken niet geleegd.",
        "Het afval ligt naast de volle container, de meeuwen trekken de zakken open.",
        "Waarom wordt het afval nog maar eens per maand opgehaald?",
        "De container bij de kerk stinkt, het afval waait over straat.",
        "Graag een extra container voor plastic afval in onze straat.",
        "Sinds de nieuwe regels ligt er overal afval langs de weg.",
    ],
    "politie": [
        "We zien de politie hier nooit, ook niet als er 's nachts wordt ingebroken.",
        "De politie moet vaker langskomen bij het station, daar wordt gedeald.",
        "Bel je de politie over lawaai, dan komt er niemand.",
        "Er is weer ingebroken in drie auto's, waar blijft de politie?",
        "Een wijkagent van de politie die je kent zou veel helpen.",
        "Jongeren vernielen bushokjes en de politie doet niets.",
    ],
}
ENGLISH = {
    "bibliotheek": [
        "Please keep the library open, my children borrow books there every week.",
        "The library is the only quiet place in the village to read.",
        "Closing the library would hurt older people who read the paper there.",
    ],
    "afval": [
        "The waste container has not been emptied for two weeks.",
        "Waste is piling up next to the full container and birds tear the bags open.",
        "Why is our waste only collected once a month now?",
    ],
    "politie": [
        "We never see the police here, not even after the burglaries at night.",
        "The police should patrol the station more often, people deal drugs there.",
        "When you call the police about noise, nobody comes.",
    ],
}


def test_english_and_german_words_become_dutch_and_dutch_stays():
    assert crosslingual.dutch_tokens(["library", "police", "waste"], "en") == [
        "bibliotheek",
        "politie",
        "afval",
    ]
    assert crosslingual.dutch_tokens(["bibliotheek", "library"], "nl") == ["bibliotheek", "library"]
    # German stop words are left out (the theme stop list is Dutch and English only).
    assert "und" not in crosslingual.dutch_tokens(["und", "polizei"], "de")
    # A word the table does not know stays as it is.
    assert crosslingual.dutch_tokens(["vaarthoeve"], "en") == ["vaarthoeve"]


def _encoder_table() -> dict[tuple[str, str], str]:
    """The encoder's nearest Dutch words as shipped, without the glossary."""
    rows = crosslingual.TABLE_PATH.read_text("utf-8").splitlines()
    return {(r.split("\t")[0], r.split("\t")[1]): r.split("\t")[2] for r in rows[1:] if r}


def test_the_table_translates_to_common_dutch_words():
    """The build keeps only common Dutch targets: not "vota", "natura", "gouvernement", "pagadder"."""
    encoder = _encoder_table()
    assert [encoder["en", w] for w in ("vote", "nature", "government", "nitrogen")] == [
        "stemmen",
        "natuur",
        "regering",
        "stikstof",
    ]
    rare = {"vota", "natura", "gouvernement", "taxeren", "pagadder", "refugié", "tree"}
    assert not rare & {dutch for words in crosslingual.table().values() for dutch in words.values()}


def test_glossary_words_map_as_written_over_the_encoders_word():
    english = crosslingual.table()["en"]
    # The encoder's nearest words were overblijfsel, immigratie, fiscaal, bestuur, boomhut.
    assert _encoder_table()["en", "asylum"] == "overblijfsel"
    assert [english[w] for w in ("asylum", "refugee", "tax", "council", "tree", "farmer")] == [
        "asiel", "vluchteling", "belasting", "gemeenteraad", "boom", "boer"
    ]  # fmt: skip
    assert crosslingual.dutch_tokens(["asylum", "refugee", "tax", "farmer"], "en") == [
        "asiel", "vluchteling", "belasting", "boer"
    ]  # fmt: skip
    assert crosslingual.dutch_tokens(["flüchtling", "steuer", "baum"], "de") == [
        "vluchteling", "belasting", "boom"
    ]  # fmt: skip
    # A phrase replaces its words when they stand together, and only then.
    assert crosslingual.dutch_tokens(["speed", "bump", "school"], "en") == [
        "verkeersdrempel",
        "school",
    ]
    assert "verkeersdrempel" not in crosslingual.dutch_tokens(["bump", "speed"], "en")
    # A word counts under the lemma the enrichment gives it ("rents" rent, "taxes" taxes).
    assert crosslingual.dutch_tokens(["rent", "taxes"], "en") == ["huur", "belasting"]
    # "road" is "weg", a Dutch stop word: dropped, as "weg" is in Dutch input.
    assert crosslingual.dutch_tokens(["road", "pothole"], "en") == ["kuil"]
    assert crosslingual.translate_phrase("road", "en") == "weg"
    # A Dutch word is clustered as Dutch input gives it: "bushokje" is lemmatised "bushok".
    assert crosslingual.dutch_tokens(["bus", "shelter"], "en") == ["bushok"]
    assert crosslingual.translate_phrase("bus shelters", "en") == "bushokje"


def test_every_glossary_line_is_used_and_reaches_dutch_input():
    """No line is malformed or shadowed, and each Dutch word can meet Dutch input."""
    from nlp.components.lemmatizer import dutch_lookups
    from nlp.themes import glossary
    from nlp.themes.features import WORD_PATTERN, stop_words

    rows = glossary.read_glossary()
    assert len(rows) >= 300 and {code for code, _, _ in rows} == {"en", "de"}
    sources = [(code, source.lower()) for code, source, _ in rows]
    assert len(sources) == len(set(sources)), "a word is in the glossary twice"
    dropped = {dutch for _, _, dutch in rows if not glossary.dutch_tokens_of(dutch)}
    # generic words, dropped as in Dutch input ("Leute" mensen, as "people" is a stop word;
    # "lot" veel, where the encoder's table said "loting")
    assert {"weg", "gemeente", "bewoner", "inwoner", "dorp", "mensen", "mens", "veel"} <= dropped
    lemma = dutch_lookups().get_table("lemma_lookup")
    words = [word for phrase in dropped for word in WORD_PATTERN.findall(phrase.lower())]
    assert all(lemma.get(w, w) in stop_words() for w in words)  # "back-up"; "tijdje" tijd
    for code, source, dutch in rows:
        words = glossary.glossary(code).words
        if " " not in source and glossary.source_lemma(code, source) == source.lower():
            assert words[source.lower()] == dutch, (code, source)


def test_each_input_has_its_language():
    found = enrich([DUTCH["afval"][0], ENGLISH["afval"][0]])
    assert [e.language for e in found] == ["nl", "en"]


def test_translated_label_is_dutch_with_the_attributive_e():
    assert crosslingual.translate_phrase("library", "en") == "bibliotheek"
    assert crosslingual.translate_phrase("waste of the library", "en") == "afval van bibliotheek"
    assert crosslingual._with_e("groot") == "grote"
    assert crosslingual._with_e("boos") == "boze"
    assert crosslingual._with_e("dik") == "dikke"
    assert crosslingual.translate_phrase("library xyzzyq", "en") is None
    # Common adjectives are inflected too (they are stop words, but no linking words), a
    # diphthong is not doubled, and an invariant adjective stays as it is (Pol.is, GermEval).
    assert crosslingual.translate_phrase("high speed", "en") == "hoge snelheid"
    assert crosslingual.translate_phrase("new school", "en") == "nieuwe school"
    assert crosslingual.translate_phrase("freies wlan", "de") == "vrije wifi"
    assert crosslingual.translate_phrase("gratis wlan", "de") == "gratis wifi"


def test_two_translated_nouns_form_a_dutch_compound_or_no_label():
    """Dutch writes "water quality" as one word; a pair Dutch has no compound for is no label."""
    assert crosslingual.translate_phrase("school bus", "en") == "schoolbus"
    assert crosslingual.translate_phrase("bus station", "en") == "busstation"
    assert crosslingual.translate_phrase("water level", "en") == "waterniveau"
    assert crosslingual.translate_phrase("river flow", "en") is None  # not "rivier stroming"
    # "internet" is an adjective in the Dutch index too; still no "snelheid internet"
    assert crosslingual.translate_phrase("high speed internet", "en") is None
    # A verb or a noun right before a noun is no Dutch either (HuffPost, Pol.is).
    assert crosslingual.translate_phrase("streaming service", "en") is None
    assert crosslingual.translate_phrase("improve traffic flow", "en") is None
    assert crosslingual.translate_phrase("housing costs", "en") is None
    # An adjective before a noun stays a word of its own, with the attributive -e.
    assert crosslingual.translate_phrase("affordable housing", "en") == "betaalbare woning"


def test_a_phrase_with_a_name_is_not_half_translated():
    """HuffPost's "Twitter user" was "Twitter gebruiker"; "Dutch", written with a capital, is
    a word the table translates."""
    texts = [f"I think every Twitter user should {verb}." for verb in ("leave", "stay", "pay")] * 4
    texts += [f"I saw the Dutch embassy on {day}." for day in ("Monday", "Friday", "Sunday")] * 4
    texts += ["A quiet street.", "Nice weather today."] * 10
    index = PhraseIndex(texts, languages=["en"] * len(texts))
    assert {"twitter", "dutch"} <= index.proper
    assert index.describe(list(range(12))) == ("Twitter", ["twitter", "gebruiker"])
    assert index.describe(list(range(12, 24)))[0] == "Nederlandse ambassade"


def test_an_english_theme_gets_a_dutch_label_and_dutch_keywords():
    texts = [text for texts in ENGLISH.values() for text in texts] * 3
    languages = ["en"] * len(texts)
    index = PhraseIndex(texts, places=["Holtum"], languages=languages)
    label, keywords = index.describe(list(range(3)) + list(range(9, 12)) + list(range(18, 21)))
    assert label == "Bibliotheek"
    assert keywords and all(re.fullmatch(r"[a-zà-ÿ ]+", k) for k in keywords)
    assert "library" not in keywords


def test_a_translated_label_names_a_subject_in_its_own_language():
    """ "explain" is "uitleggen", which Dutch also reads as the plural of "uitleg": no label."""
    texts = [
        "Please explain this to us.",
        "Explain why nothing happens.",
        "Nobody can explain it.",
        "Can you explain the plan?",
        "They never explain anything.",
        "Explain it once more, please.",
    ]
    index = PhraseIndex(texts * 2 + ["A quiet street.", "Nice weather today."] * 10,
                        languages=["en"] * 32)  # fmt: skip
    assert index.describe(list(range(12))) == (None, ["uitleggen"])
    assert names_a_subject(["explain"], "en") is False
    assert names_a_subject(["rentals"], "en") is True
    # German writes nouns with a capital; informal German does not always ("handy" gsm)
    assert names_a_subject(["fordern"], "de", "eisen") is False
    assert names_a_subject(["Handy", "handy"], "de", "gsm") is True
    assert names_a_subject(["handy"], "de", "gsm") is True


def test_no_translation_and_no_label_is_an_offensive_word():
    """The encoder's nearest Dutch word for "cowboy" and "Wagner" was "hoer", for "van" "del"."""
    from nlp.themes.features import offensive_words

    offensive = offensive_words()
    assert {"hoer", "neuken", "del", "lul"} <= offensive
    assert _encoder_table()["en", "cowboy"] == "hoer"  # in the shipped file, never read
    translations = {dutch for words in crosslingual.table().values() for dutch in words.values()}
    assert not {w for dutch in translations for w in dutch.lower().split()} & offensive
    assert _encoder_table()["en", "nasal"] == "neuken"
    assert crosslingual.translate_phrase("nasal", "en") is None  # no Dutch word: no label
    assert crosslingual.translate_phrase("van", "en") == "busje"
    index = PhraseIndex(["Wat een kut plan, echt kut."] * 6, languages=["nl"] * 6)
    assert not index.acceptable("kut") and index.acceptable("windmolen")


def test_an_adjective_of_a_country_gets_its_e_without_a_z():
    assert crosslingual.translate_phrase("indian restaurant", "en") == "Indiase restaurant"
    assert crosslingual.translate_phrase("französische bahn", "de") == "Franse trein"
    assert crosslingual.translate_phrase("deutsche bahn", "de") == "Deutsche Bahn"  # a name
    # A linking word is no adjective ("voor" became "vore").
    assert crosslingual.translate_phrase("working for families", "en") == "werken voor familie"


def test_a_theme_with_enough_dutch_texts_is_named_from_them():
    texts = DUTCH["afval"] + ENGLISH["afval"]
    languages = ["nl"] * len(DUTCH["afval"]) + ["en"] * len(ENGLISH["afval"])
    label, keywords = PhraseIndex(texts, languages=languages).describe(list(range(len(texts))))
    assert label is not None and label.lower() in {"afval", "container"}
    assert not {"waste", "container has"} & set(keywords)


def test_translated_label_keeps_the_label_rules():
    texts = ["Warren County needs more police in Warren County."] * 6
    texts += ["The library in Warren County is great."] * 6
    index = PhraseIndex(texts, places=["Warren"], languages=["en"] * len(texts))
    label, keywords = index.describe(list(range(6)))
    assert label is not None
    for term in (label, *keywords):
        assert term.lower() not in {"warren", "county", "warren county", "graafschap"}, term
        assert not re.search(r"\d", term)


def test_sentence_vectors_of_a_second_language_are_moved_onto_the_dutch_ones():
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(60, 8)).astype(np.float32)
    vectors[40:] += 3.0  # a language offset
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    languages = ["nl"] * 40 + ["en"] * 20
    moved = crosslingual.language_neutral(vectors, languages)
    assert np.allclose(moved[:40], vectors[:40])  # Dutch stays as it was
    gap_before = np.linalg.norm(vectors[:40].mean(0) - vectors[40:].mean(0))
    gap_after = np.linalg.norm(moved[:40].mean(0) - moved[40:].mean(0))
    assert gap_after < 0.5 * gap_before
    # One language, or too few texts of the second, leaves the input as it is.
    assert crosslingual.language_neutral(vectors, ["en"] * 60) is vectors
    assert crosslingual.language_neutral(vectors, ["nl"] * 55 + ["en"] * 5) is vectors
    # A language with more texts than Dutch is not moved onto the Dutch ones.
    assert crosslingual.language_neutral(vectors, ["nl"] * 20 + ["en"] * 40) is vectors


def test_only_languages_with_no_more_texts_than_dutch_are_put_into_dutch_words():
    translated = crosslingual.translated_languages
    assert translated(["nl"] * 5 + ["en"] * 5 + ["de"] * 2 + ["fy"]) == {"en", "de"}
    assert translated(["nl"] * 5 + ["en"] * 6 + ["de"] * 2) == {"de"}
    assert translated(["en"] * 10) == frozenset()
    # English comments alone keep their own words; beside more Dutch input they meet it.
    alone = theme_tokens(["The library book"] * 3, [_Enrichment("en", ["library", "book"])] * 3)[1]
    assert alone[0] == ["library", "book"]
    mixed = [_Enrichment("en", ["library"]), _Enrichment("nl", ["bibliotheek"])]
    assert theme_tokens(["The library", "De bibliotheek"], mixed)[1] == [
        ["bibliotheek"],
        ["bibliotheek"],
    ]


def test_english_input_weighs_its_lexical_views_less_than_dutch_input():
    weight = clustering.weight_for_languages
    assert weight(["nl"] * 5 + ["en"] * 4) == clustering.LEXICAL_WEIGHT == 0.5
    assert weight(["en"] * 5 + ["nl"] * 4) == clustering.MAIN_LANGUAGE_LEXICAL_WEIGHT["en"] == 0.35
    assert weight(["de"] * 3) == weight([]) == 0.5


def test_discover_gives_the_views_the_weight_of_the_inputs_main_language(monkeypatch):
    """Without the rule an English input's lexical views weighed 0.5 like a Dutch one's."""
    weights = []
    embed = clustering.embed

    def spy(words, chars, sentences, seed, lexical_weight=None, languages=()):
        weights.append(lexical_weight or clustering.weight_for_languages(languages))
        return embed(words, chars, sentences, seed, lexical_weight, languages)

    monkeypatch.setattr(clustering, "embed", spy)
    english = [text for texts in ENGLISH.values() for text in texts] * 2
    dutch = [text for texts in DUTCH.values() for text in texts]
    discover(english)
    discover(dutch)
    assert weights == [0.35, 0.5]


@pytest.fixture(scope="module")
def across_languages():
    """Themes across languages as they are by default: KERNPUNT_THEMES_ACROSS_LANGUAGES unset."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(crosslingual.ACROSS_LANGUAGES_SETTING, raising=False)
        assert crosslingual.across_languages()
        yield


@pytest.fixture(scope="module")
def mixed(across_languages):
    chance = random.Random(0)
    rows = []
    for subject, texts in DUTCH.items():
        rows += [(f"nl-{subject}-{i}", text, subject) for i, text in enumerate(texts * 4)]
        rows += [
            (f"en-{subject}-{i}", text, subject) for i, text in enumerate(ENGLISH[subject] * 8)
        ]
    chance.shuffle(rows)
    texts = [r[1] for r in rows]
    return rows, discover(texts, ids=[r[0] for r in rows], k=3)


def test_texts_on_one_subject_in_two_languages_meet_in_one_theme_by_default(mixed):
    rows, model = mixed
    for subject in DUTCH:
        dutch = {model.assignment[r[0]] for r in rows if r[2] == subject and r[0][:2] == "nl"}
        english = {model.assignment[r[0]] for r in rows if r[2] == subject and r[0][:2] == "en"}
        assert len(dutch) == 1 and dutch == english, (subject, dutch, english)
    # New English input is placed in the theme of its subject through the same Dutch words.
    library = {model.assignment[r[0]] for r in rows if r[2] == "bibliotheek"}
    placed, _ = place(model, "Our library needs longer opening hours, the library is too busy.")
    assert {placed} == library


def test_mixed_themes_have_dutch_labels_and_are_deterministic(mixed):
    rows, model = mixed
    assert {theme.label for theme in model.themes} <= {
        "Bibliotheek", "Afval", "Container", "Politie"
    }  # fmt: skip
    again = discover([r[1] for r in rows], ids=[r[0] for r in rows], k=3)
    assert again.assignment == model.assignment
    assert [t.label for t in again.themes] == [t.label for t in model.themes]


def test_on_lexical_views_alone_english_meets_dutch_through_the_table(mixed, across_languages):
    """Without sentence vectors only the Dutch words of the table bring the languages together."""
    rows, _ = mixed
    model = discover([r[1] for r in rows], ids=[r[0] for r in rows], k=3, sentence_vectors=False)
    for subject in DUTCH:
        found = {model.assignment[r[0]] for r in rows if r[2] == subject}
        assert len(found) == 1 and None not in found, (subject, found)


@dataclass
class _Enrichment:
    language: str
    lemmas: list[str]


def test_turned_off_english_input_keeps_its_own_words(monkeypatch):
    monkeypatch.delenv(crosslingual.ACROSS_LANGUAGES_SETTING, raising=False)
    assert crosslingual.across_languages()  # on by default
    both = [_Enrichment("en", ["library", "book"]), _Enrichment("nl", ["boek"])]
    assert theme_tokens(["The library book", "Het boek"], both)[1][0][0] == "bibliotheek"
    for value in ("0", "false", "off", "No"):
        monkeypatch.setenv(crosslingual.ACROSS_LANGUAGES_SETTING, value)
        assert not crosslingual.across_languages()
    languages, tokens = theme_tokens(["The library book", "Het boek"], both)
    assert languages == ["en", "nl"] and tokens[0] == ["library", "book"]
    monkeypatch.setenv(crosslingual.ACROSS_LANGUAGES_SETTING, "1")
    assert crosslingual.across_languages()


def test_a_short_english_text_taken_for_dutch_is_clustered_in_english_words():
    """ "Potholes everywhere" has no function word; alone the detector says Dutch."""
    texts = [
        "The potholes on the main road are dangerous for cyclists.",
        "Please fix the potholes near the school.",
        "There are more potholes every winter and nobody repairs them.",
        "Potholes everywhere",
    ]
    enrichments = enrich(texts)
    assert enrichments[-1].language == "nl"
    languages, tokens = theme_tokens(texts, enrichments)
    assert languages == ["en"] * 4
    assert tokens[-1] == ["pothole"]  # an English lemma; "everywhere" is an English stop word


def test_a_new_short_text_is_read_in_the_language_of_the_models_input():
    """A new "Potholes everywhere" (Dutch by the detector's prior) is placed by English
    words in a model of mostly English input, as that input's own short texts were."""
    text = "Potholes everywhere"
    enrichment = enrich([text])[0]
    english = ThemeModel(themes=(), assignment={}, vectoriser=LexicalVectoriser())
    english.context_language = "en"
    dutch = ThemeModel.from_dict(english.to_dict() | {"context_language": None})
    assert ThemeModel.from_dict(english.to_dict()).context_language == "en"
    expected = crosslingual.dutch_tokens(["pothole"], "en")
    assert placement_tokens(english, enrichment, text) == expected
    assert placement_tokens(english, enrichment) != expected  # without its text: as detected
    assert placement_tokens(dutch, enrichment, text) != expected


def test_a_model_remembers_whether_its_input_was_mostly_english():
    texts = [
        "The potholes on the main road are dangerous for cyclists.",
        "Please fix the potholes near the school.",
        "There are more potholes every winter and nobody repairs them.",
        "The park needs more benches and trees.",
        "Kids love the new playground in the park.",
        "The park is dirty after every weekend.",
    ] * 3
    model = discover(texts, enrichments=enrich(texts), sentence_vectors=False)
    assert model.context_language == "en"
    dutch = [text for texts in DUTCH.values() for text in texts] * 2
    assert discover(dutch, sentence_vectors=False).context_language is None


def test_german_laut_according_to_is_no_label_word() -> None:
    # "Laut Polizei ...": put into Dutch as "luid" (loud) it labelled German news themes
    # "Luid", and this group "Luide stad".
    nouns = ["Aufzug", "Bahnhof", "Brunnen", "Spielplatz", "Parkplatz", "Radweg", "Zaun"]
    moods = ("schlimm", "ärgerlich", "typisch", "unglaublich", "nervig")
    texts = [f"Laut Stadt ist der {n} seit Wochen gesperrt, {m}." for n in nouns for m in moods]
    other = ["Die Schule braucht mehr Lehrer.", "Der Arzt hat keine Zeit."] * 20
    index = PhraseIndex(texts + other, languages=["de"] * (len(texts) + len(other)))
    label, keywords = index.describe(list(range(len(texts))))
    assert label is not None and "luid" not in label.lower()
    assert not any("luid" in key for key in keywords)
