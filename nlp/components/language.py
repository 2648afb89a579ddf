"""kernpunt_language: tell Dutch, English, German, Frisian and other languages apart.

A small function-word profile per language plus a few letter cues; fast enough to run on
every text. Non-Dutch documents get the lemmas and stop words of their own language where
spaCy ships them (English, German), Frisian gets our Frisian stop list.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence

from spacy.language import Language
from spacy.lookups import Table
from spacy.tokens import Doc

from nlp.components.batching import BatchedComponent
from nlp.components.resources import DATA_DIR, language_profiles
from nlp.components.tokens import set_doc_value, set_lemmas, token_rows

LANGUAGES = ("nl", "en", "de", "fy", "other", "und")
_NON_LATIN_LETTER = re.compile(r"[^\W\d_a-zA-Z\u00C0-\u024F]")
_LATIN_LETTER = re.compile(r"[a-zA-Z\u00C0-\u024F]")
_WORD = re.compile(r"[^\W\d_]+")
#: Letters of other languages that Dutch, English, German and Frisian do not write: Polish
#: (ł ą ę ś ź ż ń ć), Turkish (ı ş ğ ç), Spanish, Portuguese, French, Danish/Norwegian.
_OTHER_LETTERS = "łąęśźżńćışğçñãõœøåæ"
_CHAR_CUES = re.compile(rf"ij|[ßäü]|[âêûôú]|[{_OTHER_LETTERS}]|tsj|skr|th|wh|sh|y\b")
_CHAR_CUE_LANGUAGE = {"ij": ("nl", 0.5), "tsj": ("fy", 0.7), "skr": ("fy", 0.7)}
_CHAR_CUE_LANGUAGE.update({cue: ("en", 0.3) for cue in ("th", "wh", "sh", "y")})
_CHAR_CUE_LANGUAGE.update({char: ("de", 0.7) for char in "ßäü"})
_CHAR_CUE_LANGUAGE.update({char: ("fy", 0.7) for char in "âêûôú"})
_CHAR_CUE_LANGUAGE.update({char: ("xx", 0.7) for char in _OTHER_LETTERS})
#: A Dutch lead in function words this large settles the language without letter cues.
CLEAR_LEAD = 1.5
#: English forms whose lookup lemma is a far rarer word ("number" numb, "rent" rend).
_KEEP_EN = DATA_DIR / "lemma_keep_en.txt"


_CODES = ("nl", "en", "de", "fy", "xx")


@functools.cache
def _word_weights() -> dict[str, tuple[float, ...]]:
    """Return word -> weight per language in _CODES order; shared words weigh 1/languages."""
    owners: dict[str, list[str]] = {}
    for code, words in language_profiles().items():
        for word in set(words):
            owners.setdefault(word, []).append(code)
    return {
        word: tuple(1.0 / len(codes) if code in codes else 0.0 for code in _CODES)
        for word, codes in owners.items()
    }


@functools.cache
def _dutch_leads() -> dict[str, float]:
    """Return word -> its Dutch weight minus its weights in all other profiles together.

    Their sum bounds the Dutch lead from below (the best other language never scores more
    than all others together), so a text whose sum reaches CLEAR_LEAD is Dutch.
    """
    return {word: row[0] - sum(row[1:]) for word, row in _word_weights().items()}


def main_language(languages: Sequence[str]) -> str | None:
    """Return the language most texts of an input are in (None for no texts)."""
    return Counter(languages).most_common(1)[0][0] if len(languages) else None


def detect_language(words: Sequence[str], text: str, nl_prior: float = 0.8) -> str:
    """Return "nl", "en", "de", "fy", "other" or "und" for lower-case words of a text."""
    ascii_only = text.isascii()  # fast, and true for most Dutch input
    if not _LATIN_LETTER.search(text):
        return "other" if not ascii_only and _NON_LATIN_LETTER.search(text) else "und"
    if (
        not ascii_only
        and _NON_LATIN_LETTER.search(text)
        and len(_NON_LATIN_LETTER.findall(text)) > len(_LATIN_LETTER.findall(text))
    ):
        return "other"
    # Sufficient for most Dutch input: the Dutch lead over all other profiles together.
    leads = _dutch_leads()
    if sum([leads.get(word, 0.0) for word in words]) + nl_prior >= CLEAR_LEAD:
        return "nl"
    scores = _profile_scores(words)
    scores[0] += nl_prior
    if scores[0] - max(scores[1:]) >= CLEAR_LEAD:
        return "nl"
    by_code = _with_letter_cues(scores, text)
    best = max(_CODES, key=by_code.__getitem__)
    return "other" if best == "xx" else best


def _profile_scores(words: Sequence[str]) -> list[float]:
    """Return the function-word score of each language in _CODES order."""
    weights = _word_weights()
    hits = [weights[word] for word in words if word in weights]
    return [sum(column) for column in zip(*hits, strict=True)] if hits else [0.0] * 5


def _with_letter_cues(scores: list[float], text: str) -> dict[str, float]:
    """Return language code -> score, with the letter cues of the text added."""
    by_code = dict(zip(_CODES, scores, strict=True))
    cue_counts: dict[str, int] = {}
    for cue in _CHAR_CUES.findall(text.lower()):
        cue_counts[cue] = cue_counts.get(cue, 0) + 1
    for cue, count in cue_counts.items():
        code, weight = _CHAR_CUE_LANGUAGE[cue]
        by_code[code] += weight * min(count, 4)
    return by_code


def languages_in_context(texts: Sequence[str], languages: Sequence[str]) -> list[str]:
    """Return each text's language as an input of `texts` shows it.

    Alone, a text without Dutch evidence ("Clear and concise", "Super Idee!") is Dutch by
    the prior of `detect_language`, as most input is. In an input that is mostly English
    or German such a text is in the input's language: it keeps "nl" only where its own
    words or letters say Dutch more than that language (docs/nlp.md, *Short texts in an
    English or German input*).
    """
    main = context_language(languages)
    if main is None:
        return list(languages)
    return [
        language_in_context(text, language, main)
        for text, language in zip(texts, languages, strict=True)
    ]


def context_language(languages: Sequence[str]) -> str | None:
    """Return "en" or "de" when more than half of an input's texts are in it, else None: the
    language its texts without Dutch evidence are read in (`languages_in_context`)."""
    main = main_language(languages)
    if main not in ("en", "de") or 2 * languages.count(main) <= len(languages):
        return None
    return main


def language_in_context(text: str, language: str, main: str | None) -> str:
    """Return a text's language in an input whose `context_language` is `main`: a text
    detected as Dutch is in `main` unless its own words or letters say Dutch more."""
    if language != "nl" or main is None:
        return language
    by_code = _with_letter_cues(_profile_scores(_WORD.findall(text.lower())), text)
    return main if by_code[main] >= by_code["nl"] else language


@functools.cache
def _foreign_resources(code: str) -> tuple[Table, frozenset[str]]:
    """Return (lemma lookup, stop words) for English or German, loaded on first use."""
    from spacy.lookups import load_lookups

    if code == "en":
        from spacy.lang.en.stop_words import STOP_WORDS
    else:
        from spacy.lang.de.stop_words import STOP_WORDS
    table = load_lookups(code, ["lemma_lookup"]).get_table("lemma_lookup")
    if code == "en":  # "number" stays "number", not "numb" (scripts/build_lemma_keep.py)
        for form in _KEEP_EN.read_text("utf-8").split("\n"):
            if form and not form.startswith("#"):
                table.set(form, form)
    return table, frozenset(STOP_WORDS)


def foreign_lemma_and_stops(code: str) -> tuple[Table, frozenset[str]] | None:
    """Return the lemma table and stop list of a non-Dutch language we support, or None."""
    if code in ("en", "de"):
        return _foreign_resources(code)
    return None


class LanguageDetector(BatchedComponent):
    """Set ``doc._.language`` and re-lemmatise English and German documents."""

    def __init__(self, nl_prior: float, relemmatize: bool) -> None:
        self.nl_prior = nl_prior
        self.relemmatize = relemmatize

    def __call__(self, doc: Doc) -> Doc:
        rows = token_rows(doc)
        # Profile words are all alphabetic, so the lower forms need no filtering.
        language = detect_language(rows.lowers, rows.text, self.nl_prior)
        set_doc_value(doc, "language", language)
        if self.relemmatize and language in ("en", "de"):
            self._relemmatize(doc, language)
        return doc

    def _relemmatize(self, doc: Doc, language: str) -> None:
        """Replace Dutch lookup lemmas by those of the document's own language."""
        resources = foreign_lemma_and_stops(language)
        if resources is None:
            return
        lemma_table = resources[0]
        lemmas = []
        for token in doc:
            lower = token.lower_
            lemma = lemma_table.get(token.text) or lemma_table.get(lower) or lower
            token.lemma_ = lemma
            lemmas.append(lemma)
        set_lemmas(doc, lemmas)


if not Doc.has_extension("language"):
    Doc.set_extension("language", default="und")


@Language.factory(
    "kernpunt_language",
    default_config={"nl_prior": 0.8, "relemmatize": True},
)
def make_language_detector(
    nlp: Language, name: str, nl_prior: float, relemmatize: bool
) -> LanguageDetector:
    """Build the language detector component."""
    return LanguageDetector(nl_prior, relemmatize)
