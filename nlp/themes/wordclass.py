"""Which words can carry a theme's subject: content words, nouns and adjectives (Dutch first).

Word classes come from spaCy's Dutch lemma index (nouns, verbs, adjectives), the
adjectives of Pattern's Dutch and English lexicons and the forms of Pattern's Dutch verb
table; a word none of them knows (English, a new compound) counts as a noun. In German
text the German stop and filler words are no content words either (the theme stop list is
Dutch and English).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from functools import cache, lru_cache

from spacy.lookups import Table

from nlp.themes.features import DATA_DIR, stop_words
from nlp.themes.glossary import german_stop_words, source_lemma

#: An English contraction or a Dutch clipped pronoun: no subject, though "I've" and "I'm"
#: are written with a capital and named English restaurant reviews' themes (docs/nlp.md).
#: A Dutch plural with an apostrophe ("auto's", "foto's") is a word.
CONTRACTION = re.compile(r"'(ve|m|re|ll|d|n|t|r)$|n't$|^'")

#: Dutch verb prefixes that take no "ge" in the participle ("verzakt", "beschadigd").
UNSTRESSED_PREFIXES = ("ver", "be", "ont", "her", "er")
#: Endings of Dutch adjectives that no lexicon may know ("agrarische", "gevaarlijke").
ADJECTIVE_ENDINGS = ("ische", "ige", "lijke", "bare", "ende", "loze")

#: Greetings name no subject: a Pol.is theme of 41 comments was labelled "Hello" from three.
#: Left out of labels and keywords only; as stop words for the themes themselves they moved
#: the English Pol.is comments' themes (ARI 0.462 -> 0.432, docs/nlp.md).
GREETINGS = frozenset(
    {"hello", "hey", "cheers", "dear", "moin", "servus", "gruß", "grüße", "danke"}
)
#: Question words and degree adverbs opened demo keywords ("hoeveel asielzoekers", "helemaal
#: opgekocht door beleggers"), the verb forms "kun", "zul" ("kun je") and "zeg" ("zeg maar")
#: that Pattern's verb table lacks or keeps as a stem were keywords, and "één" a number. Out
#: of labels and keywords only: as theme stop words the first four reshuffled the demo's
#: themes, and "één" cost the Dutch restaurants 0.012 ARI (docs/nlp.md, session 20). Title
#: abbreviations ("dhr. Jansen") name no subject either, nor German "laut", mostly the
#: preposition "according to" ("laut Polizei"): put into Dutch as "luid" it labelled two
#: German news themes "Luid" (as a clustering stop word it moved GermEval 2017, session 24).
PHRASE_FILLER = frozenset(
    {"hoeveel", "hoelang", "hoezo", "helemaal", "kun", "zul", "zeg", "één"}
    | {"dhr", "mevr", "mw", "drs", "ir", "prof", "mr", "mrs", "ms", "dr"}
    | {"laut"}
)
#: Judgements that spaCy's Dutch index lists as nouns too: they never name a subject (real
#: Dutch book reviews had a theme "Jammer"; "Saai" and "Welkom" head no label either).
JUDGEMENTS = frozenset({"jammer", "saai", "flauw", "zonde", "schande", "perfect", "welkom"})
#: A time of day or year alone names no subject: the demo's youth-nuisance texts beside real
#: English comments made a theme "Avond". Never a label on its own; still a keyword ("'s
#: avonds" says when the nuisance is).
TIMES = frozenset(
    {"avond", "avonden", "ochtend", "ochtenden", "middag", "middagen", "nacht", "nachten"}
    | {"dag", "dagen", "week", "weken", "weekend", "maand", "maanden", "jaar", "jaren"}
    | {"zomer", "winter", "lente", "herfst", "vandaag", "morgen", "gisteren"}
    | {"evening", "morning", "night", "day", "week", "weekend", "month", "year", "today"}
    | {"abend", "nacht", "tag", "woche", "wochenende", "monat", "jahr", "sommer"}
)


def is_content_word(word: str, language: str | None = None) -> bool:
    """Return whether a lower-case word can carry a subject (numbers and filler cannot).

    In a German text (`language` "de") German function and filler words cannot either:
    the theme stop list is Dutch and English, and "und", "gegen", "mit" ranked first.
    """
    if (
        len(word) <= 2
        or word in stop_words()
        or word in GREETINGS
        or word in PHRASE_FILLER
        or CONTRACTION.search(word)
    ):
        return False
    return language != "de" or word not in german_stop_words()


def dutch_lemma(word: str) -> str:
    """Return the lemma spaCy's Dutch lookup table gives a lower-case word, else the word."""
    return str(_word_classes()[0].get(word, word))


