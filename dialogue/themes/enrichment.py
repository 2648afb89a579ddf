"""Per-contribution NLP: language, personal data, discontent (the app's bridge to `nlp`)."""

from __future__ import annotations

import functools
import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dialogue.contributions.models import Contribution

log = logging.getLogger(__name__)


def pii_spans_of(text: str) -> list[dict[str, Any]]:
    """Return the personal-data spans in text as plain dicts (kind, start, end)."""
    from nlp import find_pii

    return [{"kind": span.kind, "start": span.start, "end": span.end} for span in find_pii(text)]


@functools.lru_cache(maxsize=16)
def enrichment_of(text: str) -> Any:
    """Return the pipeline's Enrichment of text.

    Cached for the few most recent texts only: within one request, screening and theme
    placement of the same new input share one run of the pipeline.
    """
    # Imported lazily: loading spaCy takes seconds and most requests never need it.
    from nlp import enrich_one

    return enrich_one(text)


def enrich_contribution(contribution: Contribution) -> None:
    """Store language, personal-data spans, discontent and negativity on the contribution."""
    enrichment = enrichment_of(contribution.text)
    contribution.language = enrichment.language
    contribution.pii_spans = [
        {"kind": span.kind, "start": span.start, "end": span.end} for span in enrichment.pii
    ]
    contribution.discontent = float(enrichment.discontent)
    contribution.negative = bool(enrichment.negative)


def warm_up() -> None:
    """Load the NLP pipeline now (a few seconds), so the first posted input is not slow."""
    from nlp import load

    load()
