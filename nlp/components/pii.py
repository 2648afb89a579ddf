"""kernpunt_pii: find Dutch personal data in a text (the single implementation the app uses).

Kinds: phone (``phonenumbers``, region NL), email, bsn (11-proef via ``stdnum.nl.bsn``),
iban (``stdnum.iban``), postcode_house_number (also "Dorpsstraat 12", "kerkstr. 12"),
licence_plate (Dutch sidecodes), name (after a greeting or sign-off: "Groet, Piet de Vries").
Years, prices, percentages, dates and bare postcodes are not flagged. The patterns run on a
normalised copy (zero-width characters removed, dashes and slashes unified, "[at]" undone);
spans are offsets in the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from spacy.language import Language
from spacy.tokens import Doc
from stdnum import iban as stdnum_iban
from stdnum.nl import bsn as stdnum_bsn

from nlp.components.batching import BatchedComponent
from nlp.components.pii_addresses import find_addresses
from nlp.components.pii_names import find_signature_names
from nlp.components.pii_normalise import normalise
from nlp.components.tokens import set_doc_value, token_rows

PII_KINDS = ("phone", "email", "bsn", "iban", "postcode_house_number", "licence_plate", "name")
# Where spans overlap, the kind listed first wins (an IBAN contains digit runs, etc.).
_PRIORITY = {"email": 0, "iban": 1, "bsn": 2, "phone": 3, "licence_plate": 4}
_PRIORITY["postcode_house_number"] = 5
_PRIORITY["name"] = 6


@dataclass(frozen=True)
class PiiSpan:
    """A character span of personal data in a text."""

    kind: str
    start: int
    end: int


_DIGIT = re.compile(r"\d")
#: The most characters before its first digit that a pattern below can match: a plate
#: "XX-XX-99" holds six, an IBAN two, a street's house number one (the street name is
#: searched backwards from the number).
DIGIT_REACH = 6
_NON_DIGIT = re.compile(r"\D")
# Phone numbers, BSNs and IBANs all hold a stretch of at least 8 digits.
_LONG_DIGIT_STRETCH = re.compile(r"\d(?:[ .()-]{0,3}\d){7}")
# Every sidecode has a letter group next to a digit group.
_PLATE_HINT = re.compile(r"[A-Za-z]-\d|\d-[A-Za-z]")
# A stretch that may hold a phone number: optional +/00, then 8+ digits with separators.
_PHONE_CANDIDATE = re.compile(r"(?:\+|\(|(?<![\d,.]))\d(?:[ \t().-]{0,3}\d){7,14}")
# Bounded parts and a start that cannot lie inside a run keep this linear on hostile input.
_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){0,8}\.[a-zA-Z]{2,24}\b"
)
_BSN = re.compile(
    r"(?<![\w.,€-])(\d{4}[.-]\d{2}[.-]\d{3}|\d{3}[ .-]\d{3}[ .-]\d{3}|\d{2}[ .]\d{3}[ .]\d{2}[ .]\d{2}|\d{9})"
    r"(?![\w-]|[.,]\d)"
)
_IBAN = re.compile(r"\b[A-Za-z]{2}\d{2}(?:[ -]?[A-Za-z0-9]){11,30}")
# Dutch licence plate sidecodes 1-14 (X = letter, 9 = digit), separated by dashes.
_SIDECODES = (
    "XX-99-99",
    "99-99-XX",
    "99-XX-99",
    "XX-99-XX",
    "XX-XX-99",
    "99-XX-XX",
    "99-XXX-9",
    "9-XXX-99",
    "XX-999-X",
    "X-999-XX",
    "XXX-99-X",
    "X-99-XXX",
    "9-XX-999",
    "999-XX-9",
)


def _sidecode_regex(sidecode: str, separator: str) -> str:
    """Turn a sidecode such as "99-XXX-9" into a regular expression."""
    parts = []
    for group in sidecode.split("-"):
        kind = "[A-Za-z]" if group[0] == "X" else r"\d"
        parts.append(f"{kind}{{{len(group)}}}")
    return separator.join(parts)


_PLATE_DASHED = re.compile(
    r"(?<![\w-])(?:" + "|".join(_sidecode_regex(code, "-") for code in _SIDECODES) + r")(?![\w-])"
)
_PLATE_COMPACT = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(
        _sidecode_regex(code, "").replace("[A-Za-z]", "[A-Z]")
        for code in _SIDECODES
        if code != "99-99-XX"  # written without dashes this is a postcode, not a plate
    )
    + r")(?![\w-])"
)
_LETTER = re.compile(r"[A-Za-z]")
_UPPER_NEXT_TO_DIGIT = re.compile(r"[A-Z]\d|\d[A-Z]")


def _find_emails(text: str) -> list[PiiSpan]:
    if "@" not in text:
        return []
    return [PiiSpan("email", m.start(), m.end()) for m in _EMAIL.finditer(text)]


def _find_ibans(text: str, start: int = 0) -> list[PiiSpan]:
    spans = []
    match = _IBAN.search(text, start)
    while match:
        next_position = match.start() + 1
        positions = [i for i in range(match.start(), match.end()) if text[i] not in " -"]
        compact = "".join(text[i] for i in positions).upper()
        for length in range(min(len(compact), 34), 14, -1):
            if stdnum_iban.is_valid(compact[:length]):
                next_position = positions[length - 1] + 1
                spans.append(PiiSpan("iban", match.start(), next_position))
                break
        match = _IBAN.search(text, next_position)
    return spans


def _find_bsns(text: str, start: int = 0) -> list[PiiSpan]:
    spans = []
    for match in _BSN.finditer(text, start):
        digits = _NON_DIGIT.sub("", match.group(1))
        before = text[max(0, match.start(1) - 5) : match.start(1)].lower()
        if "€" in before or "eur" in before:
            continue  # an amount of money, not a citizen service number
        if stdnum_bsn.is_valid(digits):
            spans.append(PiiSpan("bsn", match.start(1), match.end(1)))
    return spans


def _is_valid_phone(candidate: str, digits: str) -> bool:
    """Return whether a digit stretch is a valid phone number (Dutch unless it says +NN)."""
    if candidate.startswith("+31") or digits.startswith("0031"):
        national = digits[2:] if candidate.startswith("+") else digits[4:]
    elif digits.startswith("0") and not digits.startswith("00"):
        national = digits[1:]
    else:
        try:
            parsed = phonenumbers.parse(candidate, "NL")
        except phonenumbers.NumberParseException:
            return False
        return phonenumbers.is_valid_number(parsed)
    # Building the number directly skips phonenumbers.parse, the slow part, for Dutch numbers.
    number = phonenumbers.PhoneNumber(country_code=31, national_number=int(national or "0"))
    return phonenumbers.is_valid_number(number)


#: Digit stretches checked per text, and of those handed to the slow PhoneNumberMatcher:
#: bounds the time on hostile input (no resident writes hundreds of numbers in one text).
MAX_PHONE_CANDIDATES = 200
MAX_MATCHER_FALLBACKS = 10


def _find_phones(text: str, start: int = 0) -> list[PiiSpan]:
    spans = []
    fallbacks = 0
    for number_of_candidates, candidate in enumerate(_PHONE_CANDIDATE.finditer(text, start)):
        if number_of_candidates >= MAX_PHONE_CANDIDATES:
            break
        number = candidate.group(0)
        digits = _NON_DIGIT.sub("", number)
        if _is_valid_phone(number, digits):
            spans.append(PiiSpan("phone", candidate.start(), candidate.end()))
        elif len(digits) > 11 and fallbacks < MAX_MATCHER_FALLBACKS:
            # The stretch may hold a number next to other digits: let the matcher find it.
            fallbacks += 1
            offset = candidate.start()
            matcher = phonenumbers.PhoneNumberMatcher(
                number, "NL", leniency=phonenumbers.Leniency.VALID
            )
            spans.extend(PiiSpan("phone", offset + m.start, offset + m.end) for m in matcher)
    return spans


def _find_plates(text: str, start: int = 0) -> list[PiiSpan]:
    kind = "licence_plate"
    spans = []
    if "-" in text and _PLATE_HINT.search(text, start):
        spans += [PiiSpan(kind, m.start(), m.end()) for m in _PLATE_DASHED.finditer(text, start)]
    if _UPPER_NEXT_TO_DIGIT.search(text, start):
        spans += [PiiSpan(kind, m.start(), m.end()) for m in _PLATE_COMPACT.finditer(text, start)]
    return spans


def find_pii(text: str) -> list[PiiSpan]:
    """Return the personal-data spans in a text, sorted and without overlaps.

    Offsets are in the text as given, also where the patterns matched its normalised copy.
    """
    if not text:
        return []
    normalised = normalise(text)
    if normalised is None:
        return _find_in_plain(text)
    return [
        PiiSpan(span.kind, *normalised.original_span(span.start, span.end))
        for span in _find_in_plain(normalised.text)
    ]


def _find_in_plain(text: str) -> list[PiiSpan]:
    """Find personal data in an already normalised text."""
    candidates = [PiiSpan("name", start, end) for start, end in find_signature_names(text)]
    candidates += _find_emails(text)
    first_digit = _DIGIT.search(text)
    if first_digit:
        # Every pattern below holds a digit within its first DIGIT_REACH characters, so the
        # scans start just before the first digit (lookbehinds still see what precedes it).
        start = max(0, first_digit.start() - DIGIT_REACH)
        if _LONG_DIGIT_STRETCH.search(text, first_digit.start()):
            candidates += _find_ibans(text, start)
            candidates += _find_bsns(text, start)
            candidates += _find_phones(text, start)
        if _LETTER.search(text):
            candidates += _find_plates(text, start)
            candidates += [
                PiiSpan("postcode_house_number", begin, end)
                for begin, end in find_addresses(text, start)
            ]
    if len(candidates) < 2:
        return candidates
    candidates.sort(key=lambda span: (span.start - span.end, _PRIORITY[span.kind]))
    chosen: list[PiiSpan] = []
    for span in candidates:
        if all(span.end <= kept.start or span.start >= kept.end for kept in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda span: span.start)


PLACEHOLDERS = {
    "phone": "[telefoonnummer]",
    "email": "[e-mailadres]",
    "bsn": "[BSN]",
    "iban": "[IBAN]",
    "postcode_house_number": "[adres]",
    "licence_plate": "[kenteken]",
    "name": "[naam]",
}


def redact(text: str, spans: list[PiiSpan] | tuple[PiiSpan, ...]) -> str:
    """Replace each span by its Dutch placeholder, e.g. "[telefoonnummer]"."""
    parts = []
    position = 0
    for span in sorted(spans, key=lambda item: item.start):
        if span.start < position:
            continue  # overlapping span: the earlier one already covers it
        parts.append(text[position : span.start])
        parts.append(PLACEHOLDERS.get(span.kind, "[verwijderd]"))
        position = span.end
    parts.append(text[position:])
    return "".join(parts)


class PiiFinder(BatchedComponent):
    """Set ``doc._.pii`` to the personal-data spans of the document text."""

    def __call__(self, doc: Doc) -> Doc:
        set_doc_value(doc, "pii", tuple(find_pii(token_rows(doc).text)))
        return doc


if not Doc.has_extension("pii"):
    Doc.set_extension("pii", default=())


@Language.factory("kernpunt_pii", default_config={})
def make_pii_finder(nlp: Language, name: str) -> PiiFinder:
    """Build the personal-data finder component."""
    return PiiFinder()
