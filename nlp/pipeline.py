"""Per-text enrichment: language, personal data, discontent, content lemmas and key terms."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import nlp.components  # noqa: F401 - registers the kernpunt_* factories
from nlp.components.pii import PLACEHOLDERS, PiiSpan, find_pii, redact
from nlp.components.tokens import get_doc_value, remember_text

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


@dataclass(frozen=True)
class Enrichment:
    """What the pipeline knows about one text."""

    language: str
    pii: tuple[PiiSpan, ...]
    discontent: float
    negative: bool
    lemmas: tuple[str, ...]
    keyterms: tuple[str, ...]


def build() -> Language:
    """Return a new pipeline: blank Dutch, lookup lemmatizer and our components."""
    pipeline = spacy.blank("nl")
    pipeline.add_pipe("lemmatizer", config={"mode": "lookup"})
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
    return build()


def _clean(text: str | None) -> str:
    """Return text safe for the tokenizer: a string, without NUL and without excess length."""
    if not text:
        return ""
    if not isinstance(text, str):
        text = str(text)
    if "\x00" in text:
        text = text.replace("\x00", " ")
    return text[:MAX_CHARS]


def _to_enrichment(doc: Doc) -> Enrichment:
    """Return the Enrichment of a processed document."""
    return Enrichment(
        language=get_doc_value(doc, "language", "und"),
        pii=get_doc_value(doc, "pii", ()),
        discontent=get_doc_value(doc, "discontent", 0.0),
        negative=get_doc_value(doc, "negative", False),
        lemmas=get_doc_value(doc, "lemmas", ()),
        keyterms=get_doc_value(doc, "keyterms", ()),
    )


def enrich(texts: Iterable[str], batch_size: int = 256) -> list[Enrichment]:
    """Enrich many texts in one process with ``nlp.pipe``."""
    pipeline = load()
    docs = pipeline.pipe((_clean(text) for text in texts), batch_size=batch_size)
    return [_to_enrichment(doc) for doc in docs]


def enrich_one(text: str) -> Enrichment:
    """Enrich a single text."""
    return _to_enrichment(load()(_clean(text)))
