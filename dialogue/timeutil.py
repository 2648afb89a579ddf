"""UTC time helpers: the database stores naive UTC datetimes on every backend."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Return the current time as a naive UTC datetime (what the database stores)."""
    return datetime.now(UTC).replace(tzinfo=None)
