"""Proper nouns in labels: a subject's name may label a theme, a person's or a kern's never."""

from __future__ import annotations

import random

from nlp.themes import discover, names
from nlp.themes.names import is_short_proper_noun, person_names
from nlp.themes.phrases import PhraseIndex

NOUNS = [
    "fiets",
    "kerk",
    "boom",
    "brug",
    "school",
    "haven",
    "markt",
    "molen",
    "sloot",
    "tuin",
    "stoep",
    "bank",
    "lamp",
    "hek",
    "paal",
    "dak",
    "gracht",
    "plein",
    "weg",
    "dijk",
    "bus",
    "trein",
    "auto",
    "schuur",
    "kade",
    "bord",
    "klok",
    "toren",
    "sluis",
    "vijver",
    "berm",
    "haag",
    "struik",
    "muur",
    "poort",
    "zolder",
    "kelder",
    "gang",
    "raam",
    "deur",
    "vloer",
    "kast",
]
SUBJECTS = ["ambulance", "library", "bridge", "road", "school", "pool", "market", "museum"]
SUBJECTS += ["hospital", "airport", "stadium", "theatre", "cinema", "zoo", "harbour", "church"]
SUBJECTS += ["factory", "garden", "tower", "castle"]
OTHER = [f"De {noun} is een probleem, doe er iets aan" for noun in ("container", "huisarts")]


def group(frame: str, size: int = 40, seed: int = 0) -> list[str]:
    """Return texts that share the words of `frame` and a different noun each."""
    nouns = random.Random(seed).sample(NOUNS, size)
    return [frame.format(noun=noun) for noun in nouns]


def label_of(texts: list[str], places: tuple[str, ...] = (), **kwargs) -> str | None:
    """Return the label of the first 40 texts described against all of them."""
    background = texts + OTHER * 40
    index = PhraseIndex(background, places=places, **kwargs)
    return index.describe(list(range(40)))[0]


def test_a_company_or_airport_name_labels_its_theme():
    assert label_of(group("Over de {noun}: Tata Steel en de uitstoot, altijd weer")) == "Tata Steel"
    texts = group("Last van de {noun} door Schiphol en de herrie, erg")
    assert "schiphol" in PhraseIndex(texts + OTHER * 40).describe(list(range(40)))[1]


def test_texts_that_share_only_a_name_have_no_label():
    # Real Pol.is comments on Bowling Green: a theme "Bowling" of ambulances, parks and
    # power lines, held together by the town's name (docs/nlp.md).
    assert label_of(group("Last van de {noun} door Schiphol, erg")) is None
    town = [f"I think Bowling Green needs a new {subject}." for subject in SUBJECTS]
    rest = [f"The {thing} is too expensive." for thing in ("bus", "parking", "permit")] * 7
    found = discover(town + rest, sentence_vectors=False, seed=0)
    assert [theme.label for theme in found.themes] == ["Bus"]
    assert all(found.assignment[str(row)] is None for row in range(len(town)))


def test_a_two_letter_product_name_or_acronym_labels_its_theme():
    assert label_of(group("How to use a {noun} in Qt, please")) == "Qt"
    assert label_of(group("Nieuwe {noun} bij het OV, vreemd")) == "OV"
    assert is_short_proper_noun("Qt") and is_short_proper_noun("OV")
    assert not is_short_proper_noun("Ik") and not is_short_proper_noun("qt")


def test_a_product_name_is_not_translated_when_english_input_is_described_in_dutch():
    texts = group("How to draw a {noun} with Cocoa, please")
    background = texts + OTHER * 40
    languages = ["en"] * len(texts) + ["nl"] * (len(background) - len(texts))
    index = PhraseIndex(background, languages=languages)
    assert index.describe(list(range(40)))[0] == "Cocoa"


def test_a_personal_name_never_labels_a_theme():
    assert {"jan", "vries", "piet", "fatima", "mohammed"} <= person_names()
    assert label_of(group("Over de {noun} sprak ik met Jan, raar")) is None
    assert label_of(group("Over de {noun}: Jan de Vries, raar")) is None
    assert "vries" not in (label_of(group("Over de {noun}: familie De Vries, raar")) or "")
    assert "jan" not in (label_of(group("Over de {noun}: gesprek met Jan, raar")) or "").lower()
    assert label_of(group("Last van de {noun}. Groet, Piet Hein")) is None


