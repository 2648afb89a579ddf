"""Branding: the primary colour must keep white text readable; logos are small PNG or JPEG."""

from __future__ import annotations

import struct
import zlib

import pytest

from dialogue.contributions.validation import InvalidInput
from dialogue.municipalities.branding import (
    LOGO_MAX_BYTES,
    branding_css,
    check_primary_colour,
    contrast_with_white,
    logo_kind,
)
from dialogue.municipalities.models import Municipality


def png(width: int = 4, height: int = 2) -> bytes:
    """Return a tiny valid PNG of the given size (grey pixels)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\x80" * width for _ in range(height)))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_contrast_matches_the_wcag_formula() -> None:
    assert contrast_with_white("#000000") == pytest.approx(21.0)
    assert contrast_with_white("#ffffff") == pytest.approx(1.0)
    # #767676 is the lightest grey that passes AA on white (4.54).
    assert contrast_with_white("#767676") == pytest.approx(4.54, abs=0.01)


def test_dark_colour_is_accepted_in_lower_case() -> None:
    assert check_primary_colour(" #1F5C99 ") == "#1f5c99"


@pytest.mark.parametrize("colour", ["#ffcc00", "#777777", "#39b54a"])
def test_light_colour_is_refused_with_the_ratio(colour: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_primary_colour(colour)
    message = str(refused.value.errors["primary_colour"])
    assert "contrast" in message and "4,5" in message


@pytest.mark.parametrize("colour", ["1f5c99", "#1f5c9", "#1f5c9g", "blue", "var(--x)"])
def test_malformed_colour_is_refused(colour: str) -> None:
    with pytest.raises(InvalidInput):
        check_primary_colour(colour)


def test_png_and_jpeg_are_accepted() -> None:
    assert logo_kind(png()) == "png"
    assert logo_kind(b"\xff\xd8\xff\xe0" + b"\x00" * 100) == "jpeg"


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        b"GIF89a" + b"\x00" * 20,
        png(width=5000),
        png()[:20],
        png() + b"\x00" * LOGO_MAX_BYTES,
    ],
    ids=["empty", "svg", "gif", "too-wide", "truncated", "too-big"],
)
def test_other_files_are_refused(data: bytes) -> None:
    with pytest.raises(InvalidInput) as refused:
        logo_kind(data)
    assert "logo" in refused.value.errors


def test_stylesheet_sets_the_design_tokens_only_for_a_checked_colour() -> None:
    assert branding_css(Municipality(settings={})) == ""
    assert branding_css(Municipality(settings={"primary_colour": "red;}body{x"})) == ""
    css = branding_css(Municipality(settings={"primary_colour": "#1f5c99"}))
    assert "--utrecht-button-primary-action-background-color: #1f5c99;" in css
