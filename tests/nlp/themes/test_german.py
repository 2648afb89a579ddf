"""German input: nouns are no names, function words are no phrases, labels come out Dutch."""

from __future__ import annotations

from collections import Counter

from nlp.themes import crosslingual
from nlp.themes.names import count_capitals
from nlp.themes.phrases import PhraseIndex, clause_phrases

DELAYS = [
    "Der Zug hatte heute wieder eine Verspätung von zwanzig Minuten.",
    "Schon wieder Verspätung, und die Anzeige am Bahnsteig sagt nichts.",
    "Die Verspätung am Morgen kostet mich jede Woche eine Stunde.",
    "Warum gibt es bei jedem Regen eine Verspätung auf dieser Strecke?",
    "Verspätung um Verspätung, mal wieder kein Anschluss in Köln.",
    "Ich habe mit Sebastian gewartet, die Verspätung war wieder lang.",
]
FARES = [
    "Das Ticket für die Strecke ist viel zu teuer geworden.",
    "Mein Ticket hat Sebastian am Automaten nicht bekommen.",
    "Ein Ticket kostet mehr als die Fahrt mit dem Auto.",
    "Das Ticket im Internet ist billiger als am Schalter.",
    "Mit Sebastian habe ich das Ticket online gekauft.",
    "Für das Ticket musste ich lange am Schalter warten.",
]


def test_a_capitalised_german_noun_is_no_name_but_a_personal_name_still_is():
    capitals: Counter[str] = Counter()
    uses: Counter[str] = Counter()
    for text in DELAYS:
        count_capitals(text, capitals, uses, "de")
    assert uses["verspätung"] >= 5 and capitals["verspätung"] == 0
    assert capitals["sebastian"] == uses["sebastian"] == 1
    dutch: Counter[str] = Counter()
    count_capitals("Wij hebben Sebastian en Verspätung gezien.", dutch, Counter())
    assert dutch["verspätung"] == 1  # outside German text a capital still counts

    index = PhraseIndex(DELAYS + FARES, languages=["de"] * 12)
    assert "verspätung" not in index.proper and "ticket" not in index.proper
    assert "sebastian" in index.proper


def test_german_function_and_filler_words_do_not_start_or_end_a_phrase():
    german = clause_phrases("Verspätung um Verspätung, mal wieder kein Anschluss", "de")
    assert not {"mal", "wieder", "kein", "mal wieder"} & set(german)
    assert "anschluss" in german and "verspätung" in german
    # Without the language the same words stay candidates (Dutch and English rules only).
    assert "mal" in clause_phrases("mal wieder kein Anschluss")


def test_a_german_theme_gets_a_dutch_label_from_the_glossary():
    index = PhraseIndex(DELAYS + FARES, languages=["de"] * 12)
    label, keywords = index.describe(list(range(6)))
    assert label == "Vertraging"
    assert "verspätung" not in {keyword.lower() for keyword in keywords}
    assert index.describe(list(range(6, 12)))[0] == "Kaartje"
    assert crosslingual.translate_phrase("leute", "de") == "mensen"  # not "hek"
    assert crosslingual.translate_phrase("wien", "de") == "Wenen"


def test_in_a_german_input_a_text_taken_for_dutch_loses_german_stop_words_too():
    from nlp.themes.glossary import without_main_language_stops

    tokens = [["zug", "und", "verspätung"], ["ticket", "mit", "preis"], ["zug", "sich"]]
    german = without_main_language_stops(["de", "de", "nl"], tokens)
    assert german == [["zug", "verspätung"], ["ticket", "preis"], ["zug"]]
    # In a Dutch input the words of a Dutch text stay as they are ("man" is a Dutch noun).
    dutch = without_main_language_stops(["nl", "nl", "de"], [["man", "fiets"], [], ["und"]])
    assert dutch == [["man", "fiets"], [], ["und"]]