def test_a_surname_the_list_lacks_is_known_by_the_title_or_first_name_before_it():
    # Real Dutch election news was labelled "Wilders", "Jetten" and "Baarle" (docs/nlp.md).
    assert not {"wilders", "jetten", "baarle", "bakkerman"} & person_names()
    for frame, name in [
        ("De {noun}, zegt wethouder Bakkerman, raar", "bakkerman"),
        ("Over de {noun} zegt PVV-leider Wilders iets", "wilders"),
        ("Over de {noun} zegt klimaatminister Jetten iets, raar", "jetten"),
        ("Over de {noun}: Kamerlid Van Baarle, raar", "baarle"),
        ("Over de {noun} belde dhr. Bakkerman, raar", "bakkerman"),
        ("Over de {noun} zei Thierry Bakkerman iets, raar", "bakkerman"),
        # a first name the list lacks, after a title: the whole name ("Farid Azarkan")
        ("Over de {noun} zei lijsttrekker Yerlan Bakkerman iets, raar", "bakkerman"),
        ("Over de {noun} zei wethouder Yerlan van Bakkerman iets, raar", "bakkerman"),
    ]:
        texts = group(frame)
        assert name not in (label_of(texts) or "").lower()
        assert name not in PhraseIndex(texts + OTHER * 40).describe(list(range(40)))[1]
    # Once is not enough, and a title before another word is no name ("minister van Financiën")
    once = group("Over de {noun} zegt Schiphol iets over herrie, raar")
    once[0] = "Over de fiets zegt wethouder Schiphol iets over herrie, raar"
    assert "schiphol" in PhraseIndex(once + OTHER * 40).describe(list(range(40)))[1]
    title = label_of(group("De {noun}, zegt de minister van Financiën, raar"))
    assert title is not None and "Financiën" in title
    # nor is a second "van" after a surname ("minister Hugo de Jonge van Volksgezondheid")
    assert names._after_title(["minister", "Yerlan", "de", "Bakkerman", "van", "Financiën"]) == [
        "yerlan",
        "bakkerman",
    ]


def test_a_kern_street_or_province_name_alone_never_labels_a_theme():
    assert label_of(group("Last van de {noun} in Holtum, erg"), places=("Holtum",)) is None
    assert label_of(group("Last van de {noun} op Vreeland, erg"), places=("Vreeland",)) is None
    # A street or quarter is a place too, whether or not the app named it.
    assert label_of(group("Last van de {noun} in de Kerkstraat, erg")) is None
    assert label_of(group("Drukte bij de {noun} in Nijeveen-Zuid, erg")) == "Drukte"
    # The country and its provinces frame a text as the kernen do (real news: "Nederland").
    assert label_of(group("Dit is in Nederland een {noun}, erg")) is None
    assert label_of(group("Hier in Drenthe een {noun}, erg")) is None


def test_a_proper_noun_needs_many_texts_of_the_theme():
    # Nine texts with the name and nothing else in common: too few for a proper noun.
    few = group("Over de {noun}: Schiphol, altijd weer", size=9)
    rest = [f"Iets heel anders: {noun}" for noun in NOUNS[9:]]
    index = PhraseIndex(few + rest + OTHER * 40)
    assert index.describe(list(range(40)))[0] is None


def test_a_lower_case_common_word_that_is_also_a_surname_still_labels():
    # "molen" and "bakker" are surnames too, but written in lower case they are nouns.
    texts = [f"De {word} bij de bakker is kapot" for word in ("deur", "kast", "vloer")] * 14
    label = label_of(texts)
    assert label is not None and "bakker" in label.lower()


def test_a_theme_whose_texts_share_only_a_personal_name_goes_to_overig():
    common = [f"Over die {noun}{suffix} belde Jan" for noun in NOUNS for suffix in ("", "en", "je")]
    texts = common + [f"De {phrase} is een probleem" for phrase in ["ondergrondse container"] * 40]
    found = discover(texts, k=2, sentence_vectors=False)
    assert [theme.label for theme in found.themes] == ["Ondergrondse container"]
    assert all(found.assignment[str(row)] is None for row in range(len(common)))


def test_a_part_of_a_longer_name_is_no_label():
    # Real Pol.is comments: the Bowling Green conversation's theme was labelled "Bowling".
    town = [f"Here in Bowling Green the police should watch the {s} more." for s in SUBJECTS]
    index = PhraseIndex(town + OTHER * 20)
    label, keywords = index.describe(list(range(len(town))))
    assert label == "Police"
    assert "bowling" not in keywords
