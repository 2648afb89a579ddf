"""A short, indexed key of a text that is equal for the same words in other capitals,
accents or spacing: it finds repeated and double-submitted input with one index lookup."""

from __future__ import annotations

import hashlib
import unicodedata

#: Length of the stored fingerprint: 16 bytes of BLAKE2b as hexadecimal.
FINGERPRINT_LENGTH = 32


def fold(text: str) -> str:
    """Lower-case text and drop accents, so "Klóótzak" reads like "klootzak"."""
    if text.isascii():
        return text.lower()  # same result, without the per-character pass (hot under load)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalised_for_comparison(text: str) -> str:
    """Return text folded and with whitespace collapsed, to spot repeated input."""
    return " ".join(fold(text).split())


def text_fingerprint(text: str) -> str:
    """Return the fingerprint of text: equal for texts equal after normalisation."""
    normalised = normalised_for_comparison(text).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(normalised, digest_size=FINGERPRINT_LENGTH // 2).hexdigest()
