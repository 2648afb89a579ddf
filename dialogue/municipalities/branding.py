"""A municipality's branding: its primary colour (checked for contrast) and its logo."""

from __future__ import annotations

import hashlib
import re
import struct

from flask_babel import lazy_gettext as _l

from dialogue.audit.services import record
from dialogue.contributions.validation import InvalidInput
from dialogue.extensions import db
from dialogue.municipalities.models import Municipality, MunicipalityLogo
from dialogue.timeutil import utcnow

#: WCAG 2.1 AA minimum contrast for normal text (success criterion 1.4.3).
MIN_CONTRAST = 4.5
#: Largest logo accepted, in bytes.
LOGO_MAX_BYTES = 200 * 1024
#: Largest logo width and height in pixels.
LOGO_MAX_SIDE = 2000
LOGO_TYPES = {"png": "image/png", "jpeg": "image/jpeg"}
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"


def _channel(value: int) -> float:
    srgb = value / 255
    return srgb / 12.92 if srgb <= 0.04045 else ((srgb + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """Return the WCAG relative luminance of a #rrggbb colour."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast_with_white(colour: str) -> float:
    """Return the contrast ratio of white text on a #rrggbb background."""
    return 1.05 / (relative_luminance(colour) + 0.05)


def check_primary_colour(colour: str) -> str:
    """Return the colour as #rrggbb in lower case, or raise InvalidInput saying why not."""
    cleaned = colour.strip()
    if not HEX_COLOUR.match(cleaned):
        raise InvalidInput(
            {"primary_colour": _l("Geef de kleur als # met zes tekens 0-9 of a-f, zoals #1f5c99.")}
        )
    ratio = contrast_with_white(cleaned)
    if ratio < MIN_CONTRAST:
        message = _l(
            "Witte tekst op deze kleur is slecht leesbaar: het contrast is %(ratio)s, "
            "het moet minstens 4,5 zijn. Kies een donkerdere kleur.",
            ratio=f"{ratio:.1f}".replace(".", ","),
        )
        raise InvalidInput({"primary_colour": message})
    return cleaned.lower()


def _png_size(data: bytes) -> tuple[int, int] | None:
    if len(data) < 24 or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def logo_kind(data: bytes) -> str:
    """Return "png" or "jpeg" for an acceptable logo, or raise InvalidInput saying why not."""
    if not data:
        raise InvalidInput({"logo": _l("Het bestand is leeg.")})
    if len(data) > LOGO_MAX_BYTES:
        raise InvalidInput({"logo": _l("Het logo is groter dan 200 kB. Maak het kleiner.")})
    if data.startswith(PNG_SIGNATURE):
        size = _png_size(data)
        if size is None or not all(0 < side <= LOGO_MAX_SIDE for side in size):
            raise InvalidInput(
                {"logo": _l("Dit PNG-bestand is beschadigd of groter dan 2000 bij 2000 pixels.")}
            )
        return "png"
    if data.startswith(JPEG_SIGNATURE):
        return "jpeg"
    raise InvalidInput({"logo": _l("Kies een logo in PNG of JPEG. Andere bestanden kan dat niet.")})


def store_logo(municipality: Municipality, data: bytes) -> str:
    """Check the logo and keep it in the database; return its short fingerprint."""
    kind = logo_kind(data)
    logo = db.session.get(MunicipalityLogo, municipality.id)
    if logo is None:
        logo = MunicipalityLogo(municipality_id=municipality.id)
        db.session.add(logo)
    logo.content_type = LOGO_TYPES[kind]
    logo.data = data
    logo.updated_at = utcnow()
    return hashlib.sha256(data).hexdigest()[:16]


def set_branding(municipality: Municipality, colour: str | None, logo: bytes | None) -> bool:
    """Check and store the primary colour and logo (audited); False when nothing changed.

    settings["logo"] holds the logo's fingerprint: pages know there is one without loading it.
    """
    settings = dict(municipality.settings or {})
    changes: dict[str, str] = {}
    if colour:
        checked = check_primary_colour(colour)
        if settings.get("primary_colour") != checked:
            changes["primary_colour"] = checked
    if logo:
        fingerprint = store_logo(municipality, logo)
        if settings.get("logo") != fingerprint:
            changes["logo"] = fingerprint
    if not changes:
        return False
    municipality.settings = settings | changes
    db.session.flush()
    record("municipality.branding", municipality, municipality_id=municipality.id, details=changes)
    return True


def branding_css(municipality: Municipality) -> str:
    """Return the stylesheet that sets the NL Design System tokens to the primary colour."""
    colour = (municipality.settings or {}).get("primary_colour")
    if not colour or not HEX_COLOUR.match(colour):
        return ""
    tokens = (
        "--basis-color-action-1-inverse-bg-default",
        "--utrecht-button-primary-action-background-color",
        "--utrecht-button-primary-action-border-color",
    )
    lines = "\n".join(f"  {token}: {colour};" for token in tokens)
    return f".voorbeeld-theme {{\n{lines}\n}}\n"
