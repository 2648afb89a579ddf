"""The words a text is clustered on and placed by: its content lemmas in its input's language,
put into Dutch words where the input is clustered across languages (`crosslingual.py`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from nlp.components.keyterms import lemmas_in_context
from nlp.themes import crosslingual, glossary
from nlp.themes.features import content_tokens

if TYPE_CHECKING:
    from nlp.themes.model import ThemeModel


def theme_tokens(
    texts: Sequence[str], enrichments: Sequence[Any]
) -> tuple[list[str], list[list[str]]]:
    """Return each text's language and the content tokens it is clustered on, in Dutch words."""
    detected = [getattr(e, "language", None) or "nl" for e in enrichments]
    languages, lemmas = lemmas_in_context(texts, detected, [lemmas_of(e) for e in enrichments])
    tokens = glossary.without_main_language_stops(languages, [content_tokens(w) for w in lemmas])
    if crosslingual.across_languages():
        moved = crosslingual.translated_languages(languages)
        tokens = [
            crosslingual.dutch_tokens(words, language) if language in moved else words
            for words, language in zip(tokens, languages, strict=True)
        ]
    return languages, tokens


def placed_tokens(model: ThemeModel, tokens: list[str], enrichment: Any) -> list[str]:
    """Return a new text's tokens in Dutch words when the model was clustered on those.

    Whether the input's English or German words were put into Dutch depends on the input
    (`crosslingual.translated_languages`); the form of the words the model knows better wins.
    """
    if not crosslingual.across_languages():
        return tokens
    dutch = crosslingual.dutch_tokens(tokens, getattr(enrichment, "language", None))
    known = model.vectoriser.word_idf
    if sum(t in known for t in dutch) >= sum(t in known for t in tokens):
        return dutch
    return tokens


def lemmas_of(enrichment: Any) -> Sequence[str]:
    """Return an enrichment's lemmas (none for an object without them)."""
    return getattr(enrichment, "lemmas", None) or ()
