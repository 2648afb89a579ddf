"""Input that says the same thing: shown once wherever input is quoted.

Residents repost and copy each other, with a greeting before or thanks after the same
words. The themes page and the council report quote a few texts per theme; a text whose
long sentence occurs in an earlier one (or the other way round) is a repeat there,
whatever its case, punctuation or spacing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TypeVar

#: Sentences shorter than this (letters and digits) are too common to mark a repeat ("Graag.").
SENTENCE_MIN_CHARACTERS = 20
_SENTENCE_END = re.compile(r"[.!?\n]+")
_NOT_ALPHANUMERIC = re.compile(r"\W+")

Item = TypeVar("Item")


def _letters_and_digits(text: str) -> str:
    return _NOT_ALPHANUMERIC.sub("", text.lower()).replace("_", "")


def sentence_keys(text: str) -> set[str]:
    """Return the text's long sentences in lower case, letters and digits only."""
    keys = {_letters_and_digits(sentence) for sentence in _SENTENCE_END.split(text)}
    return {key for key in keys if len(key) >= SENTENCE_MIN_CHARACTERS}


def distinct(items: Iterable[Item], limit: int, text_of: Callable[[Item], str]) -> list[Item]:
    """Return up to `limit` items in their order, leaving out any whose text repeats an
    earlier one's (`text_of` gives an item's text)."""
    chosen: list[Item] = []
    seen_sentences: set[str] = set()
    seen_texts: list[str] = []
    for item in items:
        text = text_of(item)
        whole = _letters_and_digits(text)
        sentences = sentence_keys(text) or {whole}
        repeats = any(sentence in whole for sentence in seen_sentences) or any(
            sentence in earlier for sentence in sentences for earlier in seen_texts
        )
        if repeats:
            continue
        seen_sentences |= sentences
        seen_texts.append(whole)
        chosen.append(item)
        if len(chosen) == limit:
            break
    return chosen


def distinct_texts(texts: Iterable[str], limit: int) -> list[str]:
    """Return up to `limit` of the texts, leaving out repeats (`distinct`)."""
    return distinct(texts, limit, str)