@cache
def adjectives() -> frozenset[str]:
    """Return the adjectives of Pattern's Dutch and English lexicons."""
    return pattern_adjectives("nl") | pattern_adjectives("en")


@cache
def pattern_adjectives(language: str) -> frozenset[str]:
    """Return the one-word adjectives of Pattern's lexicon of "nl" or "en"."""
    tree = ET.parse(DATA_DIR / f"{language}-sentiment.xml")  # noqa: S314  # nosec B314
    return frozenset(
        node.get("form", "").lower()
        for node in tree.getroot()
        if node.get("pos") == "JJ" and " " not in node.get("form", " ")
    )


@cache
def _word_classes() -> tuple[Table, frozenset[str], frozenset[str], frozenset[str]]:
    """Return spaCy's Dutch lemma lookup table and its noun, verb and adjective lemmas."""
    from nlp.components.lemmatizer import dutch_lookups

    return (
        dutch_lookups().get_table("lemma_lookup"),
        frozenset(_lemma_index("nl").get("noun", ())),
        frozenset(_lemma_index("nl").get("verb", ())),
        _dutch_adjectives() | adjectives(),
    )


@cache
def _lemma_index(language: str) -> Table:
    """Return spaCy's lemma index (lemmas per word class) of "nl" or "en"."""
    from spacy.lookups import load_lookups

    return load_lookups(language, ["lemma_index"]).get_table("lemma_index")


def _adjective_stems(word: str) -> set[str]:
    """Return what an inflected Dutch adjective may come from ("oude" oud, "grote" groot)."""
    if not word.endswith("e") or len(word) < 4:
        return set()
    stem = word[:-1]
    stems = {stem, stem[:-2] + stem[-2] * 2 + stem[-1]}
    if len(stem) > 2 and stem[-1] == stem[-2]:
        stems.add(stem[:-1])  # dikke -> dik
    if stem[-1] in "vz":
        stems.add(stem[:-1] + {"v": "f", "z": "s"}[stem[-1]])  # lieve -> lief, boze -> boos
    return stems


def _plural_stems(word: str) -> set[str]:
    """Return the singulars a Dutch plural may come from ("boeren" boer, "bussen" bus)."""
    stems = set()
    if word.endswith("s"):
        stems.add(word[:-1])
    if word.endswith("en") and len(word) > 4:
        stem = word[:-2]
        stems |= {stem, stem[:-1] if stem[-1] == stem[-2] else stem}
        if stem.endswith("er"):
            stems.add(stem[:-2])  # kinderen -> kind
    return stems


def is_adjective(word: str) -> bool:
    """Return whether a lower-case Dutch word is an adjective (spaCy's index or Pattern's)."""
    adjective_lemmas = _word_classes()[3]
    return word in adjective_lemmas


@cache
def _dutch_adjectives() -> frozenset[str]:
    """Return the adjectives of spaCy's Dutch index and Pattern's Dutch lexicon only."""
    return frozenset(_lemma_index("nl").get("adj", ())) | pattern_adjectives("nl")


def is_dutch_adjective(word: str) -> bool:
    """Return whether a word is a Dutch adjective, whatever its case ("Duits", "groot"); not
    an English one that is a Dutch noun ("kind")."""
    return word.lower() in _dutch_adjectives()


@cache
def _english_word_classes() -> tuple[frozenset[str], frozenset[str]]:
    """Return the noun and verb lemmas of spaCy's English index."""
    index = _lemma_index("en")
    return frozenset(index.get("noun", ())), frozenset(index.get("verb", ()))


