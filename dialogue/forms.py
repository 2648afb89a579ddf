"""Helpers shared by the forms of several packages."""

from __future__ import annotations

from collections.abc import Iterable

from wtforms.fields.choices import SelectChoice


def optional_int(value: object) -> int | None:
    """Coerce a select's value to an id, or None when it is empty or cannot be an id."""
    try:
        number = int(value) if value not in (None, "", "None") else None
    except (TypeError, ValueError):
        return None
    # Ids fit a 32-bit column; anything larger cannot exist (and overflows SQLite).
    return number if number is not None and 0 < number < 2**31 else None


def options(pairs: Iterable[tuple[object, object]]) -> list[SelectChoice]:
    """Turn (value, label) pairs into select options."""
    return [SelectChoice(value, str(label)) for value, label in pairs]
