"""Undo the tricks that hide personal data from the patterns, keeping a map to the original.

Residents (and spammers) write ``06–12345678`` with an en dash, ``06/12345678``, a BSN split
by a zero-width space, or ``jan[at]example.nl``. The finder runs on a normalised copy of the
text; :class:`NormalisedText` maps every span found there back to the original characters, so
highlighting and redaction still cut the text the resident wrote.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: Dashes, minus signs and slashes that separate digit groups like a hyphen does.
_AS_HYPHEN = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d/\u2044\u2215\uff0f"
#: Spaces other than the plain space (no-break, thin, narrow no-break, ideographic …).
_AS_SPACE = "\u00a0\u2000-\u200a\u202f\u205f\u3000"
#: Full-width "@" and the small commercial at.
_AS_AT = "\uff20\ufe6b"
#: Invisible format characters (zero-width space, joiners, soft hyphen, byte order mark …).
_FORMAT = "".join(chr(code) for code in range(0x10000) if unicodedata.category(chr(code)) == "Cf")
_REPLACEMENTS = dict.fromkeys(_AS_HYPHEN, "-") | dict.fromkeys(_AS_AT, "@")
_SPECIAL = re.compile(f"[{re.escape(_AS_HYPHEN + _AS_AT + _FORMAT)}{_AS_SPACE}]")
# "jan[at]example.nl", "jan (at) example.nl", "jan{at}example.nl", "jan [apenstaartje] …".
_BRACKETED_AT = re.compile(
    r"[ \t]*[\[({<][ \t]*(?:at|apenstaartje)[ \t]*[\])}>][ \t]*", re.IGNORECASE
)
# "jan at example.nl" / "jan AT example dot nl": only between an address-like word and a domain.
_SPOKEN_AT = re.compile(
    r"(?<=[\w.+-])[ \t]+(?:at|AT)[ \t]+(?=[\w-]+(?:\.|[ \t]*[\[(]?[ \t]*(?:dot|punt)\b))"
)
_BRACKETED_DOT = re.compile(r"[ \t]*[\[({<][ \t]*(?:dot|punt)[ \t]*[\])}>][ \t]*", re.IGNORECASE)
_SPOKEN_DOT = re.compile(r"(?<=\w)[ \t]+(?:dot|DOT)[ \t]+(?=[a-zA-Z]{2,24}\b)")
#: What the "at"/"dot" patterns above start with: checked before running them (a bracket
#: is rare, so this search is fast; the spoken forms are plain substrings).
_BRACKET_HINT = re.compile(r"[\[({<][ \t]*(?i:at|apenstaartje|dot|punt)")


def _may_hide_an_address(text: str) -> bool:
    # Written out rather than any(...) over a tuple: this runs for every text.
    return (
        " at " in text
        or " AT " in text
        or " dot " in text
        or " DOT " in text
        or _BRACKET_HINT.search(text) is not None
    )


@dataclass(frozen=True)
class NormalisedText:
    """A normalised text and, per character, the original span it stands for."""

    text: str
    #: Original start offset of every normalised character.
    starts: tuple[int, ...]
    #: Original end offset of every normalised character.
    ends: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the normalised text back to the original text."""
        return self.starts[start], self.ends[end - 1]


def _character_pass(text: str) -> tuple[str, list[int]]:
    """Drop format characters and unify dashes, slashes, spaces and "@"; keep each source index."""
    characters = list(text)
    sources = list(range(len(text)))
    for match in reversed(list(_SPECIAL.finditer(text))):
        index = match.start()
        character = text[index]
        if character in _REPLACEMENTS:
            characters[index] = _REPLACEMENTS[character]
        elif character in _FORMAT:
            del characters[index], sources[index]
        else:
            characters[index] = " "
    return "".join(characters), sources


def _replace_all(
    text: str, starts: list[int], ends: list[int], pattern: re.Pattern[str], replacement: str
) -> tuple[str, list[int], list[int]]:
    """Replace each match by one character standing for the whole matched original span."""
    pieces: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    position = 0
    for match in pattern.finditer(text):
        pieces.append(text[position : match.start()])
        new_starts += starts[position : match.start()]
        new_ends += ends[position : match.start()]
        pieces.append(replacement)
        new_starts.append(starts[match.start()])
        new_ends.append(ends[match.end() - 1])
        position = match.end()
    if not pieces:
        return text, starts, ends
    pieces.append(text[position:])
    new_starts += starts[position:]
    new_ends += ends[position:]
    return "".join(pieces), new_starts, new_ends


def normalise(text: str) -> NormalisedText | None:
    """Return the text with hiding tricks undone, or None when there is nothing to undo."""
    if not _SPECIAL.search(text) and not _may_hide_an_address(text):
        return None
    plain, starts = _character_pass(text)
    ends = [index + 1 for index in starts]
    for pattern, replacement in (
        (_BRACKETED_AT, "@"),
        (_SPOKEN_AT, "@"),
        (_BRACKETED_DOT, "."),
        (_SPOKEN_DOT, "."),
    ):
        plain, starts, ends = _replace_all(plain, starts, ends, pattern, replacement)
    if plain == text:
        return None
    return NormalisedText(plain, tuple(starts), tuple(ends))
