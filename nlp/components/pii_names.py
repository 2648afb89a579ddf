"""Find the name a resident signs with: "Met vriendelijke groet, Lotte", "Gr. Anja".

Names in running text cannot be told from places and brands without a trained model, but a
name after a sign-off almost always is one, and it is exactly what the council report and the
CSV would otherwise quote ("… Met vriendelijke groet Lotte").
"""

from __future__ import annotations

import re

# The word that ends a sign-off ("Met vriendelijke groet", "groetjes", "Gr.", "mvg", "Alvast
# bedankt"), searched in the lower-cased text; whatever comes before it does not matter.
_SIGN_OFF_END = re.compile(r"groet(?:en|jes)?|gr(?:oetjes|tjs|t)?\.?|m\.?v\.?g\.?|bedankt|dank")
# Thanks only count in these phrases ("bedankt voor de moeite" is no sign-off).
_THANKS_BEFORE = re.compile(r"(?:alvast[ \t]+be|hartelijk[ \t]+|voorbaat[ \t]+)$")
_AFTER_SIGN_OFF = re.compile(r"[ \t]*[,:;.!-]?[ \t]*(?:\n[ \t]*)?")
# A greeting at the start of the text or a line: "Beste Jan," / "Hoi Anja".
_GREETING = re.compile(r"[ \t]*(?:beste|geachte|hallo|hoi|dag|lieve)[ \t]+", re.I)
_CAPITALISED = r"[A-ZÀ-Þ][a-zß-ÿ'’]+(?:-[A-ZÀ-Þ][a-zß-ÿ'’]+)?"
# Dutch surname prefixes: "Piet de Vries", "Anja van der Berg", "Jan ter Horst".
_PREFIX = r"(?:van|de|der|den|ter|ten|te|het|'t|in|op|la|le|du|d')"
_INITIALS = r"[A-Z]\.(?:[ \t]?[A-Z]\.){0,3}"
_NAME = re.compile(
    rf"(?:{_INITIALS}|{_CAPITALISED})(?:[ \t]+(?:{_PREFIX}[ \t]+){{0,3}}{_CAPITALISED}){{0,3}}"
)
# A lower-case name is only trusted as the last word(s) after a sign-off: "groetjes lotte".
_LOWER_NAME = re.compile(r"[a-zß-ÿ]{2,20}(?:[ \t]+[a-zß-ÿ]{2,20})?")
_END_OF_LINE = re.compile(r"[ \t.!]*(?:\n|\Z)")
_END_OF_GREETING = re.compile(r"[ \t]*(?:,|\n|\Z)")
#: Words that follow a greeting or sign-off without being a name.
_NOT_NAMES = frozenset(
    [
        "de",
        "het",
        "een",
        "namens",
        "uit",
        "van",
        "aan",
        "en",
        "voor",
        "ons",
        "wij",
        "mij",
        "ik",
        "u",
        "jullie",
        "iedereen",
        "allemaal",
        "allen",
        "bewoners",
        "inwoners",
        "buurtbewoners",
        "omwonenden",
        "buren",
        "medebewoners",
        "familie",
        "fam",
        "gemeente",
        "raad",
        "college",
        "wethouder",
        "burgemeester",
        "heer",
        "mevrouw",
        "dames",
        "heren",
        "lezer",
        "team",
        "ambtenaar",
        "ambtenaren",
        "moderator",
        "moderatoren",
    ]
)


def _name_at(text: str, position: int, lower_case_allowed: bool) -> re.Match[str] | None:
    """Return the name written at position, if there is one."""
    name = _NAME.match(text, position)
    if name is None and lower_case_allowed:
        name = _LOWER_NAME.match(text, position)
    if name is None or name.group(0).split()[0].lower().rstrip(".") in _NOT_NAMES:
        return None
    return name


def _sign_off_ends(text: str) -> list[tuple[int, bool]]:
    """Return where each sign-off ends, and whether a lower-case name may follow it."""
    lowered = text.lower()
    ends = []
    for word in _SIGN_OFF_END.finditer(lowered):
        start, end = word.span()
        if start > 0 and not lowered[start - 1].isspace():
            continue  # inside a word: "begroeting"
        if end < len(lowered) and lowered[end].isalnum():
            continue  # "graag", "groot"
        thanks = word.group(0).endswith(("dank", "bedankt"))
        if thanks and not _THANKS_BEFORE.search(lowered, max(0, start - 20), start):
            continue
        ends.append((_AFTER_SIGN_OFF.match(text, end).end(), not thanks))
    return ends


def find_signature_names(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of each name written after a greeting or before a sign-off's line end."""
    spans = []
    for position, lower_case_allowed in _sign_off_ends(text):
        name = _name_at(text, position, lower_case_allowed)
        if name is not None and _END_OF_LINE.match(text, name.end()):
            spans.append((name.start(), name.end()))
    line_start = 0
    while line_start >= 0:
        greeting = _GREETING.match(text, line_start)
        if greeting is not None:
            name = _name_at(text, greeting.end(), False)
            if name is not None and _END_OF_GREETING.match(text, name.end()):
                spans.append((name.start(), name.end()))
        line_start = text.find("\n", line_start) + 1 or -1
    return spans