def names_a_subject(written: Iterable[str], language: str, dutch: str = "") -> bool:
    """Return whether a phrase of an English or German text, as written, ends in a noun.

    A translated label must name a subject in its own language too: "explain" would become
    "uitleggen", which Dutch also reads as the plural of "uitleg". English: the last word is
    no verb of spaCy's English index unless also a noun. German: some text writes it with
    its capital, or its Dutch word (`dutch`) is no Dutch verb (informal German writes
    "handy" for "Handy", which is "gsm"; "fordern", "eisen", never gets a capital).
    """
    heads = [form.split()[-1] for form in written if form.split()]
    if not heads:
        return False
    if language == "de":
        dutch_head = dutch.split()[-1].lower() if dutch.split() else ""
        return any(head[:1].isupper() for head in heads) or dutch_head not in _word_classes()[2]
    if language == "en":
        nouns, verbs = _english_word_classes()
        head = heads[0].lower()
        lemma = source_lemma("en", head)
        return bool({head, lemma} & nouns) or not {head, lemma} & verbs
    return True


def is_dutch_verb_form(word: str) -> bool:
    """Return whether a lower-case word is a finite Dutch verb form ("zoekt", "noem",
    "kwam"): no noun or adjective, and a finite form of Pattern's verb table or a present
    form of a verb of spaCy's Dutch index (its lemma by the lookup table, or the stem
    itself). Participles ("opgekocht door beleggers", "vernielde bank") are not: they
    describe a noun as an adjective does."""
    _table, nouns, verbs, adjective_lemmas = _word_classes()
    if word in nouns or word in adjective_lemmas or len(word) < 3:
        return False
    if _is_participle(word[:-1] if word.endswith("e") else word):
        return False  # "vernielde bank": a participle, though "vernielde" is a past form too
    if word in _dutch_finite_forms()[0]:
        return True
    lemma = dutch_lemma(word)
    if lemma != word and lemma in verbs and (lemma not in nouns or word.endswith("t")):
        return not _looks_like_participle(word)  # "woont": its lemma "wonen" is a noun too
    return word + "en" in verbs or word + word[-1] + "en" in verbs


def dutch_finite_homographs() -> frozenset[str]:
    """Return the finite Dutch verb forms that are also a noun or adjective ("vond", "leest",
    "vlotte" in spaCy's or Pattern's word lists): a verb beside a subject pronoun ("ik
    vond"), which the caller checks (`dutch_clause.py`)."""
    return _dutch_finite_forms()[1]


@cache
def _dutch_finite_forms() -> tuple[frozenset[str], frozenset[str]]:
    """Return the finite forms of Pattern's 3,700 Dutch verbs (`nl-verbs.txt`) that are no
    noun or adjective, and those that may be one ("vlotte": "vlotte bediening").

    Second and third person present ("woont", "begint") and the past ("vond", "kwamen");
    not the infinitive, participles or the first person, which is the stem and so often a
    noun ("aanleg", "opvang", "onderhoud"). A past plural that is a noun's plural too
    ("afspraken", "leden", "maanden") is left out. spaCy's lookup table has no lemma for
    most of these ("vond", "kwam", "houdt"): "Vond" and "Kwam" were keywords.
    """
    _table, nouns, _verbs, adjective_lemmas = _word_classes()
    rows = _dutch_verb_table()
    finite = {row[i] for row in rows for i in (2, 3, 9, 10) if row[i]}
    finite -= {row[i] for row in rows for i in (0, 1, 5, 11) if row[i]}
    finite = {form for form in finite if not _noun_stems(form) & nouns}
    ambiguous = {
        form
        for form in finite
        if form in nouns or form in adjective_lemmas or _adjective_stems(form) & adjective_lemmas
    }
    return frozenset(finite - ambiguous), frozenset(ambiguous)


@cache
def _dutch_verb_table() -> tuple[tuple[str, ...], ...]:
    """Return the rows of Pattern's Dutch verb table: infinitive, present, past and
    participle forms (`nlp/data/nl-verbs.txt`, 12 columns)."""
    lines = (DATA_DIR / "nl-verbs.txt").read_text("utf-8").splitlines()
    return tuple(tuple(line.split(",")) for line in lines if line.count(",") >= 11)


