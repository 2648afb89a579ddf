"""Public pages rendered once for every logged-out visitor, and answered with 304 when unchanged.

What a logged-out visitor sees on the home, municipality and consultation pages is the same
for everyone until something changes. A view names what its page depends on (key parts:
ids, versions, phases); the page is rendered once per key and language and kept in
Flask-Caching (Redis when REDIS_URL is set, in-process otherwise). The parts that differ per
visitor are rendered as slots (unguessable placeholders) and filled in per request: the CSRF
token and the input form's one-time reference. A view may also keep one page for every
logged-in resident: it then registers the resident's own parts (kept with the page) and fills
them per request (consultations/personal.py). Officials, visitors with a flash message waiting
and unknown query parameters always get a fresh render.

Conditional requests: the ETag covers the key, the visitor's CSRF secret, the hour (signed
CSRF tokens age) and the visitor's last form post (a replayed form reference would be taken
for a double submit); a matching If-None-Match, or an If-Modified-Since not older than the
page's last change, gets 304 without rendering.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from flask import Flask, Response, current_app, g, make_response, request, session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from dialogue.accounts.models import Role
from dialogue.extensions import cache
from dialogue.timeutil import utcnow

#: Session key: when this visitor last posted a form (Unix time).
POSTED_AT = "posted_at"
#: Longest query parameter value a cached page accepts (anything else renders uncached).
MAX_ARGUMENT_LENGTH = 12
_RENDERING = "_kernpunt_page_slots"
_PARTS = "_kernpunt_page_parts"
#: Slots every page may hold, with how each visitor's value is made.
_FILLERS: dict[str, Callable[[], str]] = {
    "csrf-token": generate_csrf,
    "form-ref": lambda: secrets.token_urlsafe(16),
}


def init_app(app: Flask) -> None:
    """Set up the cache backend and remember each visitor's form posts."""
    cache.init_app(app)
    app.after_request(_remember_post)


def _remember_post(response: Response) -> Response:
    if request.method == "POST" and response.status_code in (302, 303):
        session[POSTED_AT] = int(utcnow().replace(tzinfo=UTC).timestamp())
    return response


def _slot_prefix() -> str:
    return _slot_pattern()[0]


def _slot_pattern() -> tuple[str, re.Pattern]:
    """The app's slot prefix (from its secret key: visitors cannot write one) and its pattern."""
    known = current_app.extensions.get("kernpunt_page_slots")
    if known is None:
        digest = hmac.new(
            current_app.config["SECRET_KEY"].encode(), b"page-slot", hashlib.sha256
        ).hexdigest()
        prefix = f"kp-slot-{digest[:32]}-"
        known = (prefix, re.compile(re.escape(prefix) + r"([a-z0-9-]+)"))
        current_app.extensions["kernpunt_page_slots"] = known
    return known


def slot(name: str) -> str:
    """Return the placeholder for a per-visitor part (letters, digits and hyphens in name)."""
    return _slot_prefix() + name


def rendering_for_cache() -> bool:
    """Whether the page being rendered is kept for every visitor (slots instead of values)."""
    return bool(g.get(_RENDERING))


def visitor_value(name: str, value: str) -> str:
    """Return value, or its slot while rendering for the cache (filled in per request)."""
    return slot(name) if rendering_for_cache() else value


def keep_part(kind: str, name: str, value: Any) -> None:
    """Keep value with the page being rendered for the cache (for the page's personalise)."""
    g.setdefault(_PARTS, {}).setdefault(kind, {})[name] = value


@contextmanager
def _slots() -> Iterator[None]:
    """Render with slots: Flask-WTF takes the token from g when it is there."""
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    before = g.pop(field, None)
    setattr(g, field, slot("csrf-token"))
    setattr(g, _RENDERING, True)
    g.pop(_PARTS, None)
    try:
        yield
    finally:
        g.pop(_RENDERING, None)
        g.pop(field, None)
        if before is not None:
            setattr(g, field, before)


