"""Dutch words for English and German input, so that one subject meets in one theme.

The lexical views of theme discovery compare lemmas, and an English text shares none with a
Dutch text on the same subject. `nlp/data/crosslingual_nl.tsv` gives, for about 28,000
English and German lemmas, the nearest Dutch word in the multilingual sentence encoder's
space (built once by `scripts/build_crosslingual.py`): "library" bibliotheek, "police"
politie, "waste" afval; a pair whose Dutch word is offensive ("cowboy" hoer) is left out
when the table is read. A hand-written glossary (`glossary.py`) wins over it ("asylum"
asiel, "tax" belasting, "speed bump" verkeersdrempel). Non-Dutch texts are clustered on
those Dutch words, and a theme of mostly non-Dutch texts gets its label through the same
words.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from functools import cache
from itertools import pairwise

import numpy as np

from nlp.themes import glossary
from nlp.themes.features import DATA_DIR, offensive_words
from nlp.themes.wordclass import is_dutch_adjective, is_dutch_noun, may_precede_noun

TABLE_PATH = DATA_DIR / "crosslingual_nl.tsv"
#: Languages the table translates (the encoder does not know Frisian well, and Frisian
#: shares most character n-grams with Dutch anyway).
TRANSLATED = ("en", "de")
#: Languages whose sentence vectors are centred apart; the rest counts with Dutch.
CENTRED = ("nl", "en", "de", "fy")
#: Linking words inside a phrase, in Dutch; articles are left out of a translated label.
_LINKS = {
    "en": {"of": "van", "for": "voor", "on": "op", "to": "naar", "at": "bij", "from": "van",
           "with": "met", "in": "in", "without": "zonder", "about": "over", "the": ""},
    "de": {"von": "van", "für": "voor", "auf": "op", "zu": "naar", "bei": "bij", "mit": "met",
           "in": "in", "im": "in", "ohne": "zonder", "über": "over", "der": "", "die": "",
           "das": "", "den": "", "dem": "", "des": ""},
}  # fmt: skip
#: The Dutch linking words the table gives ("van", "voor", ...; "" for a dropped article).
_DUTCH_LINKS = frozenset(dutch for table in _LINKS.values() for dutch in table.values())


#: Setting that clusters English and German input on its Dutch words and moves other
#: languages' sentence vectors onto the Dutch ones. On unless set to "0", "false", "no" or
#: "off" (docs/nlp.md, *Languages*). Labels are Dutch either way.
ACROSS_LANGUAGES_SETTING = "KERNPUNT_THEMES_ACROSS_LANGUAGES"


def across_languages() -> bool:
    """Whether themes are found across languages (on unless the setting turns it off)."""
    value = os.environ.get(ACROSS_LANGUAGES_SETTING, "").strip().lower()
    return value not in ("0", "false", "no", "off")


@cache
def table() -> dict[str, dict[str, str]]:
    """Return language -> {lemma: Dutch word as written}: the glossary over the encoder's table."""
    result: dict[str, dict[str, str]] = {code: {} for code in TRANSLATED}
    offensive = offensive_words()  # "cowboy" hoer, "nasal" neuken: the word stays as it is
    for line in TABLE_PATH.read_text("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        code, word, dutch, _cosine = line.split("\t")
        if dutch not in offensive:
            result.setdefault(code, {})[word] = dutch
    for code in TRANSLATED:
        result[code].update(glossary.glossary(code).words)
    return result


def translated_languages(languages: Sequence[str]) -> frozenset[str]:
    """Return the languages of an input whose words are put into Dutch for clustering.

    English and German words are put into Dutch so that they meet Dutch input on the same
    subject; a language with more texts in the input than Dutch keeps its own words (on
    English comments alone the Dutch words clustered worse than the English ones: docs/nlp.md).
    """
    counts = Counter(languages)
    dutch = counts.get("nl", 0)
    return frozenset(code for code in TRANSLATED if 0 < counts.get(code, 0) <= dutch)


@cache
def _cluster_words(language: str) -> dict[str, tuple[str, ...]]:
    """Return lemma -> the Dutch tokens it is clustered on (a Dutch stop word gives none)."""
    return {
        word: glossary.dutch_tokens_of(dutch) for word, dutch in table().get(language, {}).items()
    }


@cache
def _cluster_phrases(language: str) -> dict[tuple[str, ...], str]:
    """Return content lemmas of a glossary phrase -> its Dutch words."""
    return glossary.glossary(language).phrases if language in TRANSLATED else {}


def dutch_tokens(tokens: Sequence[str], language: str | None) -> list[str]:
    """Return the content tokens of a text with English and German words put into Dutch.

    Glossary phrases ("speed bump") are replaced first, then single words. The Dutch words
    are given as Dutch input gives them: lemmas, without the theme stop words. Words neither
    the glossary nor the table knows stay as they are (names, new compounds, loanwords).
    """
    if language not in TRANSLATED:
        return list(tokens)
    words, phrases = _cluster_words(language), _cluster_phrases(language)
    tokens = glossary.without_source_stops(language, tokens)
    out: list[str] = []
    position = 0
    while position < len(tokens):
        found = glossary.phrase_at(tokens, position, phrases) if phrases else None
        if found is not None:
            out.extend(glossary.dutch_tokens_of(found[1]))
            position += found[0]
            continue
        token = tokens[position]
        out.extend(words.get(token, (token,)))
        position += 1
    return out


def translate_phrase(phrase: str, language: str) -> str | None:
    """Return a Dutch phrase for a lower-case English or German one, or None when unknown.

    Glossary phrases are matched first ("speed bumps" verkeersdrempels is "verkeersdrempel"),
    then content words go through the glossary and table (as written or as lemma) and
    linking words through a short list; an adjective the table gives right before the head
    gets the Dutch inflection ("affordable housing" betaalbare huisvesting).
    """
    words = table().get(language)
    links = _LINKS.get(language, {})
    if not words:
        return None
    labels = glossary.glossary(language).labels
    parts = phrase.split()
    lemmas = [glossary.source_lemma(language, word) for word in parts]
    out: list[str] = []
    nouns: list[bool] = []  # whether each part is one translated Dutch noun
    position = 0
    while position < len(parts):
        found = glossary.phrase_at(lemmas, position, labels)
        word, lemma = parts[position], lemmas[position]
        if found is not None:
            out.append(found[1])  # one unit: a glossary phrase is inflected as written
            nouns.append(False)
            position += found[0]
            continue
        position += 1
        if word in links:
            if links[word]:
                out.append(links[word])
                nouns.append(False)
        elif word in words or lemma in words:
            dutch = words.get(word) or words[lemma]
            if nouns and nouns[-1] and " " not in dutch and is_dutch_noun(dutch):
                compound = _compound(out[-1], dutch)  # "water quality"
                if compound is None:
                    return None  # "verkeer stroming", "snelheid internet" are no Dutch
                out[-1] = compound
                continue
            out.append(dutch)
            nouns.append(_is_plain_noun(dutch))
        else:
            return None
    if not out or out[-1] in _DUTCH_LINKS:
        return None
    for before, word in pairwise(out):  # "streamen dienst", "woning kosten" are no Dutch
        last = before.split()[-1].lower()
        if before not in _DUTCH_LINKS and word not in _DUTCH_LINKS and not may_precede_noun(last):
            return None
    return " ".join(_inflect_before_head(out))


#: Linking sounds between the parts of a Dutch compound, most common first.
_COMPOUND_LINKS = ("", "s", "en", "e", "-")


def _is_plain_noun(word: str) -> bool:
    """Return whether a Dutch word is one noun (no phrase, not also an adjective)."""
    return " " not in word and is_dutch_noun(word) and not is_dutch_adjective(word)


def _compound(first: str, second: str) -> str | None:
    """Return the Dutch compound of two nouns ("water" + "kwaliteit" waterkwaliteit, "verkeer"
    + "veiligheid" verkeersveiligheid) when spaCy's Dutch noun index has it, else None."""
    for link in _COMPOUND_LINKS:
        word = f"{first}{link}{second}"
        if is_dutch_noun(word):
            return word
    return None


def _inflect_before_head(words: list[str]) -> list[str]:
    """Give the Dutch adjectives right before the head noun the attributive -e ("Duitse",
    "hoge snelheid"); a linking word is none ("werken voor familie", not "vore")."""
    result = list(words)
    position = len(result) - 2
    while (
        position >= 0
        and result[position] not in _DUTCH_LINKS
        and is_dutch_adjective(result[position])
    ):
        word = result[position]
        result[position] = _proper_with_e(word) if word[:1].isupper() else _with_e(word)
        position -= 1
    return result


def _proper_with_e(adjective: str) -> str:
    """Return the attributive form of a Dutch adjective of a country ("Duits" Duitse,
    "Indiaas" Indiase, "Chinees" Chinese): no s becomes z, no consonant doubles."""
    last, before, third = adjective[-1], adjective[-2:-1], adjective[-3:-2]
    if before and before == third and before in "aeiou" and last not in "aeiou":
        return adjective[:-2] + last + "e"
    return adjective if adjective.endswith("e") else adjective + "e"


#: Dutch adjectives that take no -e ("gratis wifi", "extra bus").
_INVARIANT = frozenset({"gratis", "extra", "prima", "super", "top", "plus", "live", "oranje"})


def _with_e(adjective: str) -> str:
    """Return the attributive form of a Dutch adjective ("groot" grote, "dik" dikke)."""
    vowels = "aeiou"
    if adjective.endswith(("e", "en")) or len(adjective) < 3 or adjective in _INVARIANT:
        return adjective
    last, before, third = adjective[-1], adjective[-2], adjective[-3]
    long_vowel = before in vowels and third == before
    if last in "fs" and before in vowels:  # lief -> lieve, boos -> boze
        last = {"f": "v", "s": "z"}[last]
    if long_vowel and last not in vowels:  # groot -> grote, boos -> boze
        return adjective[:-2] + last + "e"
    if last != adjective[-1]:
        return adjective[:-1] + last + "e"
    short = before in vowels and third not in vowels and last not in vowels + "wyj"
    if short and len(adjective) <= 4:  # dik -> dikke, wit -> witte; vrij -> vrije
        return adjective + last + "e"
    return adjective + "e"


#: A language is centred on its own mean sentence vector when it has this many texts...
CENTRE_MIN_TEXTS = 20
#: ...and at least this share of the input.
CENTRE_MIN_SHARE = 0.01


def language_neutral(vectors: np.ndarray, languages: Sequence[str]) -> np.ndarray:
    """Move each other language's sentence vectors onto the Dutch ones.

    Multilingual sentence vectors of one language lie closer together than texts on one
    subject in two languages do. When the input holds a second language with enough texts,
    and not more texts than Dutch, its vectors are shifted by the difference between the
    Dutch mean vector and its own (the largest language stands in for Dutch when there is no
    Dutch), which removes most of that pull. The Dutch vectors, and input in one language,
    stay as they were: centring the Dutch vectors as well lowered every similarity and sent
    more Dutch input to "Overig" (docs/nlp.md).
    """
    codes = np.asarray([code if code in CENTRED else "nl" for code in languages])
    counts = {code: int((codes == code).sum()) for code in set(codes.tolist())}
    least = max(CENTRE_MIN_TEXTS, CENTRE_MIN_SHARE * len(codes))
    enough = sorted(
        (code for code, n in counts.items() if n >= least),
        key=lambda code: (code != "nl", -counts[code], code),
    )
    moved = [code for code in enough[1:] if counts[code] <= counts[enough[0]]]
    if not moved:
        return vectors
    result = vectors.astype(np.float32, copy=True)
    reference = result[codes == enough[0]].mean(axis=0)
    for code in moved:
        rows = codes == code
        result[rows] += reference - result[rows].mean(axis=0)
        result[rows] /= np.maximum(np.linalg.norm(result[rows], axis=1, keepdims=True), 1e-9)
    return result
