"""Counters kept by hand in the rate-limit storage, for limits Flask-Limiter cannot key.

The per-account limits (contributions.account_limits) and the failed-login delays
(accounts.throttle) count under keys a decorator does not know before the view runs; both use
the storage of RATELIMIT_STORAGE_URI (memory, or Redis shared by all workers).
"""

from __future__ import annotations

from flask import current_app
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

_EXTENSION = "kernpunt_rate_counters"


def counters_enabled() -> bool:
    """Whether the limits apply (RATELIMIT_ENABLED; off in most tests and in benchmarks)."""
    return bool(current_app.config.get("RATELIMIT_ENABLED", True))


def window_limiter() -> MovingWindowRateLimiter:
    """Return the app's moving-window limiter over the rate-limit storage (made once)."""
    limiter = current_app.extensions.get(_EXTENSION)
    if limiter is None:
        storage = storage_from_string(current_app.config["RATELIMIT_STORAGE_URI"])
        limiter = current_app.extensions[_EXTENSION] = MovingWindowRateLimiter(storage)
    return limiter