def _fill(html: str, values: dict[str, str]) -> str:
    """Replace every slot in one pass: by values, else by a fresh CSRF token or form reference."""
    filled: dict[str, str] = {}

    pattern = _slot_pattern()[1]

    def value(match: re.Match) -> str:
        name = match.group(1)
        if name not in filled:
            if name in values:  # a resident's part may hold slots itself (its CSRF token)
                filled[name] = pattern.sub(value, values[name])
            else:
                filled[name] = _FILLERS.get(name, str)()
        return filled[name]

    return pattern.sub(value, html)


def audience(personal: bool = False) -> str | None:
    """Who may share this request's page: "anonymous", "resident" (personal pages) or None."""
    if not current_app.config.get("PUBLIC_PAGE_CACHE", True) or request.method != "GET":
        return None
    if session.get("_flashes"):
        return None
    if not current_user.is_authenticated:
        return "anonymous"
    if personal and current_user.role == Role.RESIDENT:
        return "resident"
    return None


def _known_arguments(allowed_arguments: Iterable[str]) -> bool:
    allowed = set(allowed_arguments)
    return all(
        name in allowed and len(value) <= MAX_ARGUMENT_LENGTH
        for name, value in request.args.items(multi=True)
    )


def _digest(*parts: Any) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:40]


def _hour_start(now: datetime) -> datetime:
    return now.replace(minute=0, second=0, microsecond=0)


def _last_modified(changed: Iterable[datetime | None], now: datetime) -> datetime:
    """The latest of the page's own changes, the visitor's last post and the start of the hour."""
    posted = datetime.fromtimestamp(session.get(POSTED_AT, 0), UTC).replace(tzinfo=None)
    moments = [moment for moment in changed if moment is not None]
    return max([*moments, posted, _hour_start(now)]).replace(microsecond=0)


def _etag(key: str, now: datetime) -> str | None:
    secret = session.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
    if not secret:
        return None
    return _digest(key, secret, _hour_start(now), session.get(POSTED_AT, 0))


def _not_modified(etag: str | None, last_modified: datetime) -> bool:
    if etag is None:
        return False
    if request.if_none_match:
        return request.if_none_match.contains_weak(etag)
    since = request.if_modified_since
    return since is not None and last_modified <= since.replace(tzinfo=None)


def public_page(
    key_parts: tuple,
    render: Callable[[], str],
    *,
    changed: Iterable[datetime | None] = (),
    arguments: Iterable[str] = (),
    personalise: Callable[[dict[str, Any]], dict[str, str]] | None = None,
) -> Response:
    """Answer with the page for key_parts: from the cache, 304, or rendered (and kept).

    With personalise, logged-in residents share one page too: personalise gets what the
    render kept (keep_part) and returns the resident's values for its slots.
    """
    who = audience(personal=personalise is not None)
    if who is None or not _known_arguments(arguments):
        return make_response(render())
    now = utcnow()
    key = "page:" + _digest(request.full_path, str(get_locale()), now.date(), who, key_parts)
    if who == "resident":
        entry = _entry(key, render)
        return make_response(_fill(entry["html"], personalise(entry["parts"])))  # type: ignore[misc]
    last_modified = _last_modified(changed, now)
    etag = _etag(key, now)
    if _not_modified(etag, last_modified):
        response = Response(status=304)
    else:
        response = make_response(_fill(_entry(key, render)["html"], {}))
        etag = _etag(key, now)  # the first visit made the CSRF secret just now
    if etag:
        response.set_etag(etag)
    response.last_modified = last_modified.replace(tzinfo=UTC)
    response.headers["Cache-Control"] = "private, no-cache"
    response.vary.add("Cookie")
    return response


def _entry(key: str, render: Callable[[], str]) -> dict[str, Any]:
    """Return the kept page for key, rendering (with slots) and keeping it when missing."""
    entry = cache.get(key)
    if entry is None:
        with _slots():
            entry = {"html": render(), "parts": g.pop(_PARTS, {})}
        cache.set(key, entry)
    return entry


__all__ = ["keep_part", "public_page", "rendering_for_cache", "slot", "visitor_value"]
