"""The words a text is clustered on and placed by: its content lemmas in its input's language,
put into Dutch words where the input is clustered across languages (`crosslingual.py`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from nlp.components.keyterms import content_lemmas_as, lemmas_in_context
from nlp.components.language import language_in_context
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


def placement_tokens(model: ThemeModel, enrichment: Any, text: str | None = None) -> list[str]:
    """Return the tokens a new text is placed by, read as the model's input was read.

    In a mostly English or German input a text without Dutch evidence is in that language
    (`language.language_in_context`, as `theme_tokens` reads the input itself; it needs the
    text), and in a mostly German input German stop words are no tokens.
    """
    language = getattr(enrichment, "language", None) or "nl"
    lemmas = lemmas_of(enrichment)
    context = model.context_language
    if text is not None and language_in_context(text, language, context) != language:
        language = str(context)
        lemmas = content_lemmas_as(text, lemmas, language)
    tokens = content_tokens(lemmas)
    if context == "de":
        tokens = glossary.without_source_stops("de", tokens)
    return placed_tokens(model, tokens, language)


def placed_tokens(model: ThemeModel, tokens: list[str], language: str | None) -> list[str]:
    """Return a new text's tokens in Dutch words when the model was clustered on those.

    Whether the input's English or German words were put into Dutch depends on the input
    (`crosslingual.translated_languages`); the form of the words the model knows better wins.
    """
    if not crosslingual.across_languages():
        return tokens
    dutch = crosslingual.dutch_tokens(tokens, language)
    known = model.vectoriser.word_idf
    if sum(t in known for t in dutch) >= sum(t in known for t in tokens):
        return dutch
    return tokens


def lemmas_of(enrichment: Any) -> Sequence[str]:
    """Return an enrichment's lemmas (none for an object without them)."""
    return getattr(enrichment, "lemmas", None) or ()
