"""Kernpunt's local Dutch NLP: per-text enrichment, themes and signals (no Flask, no database)."""

from nlp.pipeline import Enrichment, PiiSpan, enrich, enrich_one, find_pii, load, redact
from nlp.readability import Readability, readability

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
