"""Checking what residents type: text, names, e-mail addresses and client references."""

from __future__ import annotations

import re
import unicodedata

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l

from dialogue.themes.enrichment import pii_spans_of

#: Shortest and longest input text, in characters.
TEXT_MIN = 10
TEXT_MAX = 2000
REPLY_MIN = 2
REPLY_MAX = 1000
REPORT_REASON_MAX = 500
DISPLAY_NAME_MAX = 80
CLIENT_REF_MAX = 100

# Line and paragraph breaks and tabs are allowed; other control characters are not.
_ALLOWED_CONTROLS = {"\n", "\t"}
# Bidirectional overrides can make text read differently from what is stored.
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_REJECTED_SINGLES = {"\ufffd", "\ufffe", "\uffff"} | _BIDI_CONTROLS
# Control characters (Unicode category Cc: U+0000-U+001F and U+007F-U+009F) but the allowed
# ones, surrogates (Cs: U+D800-U+DFFF) and the rejected singles, as one character class: a
# search in C instead of a loop over the characters (this runs on every post).
_FORBIDDEN_CHARACTER = re.compile(
    "["
    + "".join(
        re.escape(chr(code))
        for code in (*range(0x00, 0x20), *range(0x7F, 0xA0))
        if chr(code) not in _ALLOWED_CONTROLS
    )
    + "\ud800-\udfff"
    + "".join(re.escape(char) for char in sorted(_REJECTED_SINGLES))
    + "]"
)
_MANY_BLANK_LINES = re.compile(r"\n{3,}")


class ContributionError(Exception):
    """Input that cannot be accepted, with a Dutch message for the person who sent it."""

    code = "invalid"

    def __init__(self, message: object, *, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


class InvalidInput(ContributionError):
    """One or more fields are not acceptable; errors maps each field to its message."""

    code = "invalid"

    def __init__(self, errors: dict[str, object]) -> None:
        field, message = next(iter(errors.items()))
        super().__init__(message, field=field)
        self.errors = errors


class ConsultationClosed(ContributionError):
    """The consultation does not accept input (now)."""

    code = "closed"

    def __init__(self, message: object | None = None) -> None:
        super().__init__(
            message
            or _l(
                "Deze raadpleging is gesloten. U kunt geen nieuwe inbreng of reacties meer geven."
            )
        )


class RateLimited(ContributionError):
    """Too much input from one account or address in a short time."""

    code = "rate_limited"

    def __init__(self, message: object | None = None) -> None:
        super().__init__(
            message
            or _l("U heeft in korte tijd veel inbreng gestuurd. Wacht even en probeer het opnieuw.")
        )


def has_forbidden_characters(text: str) -> bool:
    """Whether text contains control, binary or direction-changing characters."""
    return _FORBIDDEN_CHARACTER.search(text) is not None


def clean_text(text: str | None) -> str:
    """Return text normalised: NFC, Unix line ends, trimmed, at most one blank line in a row."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFC", str(text)).replace("\r\n", "\n").replace("\r", "\n")
    return _MANY_BLANK_LINES.sub("\n\n", text.strip())


def text_problem(text: str, *, min_len: int, max_len: int) -> object | None:
    """Return why a cleaned text is not acceptable, or None."""
    if not text:
        return _l("Dit veld is leeg. Vul het in.")
    if has_forbidden_characters(text):
        return _l(
            "De tekst bevat tekens die we niet kunnen opslaan, zoals stuurtekens. "
            "Haal ze weg en probeer het opnieuw."
        )
    if len(text) < min_len:
        return _l(
            "De tekst is te kort. Schrijf minimaal %(min)s tekens (nu %(n)s).",
            min=min_len,
            n=len(text),
        )
    if len(text) > max_len:
        return _l(
            "De tekst is te lang. Gebruik maximaal %(max)s tekens (nu %(n)s).",
            max=max_len,
            n=len(text),
        )
    return None


def validate_text(
    text: str | None, *, min_len: int = TEXT_MIN, max_len: int = TEXT_MAX, field: str = "text"
) -> str:
    """Return the cleaned text or raise InvalidInput explaining what is wrong."""
    cleaned = clean_text(text)
    problem = text_problem(cleaned, min_len=min_len, max_len=max_len)
    if problem is not None:
        raise InvalidInput({field: problem})
    return cleaned


def validate_display_name(name: str | None) -> str | None:
    """Return the cleaned display name, None when empty, or raise InvalidInput.

    The name is shown with the input, so it is screened for personal data like the text;
    a name with a phone number, e-mail address or the like is refused with a message.
    """
    cleaned = " ".join(clean_text(name).split())
    if not cleaned:
        return None
    if has_forbidden_characters(cleaned):
        raise InvalidInput({"display_name": _l("De naam bevat tekens die niet kunnen.")})
    if len(cleaned) < 2 or len(cleaned) > DISPLAY_NAME_MAX:
        raise InvalidInput(
            {
                "display_name": _l(
                    "Gebruik een naam van 2 tot %(max)s tekens, of laat het veld leeg.",
                    max=DISPLAY_NAME_MAX,
                )
            }
        )
    # A name is what this field is for; a phone number, address or the like is not.
    if any(span["kind"] != "name" for span in pii_spans_of(cleaned)):
        raise InvalidInput(
            {
                "display_name": _l(
                    "In de naam staan persoonsgegevens, zoals een telefoonnummer of "
                    "e-mailadres. Die zou iedereen zien. Vul alleen een naam in, of laat het "
                    "veld leeg."
                )
            }
        )
    return cleaned


def validate_email_address(email: str | None, *, field: str = "email") -> str:
    """Return the normalised e-mail address (lower case) or raise InvalidInput."""
    raw = clean_text(email)
    if not raw:
        raise InvalidInput({field: _l("Vul uw e-mailadres in.")})
    if has_forbidden_characters(raw) or len(raw) > 254:
        raise InvalidInput({field: _l("Dit is geen geldig e-mailadres.")})
    try:
        result = validate_email(raw, check_deliverability=False)
    except EmailNotValidError:
        raise InvalidInput({field: _l("Dit is geen geldig e-mailadres.")}) from None
    return result.normalized.lower()


def validate_client_ref(client_ref: str | None) -> str | None:
    """Return the client reference (None when empty) or raise InvalidInput."""
    if client_ref is None:
        return None
    cleaned = str(client_ref).strip()
    if not cleaned:
        return None
    if len(cleaned) > CLIENT_REF_MAX or has_forbidden_characters(cleaned):
        raise InvalidInput(
            {
                "client_ref": _l(
                    "De referentie mag maximaal %(max)s gewone tekens hebben.", max=CLIENT_REF_MAX
                )
            }
        )
    return cleaned
