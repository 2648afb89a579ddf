"""Which characters input may not hold: control characters, surrogates, direction overrides."""

from __future__ import annotations

import unicodedata

import pytest

from dialogue.contributions.validation import InvalidInput, has_forbidden_characters, validate_text


def _by_category(char: str) -> bool:
    """The rule the character class stands for, from Unicode's categories."""
    if char in "\n\t":
        return False
    rejected_singles = "\ufffd\ufffe\uffff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    return char in rejected_singles or unicodedata.category(char) in ("Cc", "Cs")


def test_every_code_point_is_judged_as_by_its_category() -> None:
    wrong = [
        code
        for code in range(0x110000)
        if has_forbidden_characters(chr(code)) != _by_category(chr(code))
    ]
    assert wrong == []


@pytest.mark.parametrize(
    "text",
    ["nul \x00 teken", "escape \x1b[31m", "del \x7f", "c1 \x85", "omkeren \u202e", "\ud800 los"],
)
def test_a_forbidden_character_anywhere_refuses_the_text(text: str) -> None:
    assert has_forbidden_characters("Een gewone zin, dan " + text + " en verder.")
    with pytest.raises(InvalidInput):
        validate_text("Een gewone zin, dan " + text + " en verder.")


def test_line_breaks_tabs_and_accents_are_allowed() -> None:
    text = "Eén regel\nnog een\tmet tab, café, ĳs, 😀 en Ω."
    assert not has_forbidden_characters(text)
    assert validate_text(text) == text
