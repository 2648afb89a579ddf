"""Kernpunt's spaCy components; importing this package registers their factories."""

from nlp.components import discontent, keyterms, language, lemmatizer, pii

__all__ = ["discontent", "keyterms", "language", "lemmatizer", "pii"]
