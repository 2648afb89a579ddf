"""Per-account limits on posting input and replies, shared by the web forms and the API.

One counter per account and kind ("contribution", "reply"), whichever way the post came in:
five pieces of input through the form and five through the API are ten against one limit.
Flask-Limiter's decorators run before a view knows who a token belongs to, so the counters
live in the limits storage directly (RATELIMIT_STORAGE_URI: memory, or Redis shared by all
workers when REDIS_URL is set). Anonymous posting keeps its per-address decorator limits.
"""

from __future__ import annotations

import math
import time

from flask import current_app
from limits import RateLimitItem, parse
from werkzeug.exceptions import TooManyRequests

from dialogue.accounts.models import User
from dialogue.rate_counters import counters_enabled, window_limiter

#: The setting that limits each kind of post.
LIMIT_SETTINGS = {
    "contribution": "CONTRIBUTION_RATE_LIMIT",
    "reply": "REPLY_RATE_LIMIT",
    "vote": "VOTE_RATE_LIMIT",
}


def _limit(kind: str) -> RateLimitItem:
    return parse(current_app.config[LIMIT_SETTINGS[kind]])


def _key(user: User) -> str:
    return f"user:{user.id}"


def seconds_until_allowed(user: User, kind: str = "contribution") -> int:
    """Return 0 if the user may post one more of kind now, else the seconds to wait."""
    if not counters_enabled():
        return 0
    limiter, limit = window_limiter(), _limit(kind)
    if limiter.test(limit, kind, _key(user)):
        return 0
    reset_at = limiter.get_window_stats(limit, kind, _key(user)).reset_time
    return max(1, math.ceil(reset_at - time.time()))


def refuse_when_over_limit(user: User, kind: str) -> None:
    """Raise 429 (with Retry-After) when the user posted too many of kind lately."""
    wait = seconds_until_allowed(user, kind)
    if wait:
        raise TooManyRequests(retry_after=wait)


def count_post(user: User, kind: str = "contribution") -> None:
    """Count one stored post of kind against the user's limit."""
    if counters_enabled():
        window_limiter().hit(_limit(kind), kind, _key(user))
