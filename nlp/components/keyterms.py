"""kernpunt_keyterms: content lemmas and the distinctive terms of one text.

Content lemmas are lower-case lemmas without stop words (spaCy's list for the text's
language plus our extra Dutch list of generic resident words), punctuation, numbers,
URLs and e-mail addresses. Key terms are the strongest content lemmas and two-word terms
(adjacent content words), ranked by frequency in the text and word length, a cheap
stand-in for rarity that favours compounds such as "windturbines" over "mooi".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from spacy.lang.nl.stop_words import STOP_WORDS as DUTCH_STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Token

from nlp.components.batching import BatchedComponent
from nlp.components.language import foreign_lemma_and_stops, languages_in_context
from nlp.components.resources import extra_stop_words, frisian_stop_words
from nlp.components.tokens import ALPHA, HYPHENATED, set_doc_value, token_rows

#: A word as written, hyphenated parts included ("S-Bahn").
WRITTEN_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@functools.cache
def stop_words_for(language: str) -> frozenset[str]:
    """Return the stop words used for content lemmas of a text in ``language``."""
    base = frozenset(DUTCH_STOP_WORDS) | extra_stop_words()
    if language == "fy":
        return base | frisian_stop_words()
    resources = foreign_lemma_and_stops(language)
    if resources is not None:
        return base | resources[1]
    return base


#: Content lemma ("" for none) per language and word-form id: it depends only on those two.
_CONTENT_BY_FORM: dict[str, dict[int, str]] = {}
_CONTENT_CACHE_LIMIT = 500_000


def content_lemmas(doc: Doc, language: str) -> list[tuple[int, str]]:
    """Return (token index, lower-case lemma) of the tokens that carry content."""
    rows = token_rows(doc)
    if not rows.orths:
        return [
            (index, lemma)
            for index, (lower, lemma_form, flags) in enumerate(
                zip(rows.lowers, rows.lemmas, rows.flags, strict=True)
            )
            if (lemma := _content_lemma(lower, lemma_form, flags, language))
        ]
    cache = _CONTENT_BY_FORM.get(language)
    if cache is None or len(cache) >= _CONTENT_CACHE_LIMIT:
        cache = _CONTENT_BY_FORM[language] = {}
    lemmas = [cache.get(orth) for orth in rows.orths]
    if None in lemmas:
        for index, lemma in enumerate(lemmas):
            if lemma is None:
                lemma = _content_lemma(
                    rows.lowers[index], rows.lemmas[index], rows.flags[index], language
                )
                lemmas[index] = cache[rows.orths[index]] = lemma
    return [(index, lemma) for index, lemma in enumerate(lemmas) if lemma]


def lemmas_in_context(
    texts: Sequence[str], languages: Sequence[str], lemmas: Sequence[Sequence[str]]
) -> tuple[list[str], list[Sequence[str]]]:
    """Return each text's language and content lemmas as the input of `texts` shows them:
    a text that is Dutch by the detector's prior alone, in a mostly English or German input,
    is read in that language (`language.languages_in_context`)."""
    settled = languages_in_context(texts, languages)
    return settled, [
        words if found == language else content_lemmas_as(text, words, language)
        for text, words, found, language in zip(texts, lemmas, languages, settled, strict=True)
    ]


def content_lemmas_as(text: str, lemmas: Sequence[str], language: str) -> list[str]:
    """Return the content lemmas of a text read as English or German ("en", "de").

    For a text the detector took for Dutch by its prior alone, where the input around it
    says otherwise (`language.languages_in_context`): its content lemmas as Dutch gave them
    (mostly the word forms, the Dutch table knowing few English or German words) are looked
    up again in that language's table, by the form as written ("Menschen": "Mensch"), and
    its stop words are left out.
    """
    resources = foreign_lemma_and_stops(language)
    if resources is None:
        raise ValueError(f"no lemmas for language {language!r}")
    table, stop_words = resources[0], stop_words_for(language)
    written = {word.lower(): word for word in WRITTEN_WORD.findall(text)}
    result = []
    for lemma in lemmas:
        form = written.get(lemma, lemma)
        found = str(table.get(form) or table.get(lemma) or lemma).lower()
        if found not in stop_words and lemma not in stop_words:
            result.append(found)
    return result


def _content_lemma(lower: str, lemma_form: str, flags: int, language: str) -> str:
    """Return the lower-case lemma of a word form if it carries content, else ""."""
    stop_words = stop_words_for(language)
    if not flags & (ALPHA | HYPHENATED) or lower in stop_words or len(lower) <= 1:
        return ""
    lemma = lemma_form.lower() or lower
    return "" if lemma in stop_words else lemma


def _is_content(token: Token) -> bool:
    """Return whether a token carries content (for inspection, not used in the hot path)."""
    indices = {index for index, _ in content_lemmas(token.doc, token.doc._.language)}
    return token.i in indices


class KeytermExtractor(BatchedComponent):
    """Set ``doc._.lemmas`` and ``doc._.keyterms``."""

    def __init__(self, max_terms: int, min_length: int, bigrams: bool) -> None:
        self.max_terms = max_terms
        self.min_length = min_length
        self.bigrams = bigrams

    def __call__(self, doc: Doc) -> Doc:
        language = doc.user_data.get(("._.", "language", None, None), "und")
        content = content_lemmas(doc, language)
        set_doc_value(doc, "lemmas", tuple([lemma for _, lemma in content]))
        set_doc_value(doc, "keyterms", tuple(self._rank(content)))
        return doc

    def _rank(self, content: list[tuple[int, str]]) -> list[str]:
        """Return the strongest terms: frequent and long lemmas, then two-word terms."""
        min_length = self.min_length
        scores: dict[str, float] = {}
        previous_index, previous = -2, ""
        for index, lemma in content:
            length = len(lemma)
            if length < min_length:
                previous_index = -2
                continue
            scores[lemma] = scores.get(lemma, 0.0) + (length if length < 14 else 14)
            if self.bigrams and index == previous_index + 1 and lemma != previous:
                term = f"{previous} {lemma}"
                bonus = 0.6 * (min(len(previous), 14) + min(length, 14))
                scores[term] = scores.get(term, 0.0) + bonus
            previous_index, previous = index, lemma
        if len(scores) <= 1:
            return list(scores)
        ranked = sorted([(-score, term) for term, score in scores.items()])
        return [term for _, term in ranked[: self.max_terms]]


if not Doc.has_extension("lemmas"):
    Doc.set_extension("lemmas", default=())
if not Doc.has_extension("keyterms"):
    Doc.set_extension("keyterms", default=())
if not Token.has_extension("is_content"):
    Token.set_extension("is_content", getter=_is_content)


@Language.factory(
    "kernpunt_keyterms",
    default_config={"max_terms": 5, "min_length": 3, "bigrams": True},
)
def make_keyterm_extractor(
    nlp: Language, name: str, max_terms: int, min_length: int, bigrams: bool
) -> KeytermExtractor:
    """Build the key-term extractor component."""
    return KeytermExtractor(max_terms, min_length, bigrams)
