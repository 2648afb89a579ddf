"""Run a component over a small batch of Docs before the next component starts.

``nlp.pipe`` calls a component's ``pipe`` method when it has one, and otherwise calls the
component once per Doc, passing each Doc through every component before the next Doc
starts. Our components are Python code over large word tables; run over a batch, each keeps
its code and tables in the processor's cache. A small batch also keeps the batch's Docs
there: on a 2-core AMD EPYC VM, paired rounds against bare spaCy gave a median of 35% per
Doc, 46-49% for batches of 8 to 32 and 41% for 256 (docs/performance.md, *Batch by batch*).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc
from spacy.util import minibatch

#: Docs per component batch, whatever larger batch ``nlp.pipe`` buffers.
COMPONENT_BATCH = 32


class BatchedComponent:
    """Give a pipeline component a ``pipe`` that processes Docs batch by batch.

    An error propagates as under spaCy's default error handler (the batch is not skipped).
    """

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = COMPONENT_BATCH) -> Iterator[Doc]:
        """Yield the Docs processed, at most ``COMPONENT_BATCH`` of them at a time."""
        for batch in minibatch(docs, min(batch_size, COMPONENT_BATCH)):
            yield from [self(doc) for doc in batch]  # type: ignore[operator]
