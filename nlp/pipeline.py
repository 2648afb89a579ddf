"""Per-text enrichment: language, personal data, discontent, content lemmas and key terms."""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import nlp.components  # noqa: F401 - registers the kernpunt_* factories
from nlp.components.pii import PLACEHOLDERS, PiiSpan, find_pii, redact
from nlp.components.tokens import remember_text

__all__ = [
    "PLACEHOLDERS",
    "Enrichment",
    "PiiSpan",
    "enrich",
    "enrich_one",
    "find_pii",
    "load",
    "redact",
]

#: Characters per text that the pipeline reads; longer input is cut (no resident writes that much).
MAX_CHARS = 100_000


@dataclass(frozen=True, slots=True)
class Enrichment:
    """What the pipeline knows about one text."""

    language: str
    pii: tuple[PiiSpan, ...]
    discontent: float
    negative: bool
    lemmas: tuple[str, ...]
    keyterms: tuple[str, ...]


def build() -> Language:
    """Return a new pipeline: blank Dutch, lookup lemmatizer and our components.

    The lemmatizer is spaCy's Dutch lookup lemmatizer (spacy-lookups-data) with a cache per
    word form; it gives the same lemmas, several times faster.
    """
    pipeline = spacy.blank("nl")
    pipeline.add_pipe("kernpunt_lookup_lemmatizer", name="lemmatizer")
    pipeline.add_pipe("kernpunt_language")
    pipeline.add_pipe("kernpunt_pii")
    pipeline.add_pipe("kernpunt_discontent")
    pipeline.add_pipe("kernpunt_keyterms")
    pipeline.initialize()
    pipeline.tokenizer = _TextRememberingTokenizer(pipeline.tokenizer)
    return pipeline


class _TextRememberingTokenizer:
    """Wrap spaCy's tokenizer to keep each text on its Doc (rebuilding it costs time)."""

    def __init__(self, tokenizer: Callable[[str], Doc]) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        return remember_text(self.tokenizer(text), text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.tokenizer, name)


@functools.cache
def load() -> Language:
    """Return the process-wide pipeline, building it on first use."""
    pipeline = build()
    # The lookup tables hold hundreds of thousands of entries in dicts; freezing what exists
    # now keeps Python's cyclic garbage collector from walking them again and again (that
    # walk cost about 5% of enrichment time).
    gc.freeze()
    return pipeline


def _clean(text: str | None) -> str:
    """Return text safe for the tokenizer: a string, without NUL and without excess length."""
    if not text:
        return ""
    if not isinstance(text, str):
        text = str(text)
    if "\x00" in text:
        text = text.replace("\x00", " ")
    return text[:MAX_CHARS]


_LANGUAGE, _PII, _DISCONTENT, _NEGATIVE, _LEMMAS, _KEYTERMS = (
    ("._.", name, None, None)
    for name in ("language", "pii", "discontent", "negative", "lemmas", "keyterms")
)


def _to_enrichment(doc: Doc) -> Enrichment:
    """Return the Enrichment of a processed document (reads what ``doc._`` would)."""
    values = doc.user_data
    return Enrichment(
        language=values.get(_LANGUAGE, "und"),
        pii=values.get(_PII, ()),
        discontent=values.get(_DISCONTENT, 0.0),
        negative=values.get(_NEGATIVE, False),
        lemmas=values.get(_LEMMAS, ()),
        keyterms=values.get(_KEYTERMS, ()),
    )


def enrich(texts: Iterable[str], batch_size: int = 256) -> list[Enrichment]:
    """Enrich many texts in one process with ``nlp.pipe``."""
    pipeline = load()
    docs = pipeline.pipe((_clean(text) for text in texts), batch_size=batch_size)
    return [_to_enrichment(doc) for doc in docs]


def enrich_one(text: str) -> Enrichment:
    """Enrich a single text."""
    return _to_enrichment(load()(_clean(text)))
