"""Find the name a resident signs with: "Met vriendelijke groet, Lotte", "Gr. Anja".

Names in running text cannot be told from places and brands without a trained model, but a
name after a sign-off almost always is one, and it is exactly what the council report and the
CSV would otherwise quote ("… Met vriendelijke groet Lotte").
"""

from __future__ import annotations

import re

_SIGN_OFF_WORDS = (
    r"(?:met[ \t]+)?(?:vriendelijke|hartelijke|beste|lieve|warme)[ \t]+groet(?:en|jes)?"
    r"|met[ \t]+groet(?:en)?|groet(?:en|jes)?|gr(?:oetjes|tjs|t)?\.?|m\.?v\.?g\.?"
)
_THANKS_WORDS = r"hartelijk[ \t]+dank|alvast[ \t]+bedankt|bij[ \t]+voorbaat[ \t]+dank"
# A sign-off after the start of the text or a blank: the name must end its line.
_SIGN_OFF = re.compile(
    rf"(?:^|(?<=\s))(?:(?P<sign_off>{_SIGN_OFF_WORDS})|{_THANKS_WORDS})(?![\w])"
    r"[ \t]*[,:;.!-]?[ \t]*(?:\n[ \t]*)?",
    re.IGNORECASE,
)
# A greeting at the start of the text or a line: "Beste Jan," / "Hoi Anja".
_GREETING = re.compile(r"(?:^|(?<=\n))[ \t]*(?:beste|geachte|hallo|hoi|dag|lieve)[ \t]+", re.I)
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


def find_signature_names(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of each name written after a greeting or before a sign-off's line end."""
    spans = []
    lowered = text.lower()
    if "gr" in lowered or "dank" in lowered or "mvg" in lowered or "m.v.g" in lowered:
        for sign_off in _SIGN_OFF.finditer(text):
            name = _name_at(text, sign_off.end(), sign_off.group("sign_off") is not None)
            if name is not None and _END_OF_LINE.match(text, name.end()):
                spans.append((name.start(), name.end()))
    for greeting in _GREETING.finditer(text):
        name = _name_at(text, greeting.end(), False)
        if name is not None and _END_OF_GREETING.match(text, name.end()):
            spans.append((name.start(), name.end()))
    return spans
