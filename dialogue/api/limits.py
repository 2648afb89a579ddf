"""The contribution rate limit per account (CONTRIBUTION_RATE_LIMIT), counted after authentication.

Flask-Limiter's decorators run before the view knows who the token belongs to, so the
API asks the same storage (RATELIMIT_STORAGE_URI: memory, or Redis shared by all workers)
directly, keyed by the user.
"""

from __future__ import annotations

import math
import time

from flask import current_app
from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter, RateLimiter

from dialogue.accounts.models import User

_EXTENSION = "kernpunt_contribution_limiter"


def _rate_limiter() -> RateLimiter:
    limiter = current_app.extensions.get(_EXTENSION)
    if limiter is None:
        storage = storage_from_string(current_app.config["RATELIMIT_STORAGE_URI"])
        limiter = current_app.extensions[_EXTENSION] = MovingWindowRateLimiter(storage)
    return limiter


def _limit() -> RateLimitItem:
    return parse(current_app.config["CONTRIBUTION_RATE_LIMIT"])


def _key(user: User) -> str:
    return f"user:{user.id}"


def enabled() -> bool:
    """Whether rate limits apply (RATELIMIT_ENABLED; off in tests and benchmarks)."""
    return bool(current_app.config.get("RATELIMIT_ENABLED", True))


def seconds_until_allowed(user: User) -> int:
    """Return 0 if the user may post a contribution now, else the seconds to wait."""
    if not enabled():
        return 0
    limiter, limit = _rate_limiter(), _limit()
    if limiter.test(limit, "contribution", _key(user)):
        return 0
    reset_at = limiter.get_window_stats(limit, "contribution", _key(user)).reset_time
    return max(1, math.ceil(reset_at - time.time()))


def count_contribution(user: User) -> None:
    """Count one stored contribution against the user's limit."""
    if enabled():
        _rate_limiter().hit(_limit(), "contribution", _key(user))
