"""Text for printed reports without characters the report's font cannot draw (emoji).

The PDF uses DejaVu Sans, which has no colour emoji: an emoji would print as an empty box. So
symbols the font does not have are dropped, with the invisible characters that join or style
emoji (zero-width joiner, variation selectors, keycap, tags). Letters of any script are kept.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

#: Where Debian's fonts-dejavu-core puts the report font; without it, emoji blocks are dropped.
DEJAVU_SANS = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
#: Unicode categories of symbols and marks that may be emoji.
SYMBOL_CATEGORIES = frozenset({"So", "Sk", "Me"})
#: Blocks that hold emoji; used when the font itself cannot be read.
EMOJI_BLOCKS = ((0x2600, 0x27BF), (0x2B00, 0x2BFF), (0x1F000, 0x1FAFF))
DROPPED = "\x00"
#: Variation selectors, the keycap mark and tag characters only style emoji.
EMOJI_STYLING = re.compile("[\ufe0e\ufe0f\u20e3\U000e0020-\U000e007f]")
#: A dropped symbol with the joiners that tied it to its neighbours.
DROPPED_RUN = re.compile("\u200d?\x00(?:\u200d?\x00)*\u200d?")


@cache
def _font_codepoints() -> frozenset[int] | None:
    """The characters the report font can draw, or None when it cannot be read."""
    if not DEJAVU_SANS.exists():
        return None
    from fontTools.ttLib import TTFont

    with TTFont(str(DEJAVU_SANS), lazy=True) as font:
        return frozenset(font.getBestCmap())


def _drawable(character: str) -> bool:
    if unicodedata.category(character) not in SYMBOL_CATEGORIES:
        return True
    covered = _font_codepoints()
    if covered is not None:
        return ord(character) in covered
    return not any(start <= ord(character) <= end for start, end in EMOJI_BLOCKS)


def printable(text: str) -> str:
    """Return text without the symbols the report font cannot draw, spaces tidied."""
    if text.isascii():
        return text
    marked = "".join(c if _drawable(c) else DROPPED for c in EMOJI_STYLING.sub("", text))
    if DROPPED not in marked:
        return marked
    cleaned = DROPPED_RUN.sub("", marked)
    return re.sub(r"[ \t]{2,}", " ", cleaned).strip()
