"""Find Dutch addresses: a postcode with a house number, or a street with a number."""

from __future__ import annotations

import re

_POSTCODE_NUMBER = re.compile(
    r"\b[1-9]\d{3}\s?(?P<letters>[A-Za-z]{2})\b"  # 1234 AB / 1234AB / 1234ab / 1234 ab
    r"[\s,]*(?:(?:en\s+)?(?:huis)?(?:nr|nummer|no)\.?:?\s*)?"
    r"\d{1,5}(?:\s?[a-zA-Z]\b|-\d{1,3}\b|\b)(?![.,]\d)"
)
# A house number after a space; the word before it is checked in Python (faster than a regex
# that starts at every letter).
_HOUSE_NUMBER = re.compile(r"[ \t](\d{1,4})(?:[ \t]?[a-zA-Z]\b|-\d{1,3}\b|\b)(?![.,]\d)")
_WORD_BEFORE = re.compile(r"([A-Za-zÀ-ÿ'-]{5,}\.?)[ \t]*$")
#: Abbreviated street suffixes ("Kerkstr. 12", "Stationsln. 3"), with or without the full stop.
_ABBREVIATED_STREET_SUFFIXES = ("str", "str.", "ln.", "pln", "pln.")
#: Letter pairs after a number that are Dutch words, not postcode letters ("in 2024 en 5 keer");
#: postcodes never use SA, SD or SS.
_NOT_POSTCODE_LETTERS = frozenset(
    [
        "al",
        "af",
        "as",
        "ca",
        "cm",
        "de",
        "da",
        "di",
        "do",
        "en",
        "er",
        "ex",
        "ik",
        "in",
        "is",
        "ja",
        "je",
        "km",
        "kg",
        "ma",
        "mm",
        "na",
        "nu",
        "of",
        "oh",
        "ok",
        "om",
        "op",
        "pm",
        "te",
        "tv",
        "uu",
        "vd",
        "vr",
        "we",
        "wo",
        "za",
        "ze",
        "zo",
        "sa",
        "sd",
        "ss",
    ]
)
_STREET_SUFFIXES = (
    "straat",
    "weg",
    "laan",
    "plein",
    "dijk",
    "gracht",
    "kade",
    "singel",
    "steeg",
    "pad",
    "dreef",
    "hof",
    "park",
    "ring",
    "markt",
    "wal",
    "veld",
    "baan",
    "dam",
    "brink",
    "es",
    "erf",
    "akker",
    "hoek",
    "plantsoen",
    "boulevard",
    "dwarsweg",
    "straatje",
    "pad",
)
# Lower-case compounds are only trusted with these suffixes ("snelweg 80" is not an address).
_LOWERCASE_STREET_SUFFIXES = (
    "straat",
    "laan",
    "gracht",
    "singel",
    "steeg",
    "dreef",
    "kade",
    "plein",
)
_NOT_A_HOUSE_NUMBER = re.compile(
    r"\s*(?:%|procent|euro|km|kilometer|meter|m\b|jaar|uur|keer|minuten|auto|woningen|huizen)",
    re.IGNORECASE,
)


def _is_street(word: str) -> bool:
    """Return whether a word looks like a Dutch street name ("Dorpsstraat", "Kerkweg")."""
    lowered = word.lower()
    if lowered.endswith(_ABBREVIATED_STREET_SUFFIXES):
        return len(lowered.rstrip(".")) >= 6
    if word.endswith("."):
        return False
    if word[0].isupper():
        return any(
            lowered.endswith(suffix) and len(lowered) >= len(suffix) + 2
            for suffix in _STREET_SUFFIXES
        )
    return any(
        lowered.endswith(suffix) and len(lowered) >= len(suffix) + 3
        for suffix in _LOWERCASE_STREET_SUFFIXES
    )


def _are_postcode_letters(letters: str) -> bool:
    """Return whether two letters after four digits can be a postcode's letters."""
    if letters.isupper():
        return letters.lower() not in ("sa", "sd", "ss")
    return letters.lower() not in _NOT_POSTCODE_LETTERS


def find_addresses(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Return (start, end) of each postcode with house number and each street with number.

    The scan begins at ``start`` (a street name before it is still found).
    """
    spans = [
        (m.start(), m.end())
        for m in _POSTCODE_NUMBER.finditer(text, start)
        if not _NOT_A_HOUSE_NUMBER.match(text, m.end()) and _are_postcode_letters(m["letters"])
    ]
    for match in _HOUSE_NUMBER.finditer(text, start):
        word = _WORD_BEFORE.search(text, max(0, match.start() - 60), match.start() + 1)
        if word and _is_street(word.group(1)) and not _NOT_A_HOUSE_NUMBER.match(text, match.end()):
            spans.append((word.start(1), match.end()))
    return spans
