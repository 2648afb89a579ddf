"""UTC time helpers: the database stores naive UTC datetimes on every backend."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta


def utcnow() -> datetime:
    """Return the current time as a naive UTC datetime (what the database stores)."""
    return datetime.now(UTC).replace(tzinfo=None)


def monday_of(day: date) -> date:
    """Return the Monday of a day's ISO week (weeks are shown and counted from Monday)."""
    return day - timedelta(days=day.weekday())