@cache
def _dutch_participles() -> frozenset[str]:
    """Return the past and present participles of Pattern's Dutch verbs ("verzakt",
    "achtergelaten", "ontbrekend"), which may stand before a noun as adjectives do."""
    return frozenset(row[i] for row in _dutch_verb_table() for i in (5, 11) if row[i])


def _noun_stems(plural: str) -> set[str]:
    """Return the singulars a Dutch plural may come from, with a long vowel written twice
    ("maanden" maand, "lagen" laag)."""
    stems = _plural_stems(plural)
    stem = plural[:-2]
    open_syllable = len(stem) > 2 and stem[-1] not in "aeiou" and stem[-3] not in "aeiou"
    if plural.endswith("en") and open_syllable and stem[-2] in "aeou":
        stems.add(stem[:-1] + stem[-2] + stem[-1])
    return stems


def _looks_like_participle(word: str) -> bool:
    """Return whether a verb form is shaped as a past participle ("gesloten", "opgekocht")."""
    return "ge" in word[:6] and word.endswith(("d", "t", "en"))


def is_dutch_infinitive(word: str) -> bool:
    """Return whether a lower-case word is a Dutch infinitive and no noun ("steken", not
    "wonen", which is both)."""
    _table, nouns, verbs, _adjectives = _word_classes()
    return word.endswith("en") and word in verbs and word not in nouns


@lru_cache(maxsize=200_000)
def may_precede_noun(word: str) -> bool:
    """Return whether a lower-case Dutch word can stand right before a noun in one phrase:
    an adjective, inflected or not ("ondergrondse container", "jonge gezinnen", "tiny
    houses"), or a participle ("geplande bouw", "verzakte tegels", "achtergelaten fiets").
    Dutch writes a compound as one word, so two nouns side by side belong to two parts of a
    sentence ("een praktijkhouder uit Zwolle interesse heeft", "zonder auto kun je").
    """
    table, _nouns, verbs, adjective_lemmas = _word_classes()
    if word in adjective_lemmas or _adjective_stems(word) & adjective_lemmas:
        return True
    if word.endswith(ADJECTIVE_ENDINGS):
        return True
    for form in {word, word[:-1] if word.endswith("e") else word}:
        if _is_participle(form) or (
            table.get(form, form) in verbs and _looks_like_participle(form)
        ):
            return True
    return False


def _is_participle(form: str) -> bool:
    """Return whether a word is a participle of Pattern's verbs, or one with an unstressed
    prefix of such a verb that the table lacks ("verzakt" from "gezakt"), and no noun of
    spaCy's index ("beleid", "gerecht", "ontbijt")."""
    participles = _dutch_participles()
    if is_dutch_noun(form):
        return False
    if form in participles:
        return True
    prefix = next((p for p in UNSTRESSED_PREFIXES if form.startswith(p)), None)
    return prefix is not None and "ge" + form[len(prefix) :] in participles


def is_dutch_noun(word: str) -> bool:
    """Return whether a lower-case word is a noun lemma of spaCy's Dutch index
    ("waterkwaliteit", "stadscentrum"; not "verkeersstroming", which Dutch does not use)."""
    return word in _word_classes()[1]


@lru_cache(maxsize=200_000)
def is_subject_word(word: str) -> bool:
    """Return whether a lower-case content word can head a label: a noun, not a verb.

    Word classes come from spaCy's Dutch lemma index (nouns, verbs, adjectives) and
    Pattern's adjectives; a word none of them knows (English, a new compound) counts as
    a noun.
    """
    if not is_content_word(word) or word in JUDGEMENTS:
        return False
    _table, nouns, verbs, adjective_lemmas = _word_classes()
    if _adjective_stems(word) & adjective_lemmas:
        return False
    lemma = dutch_lemma(word)
    if {word, lemma, *_plural_stems(word)} & nouns:
        return True
    if lemma != word and lemma.endswith("en") and _looks_like_participle(word):
        return False  # a participle the index lacks the verb of: "gesloopt" (slopen)
    return lemma not in verbs and word not in adjective_lemmas and lemma not in adjective_lemmas
