"""Kernpunt's local Dutch NLP: per-text enrichment, themes and signals (no Flask, no database).

The names below are imported on first use (PEP 562), so a web process that only needs a
light part (e.g. `nlp.common_ground` for the votes) does not load spaCy at start-up.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Light (pyphen only), and imported now on purpose: the function `readability` shares its name
# with the module `nlp.readability`, and importing that module later would otherwise leave
# `nlp.readability` naming the module instead of the function.
from nlp.readability import Readability, readability

if TYPE_CHECKING:
    from nlp.pipeline import Enrichment, PiiSpan, enrich, enrich_one, find_pii, load, redact

_HOMES = {
    "Enrichment": "nlp.pipeline",
    "PiiSpan": "nlp.pipeline",
    "enrich": "nlp.pipeline",
    "enrich_one": "nlp.pipeline",
    "find_pii": "nlp.pipeline",
    "load": "nlp.pipeline",
    "redact": "nlp.pipeline",
}

__all__ = [
    "Enrichment",
    "PiiSpan",
    "Readability",
    "enrich",
    "enrich_one",
    "find_pii",
    "load",
    "readability",
    "redact",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'nlp' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
