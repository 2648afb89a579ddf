"""One pass over a Doc's tokens, shared by the kernpunt_* components.

Creating spaCy ``Token`` objects and reading ``doc.text`` costs microseconds each, so the
components read the tokens once and keep plain lists in ``doc.user_data`` (serialisable
with the Doc). Extension values are written where spaCy's ``doc._`` reads them, which is
several times faster than ``doc._.name = value``; tests check that ``doc._`` sees them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from spacy.attrs import LEMMA, ORTH
from spacy.tokens import Doc

ROWS_KEY = "kernpunt_rows"
ALPHA, PUNCT, NUMBER, URL, EMAIL, CAPITALS, HYPHENATED = 1, 2, 4, 8, 16, 32, 64


class TokenRows(NamedTuple):
    """Plain per-token data of a Doc: text, lower forms, lemmas, flag bits and orth ids."""

    text: str
    lowers: Sequence[str]
    lemmas: Sequence[str]
    flags: Sequence[int]
    #: Word-form ids, for caches keyed by word form (empty when unknown).
    orths: Sequence[int] = ()


TEXT_KEY = "kernpunt_text"
#: Lexical data per orth id: (lower form, flag bits). Flags only depend on the word form.
_LEXICAL: dict[int, tuple[str, int]] = {}
#: Lemma strings per hash id, to skip spaCy's StringStore lookup for frequent lemmas.
_LEMMA_STRINGS: dict[int, str] = {}
_LEXICAL_LIMIT = 500_000


def _lexical(token: Any) -> tuple[str, int]:
    """Return (lower form, flag bits) of a token's word form, computed once per form."""
    if token.is_alpha:
        bits = ALPHA | (CAPITALS if token.is_upper and len(token) >= 4 else 0)
    elif token.is_punct:
        bits = PUNCT
    else:
        bits = 0
        if token.like_num:
            bits |= NUMBER
        if token.like_url:
            bits |= URL
        if token.like_email:
            bits |= EMAIL
        text = token.text
        if not bits and "-" in text and text.replace("-", "").isalpha():
            bits |= HYPHENATED
    if len(_LEXICAL) >= _LEXICAL_LIMIT:
        _LEXICAL.clear()
    entry = _LEXICAL[token.orth] = (token.lower_, bits)
    return entry


def remember_text(doc: Doc, text: str) -> Doc:
    """Keep the original text of a Doc so the components need not rebuild ``doc.text``."""
    doc.user_data[TEXT_KEY] = text
    return doc


def lexical_entry(doc: Doc, index: int, orth: int) -> tuple[str, int]:
    """Return (lower form, flag bits) of token ``index`` (word form ``orth``), cached."""
    entry = _LEXICAL.get(orth)
    return entry if entry is not None else _lexical(doc[index])


def store_rows(doc: Doc, rows: TokenRows) -> TokenRows:
    """Keep rows a component built itself as the Doc's shared token data."""
    doc.user_data[ROWS_KEY] = rows
    return rows


def text_of(doc: Doc) -> str:
    """Return the original text of a Doc (kept by the tokenizer wrapper, else rebuilt)."""
    text = doc.user_data.get(TEXT_KEY)
    return doc.text if text is None else text


def build_rows(doc: Doc, orths: list[int], lemma_ids: list[int]) -> TokenRows:
    """Build and keep the token data of a Doc from its orth and lemma ids."""
    lexical = _LEXICAL
    entries = [lexical.get(orth) for orth in orths]
    if None in entries:
        entries = [entry or _lexical(doc[index]) for index, entry in enumerate(entries)]
    lemma_cache = _LEMMA_STRINGS
    if len(lemma_cache) >= _LEXICAL_LIMIT:
        lemma_cache.clear()
    strings = doc.vocab.strings
    lemmas = [
        lemma_cache.get(lemma_id) or _lemma_string(strings, lemma_id) for lemma_id in lemma_ids
    ]
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.text
    rows = TokenRows(
        text, [entry[0] for entry in entries], lemmas, [entry[1] for entry in entries], orths
    )
    doc.user_data[ROWS_KEY] = rows
    return rows


def _lemma_string(strings: Any, lemma_id: int) -> str:
    """Return (and cache) the string of a lemma id; 0 means no lemma."""
    lemma = strings[lemma_id] if lemma_id else ""
    _LEMMA_STRINGS[lemma_id] = lemma
    return lemma


def token_rows(doc: Doc) -> TokenRows:
    """Return the shared token data of a Doc, reading the tokens on first use."""
    cached = doc.user_data.get(ROWS_KEY)
    if cached.__class__ is TokenRows:  # the hot path: built by the lemmatizer
        return cached
    if cached is not None:  # a list after Doc serialisation
        return TokenRows(*cached)
    if not len(doc):
        return build_rows(doc, [], [])
    # to_array avoids creating a Token object and a lemma string per token.
    array = doc.to_array([ORTH, LEMMA])
    return build_rows(doc, array[:, 0].tolist(), array[:, 1].tolist())


def set_lemmas(doc: Doc, lemmas: list[str]) -> None:
    """Replace the cached lemmas after a component re-lemmatised the Doc."""
    rows = token_rows(doc)
    doc.user_data[ROWS_KEY] = TokenRows(rows.text, rows.lowers, lemmas, rows.flags, rows.orths)


def set_doc_value(doc: Doc, name: str, value: object) -> None:
    """Set the Doc extension ``name`` (readable as ``doc._.name``)."""
    doc.user_data[("._.", name, None, None)] = value


def get_doc_value(doc: Doc, name: str, default: object) -> Any:
    """Return the Doc extension ``name`` without going through ``doc._``."""
    return doc.user_data.get(("._.", name, None, None), default)


def set_token_value(doc: Doc, index: int, name: str, value: object) -> None:
    """Set the Token extension ``name`` of token ``index`` (readable as ``token._.name``)."""
    doc.user_data[("._.", name, doc[index].idx, None)] = value
