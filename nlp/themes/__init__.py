"""Theme discovery with stable identity across runs, and fast assignment of new texts."""

from nlp.themes.discovery import (
    SENTENCE_VECTOR_LIMIT,
    UNCERTAIN_BELOW,
    assign,
    discover,
    place,
    ranked,
)
from nlp.themes.model import OVERIG, Theme, ThemeModel

__all__ = [
    "OVERIG",
    "SENTENCE_VECTOR_LIMIT",
    "UNCERTAIN_BELOW",
    "Theme",
    "ThemeModel",
    "assign",
    "discover",
    "place",
    "ranked",
]
