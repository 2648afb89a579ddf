"""Per-account limits on wrong passwords and codes, with a delay that grows with the failures.

Counted in the rate-limit storage (RATELIMIT_STORAGE_URI: Redis shared by all workers, or
memory per worker) under a digest of the e-mail address or user id, so an address never lands
in Redis. Unknown addresses are counted like known ones: the delay reveals no accounts.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time

from flask import current_app
from limits import RateLimitItem, parse_many

from dialogue.rate_counters import counters_enabled, window_limiter

log = logging.getLogger(__name__)

#: What is counted: passwords per e-mail address, second-factor codes per user.
PASSWORD = "password"  # noqa: S105 - a counter name
CODE = "code"


def _limits() -> list[RateLimitItem]:
    """The tiers, shortest window first: each one passed makes the wait longer."""
    return parse_many(current_app.config["ACCOUNT_FAILURE_LIMITS"])


def _key(kind: str, identity: str) -> str:
    digest = hashlib.sha256(f"{kind}:{identity.strip().lower()}".encode()).hexdigest()[:32]
    return f"account-failures:{digest}"


def seconds_locked(kind: str, identity: str) -> int:
    """Return 0 if another attempt may be checked now, else the seconds to wait."""
    if not counters_enabled():
        return 0
    limiter, key, wait = window_limiter(), _key(kind, identity), 0.0
    for limit in _limits():
        if not limiter.test(limit, key):
            reset_at = limiter.get_window_stats(limit, key).reset_time
            wait = max(wait, reset_at - time.time())
    return max(1, math.ceil(wait)) if wait > 0 else 0


def record_failure(kind: str, identity: str) -> int:
    """Count a failed attempt; return the failures within the longest window."""
    if not counters_enabled():
        return 0
    limiter, key = window_limiter(), _key(kind, identity)
    limits = _limits()
    for limit in limits:
        limiter.hit(limit, key)
    longest = max(limits, key=lambda limit: limit.get_expiry())
    return longest.amount - limiter.get_window_stats(longest, key).remaining


def clear_failures(kind: str, identity: str) -> None:
    """Forget the failures after a successful attempt."""
    if not counters_enabled():
        return
    limiter, key = window_limiter(), _key(kind, identity)
    for limit in _limits():
        limiter.clear(limit, key)
