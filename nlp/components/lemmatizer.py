"""kernpunt_lookup_lemmatizer: spaCy's Dutch lookup lemmatizer, cached per word form.

It uses the same ``lemma_lookup`` table from spacy-lookups-data and gives the same lemmas
as ``nlp.add_pipe("lemmatizer", config={"mode": "lookup"})`` (a test checks this), but
looks each word form up once per process instead of once per token: spaCy's version
spends most of its time creating Token objects and strings.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable

import numpy
from spacy.attrs import LEMMA
from spacy.errors import Errors
from spacy.lang.nl.lemmatizer import DutchLemmatizer
from spacy.language import Language
from spacy.lookups import Lookups, load_lookups
from spacy.tokens import Doc
from spacy.training import Example
from thinc.api import Model

from nlp.components.batching import BatchedComponent
from nlp.components.tokens import TokenRows, build_rows, lexical_entry, store_rows, text_of

#: Cached word forms before the cache is emptied (bounds memory on endless input).
CACHE_LIMIT = 500_000


@functools.cache
def dutch_lookups() -> Lookups:
    """Return the Dutch lemma lookup table from spacy-lookups-data, loaded once."""
    return load_lookups("nl", ["lemma_lookup"])


class CachedLookupLemmatizer(BatchedComponent, DutchLemmatizer):
    """Dutch lookup lemmatizer with a per-process cache from word form to lemma."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._records: dict[int, tuple[int, str, int, str]] = {}

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Example]] | None = None,
        *,
        nlp: Language | None = None,
        lookups: Lookups | None = None,
    ) -> None:
        """Load the lookup table once per process and share it between pipelines."""
        super().initialize(get_examples, nlp=nlp, lookups=lookups or dutch_lookups())

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            build_rows(doc, [], [])
            return doc
        if not self._validated:
            self._validate_tables(Errors.E1004)
        tokens = list(doc)
        orths = [token.orth for token in tokens]
        if not self.overwrite and any(token.lemma for token in tokens):
            self._keep_existing(doc, orths, [token.lemma for token in tokens])
            return doc
        # One cached record per word form: lemma id, lower form, flag bits, lemma string.
        records = self._records
        if len(records) >= CACHE_LIMIT:
            records.clear()
        found = [records.get(orth) for orth in orths]
        if None in found:
            found = [
                record or self._record(doc, index, orth)
                for index, (orth, record) in enumerate(zip(orths, found, strict=True))
            ]
        # Setting each token's lemma is faster than Doc.to_array/from_array for short texts.
        for token, record in zip(tokens, found, strict=True):
            token.lemma = record[0]
        store_rows(
            doc,
            TokenRows(
                text_of(doc),
                [r[1] for r in found],
                [r[3] for r in found],
                [r[2] for r in found],
                orths,
            ),
        )
        return doc

    def _keep_existing(self, doc: Doc, orths: list[int], existing: list[int]) -> None:
        """Fill only the lemmas that are missing (overwrite=False on a lemmatised Doc)."""
        lemma_ids = [
            old or self._record(doc, index, orth)[0]
            for index, (orth, old) in enumerate(zip(orths, existing, strict=True))
        ]
        doc.from_array([LEMMA], numpy.asarray(lemma_ids, dtype="uint64").reshape(-1, 1))
        build_rows(doc, orths, lemma_ids)

    def _record(self, doc: Doc, index: int, orth: int) -> tuple[int, str, int, str]:
        """Look a word form up like DutchLemmatizer.lookup_lemmatize and cache its record."""
        record = self._records.get(orth)
        if record is not None:
            return record
        strings = doc.vocab.strings
        lower = strings[orth].lower()
        lemma = self.lookups.get_table("lemma_lookup", {}).get(lower, lower)
        lemma_id = strings.add(lemma)
        lower_form, flags = lexical_entry(doc, index, orth)
        record = self._records[orth] = (lemma_id, lower_form, flags, lemma)
        return record


@Language.factory(
    "kernpunt_lookup_lemmatizer",
    assigns=["token.lemma"],
    default_config={"model": None, "mode": "lookup", "overwrite": False},
)
def make_cached_lemmatizer(
    nlp: Language, model: Model | None, name: str, mode: str, overwrite: bool
) -> CachedLookupLemmatizer:
    """Build the cached Dutch lookup lemmatizer."""
    if mode != "lookup":
        raise ValueError("kernpunt_lookup_lemmatizer only supports mode='lookup'")
    return CachedLookupLemmatizer(nlp.vocab, model, name, mode=mode, overwrite=overwrite)
