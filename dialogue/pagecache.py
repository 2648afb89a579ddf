"""Public pages rendered once for every logged-out visitor, and answered with 304 when unchanged.

What a logged-out visitor sees on the home, municipality and consultation pages is the same
for everyone until something changes. A view names what its page depends on (key parts:
ids, versions, phases); the page is rendered once per key and language and kept in
Flask-Caching (Redis when REDIS_URL is set, in-process otherwise). The parts that differ per
visitor are rendered as slots (unguessable placeholders) and filled in per request: the CSRF
token and the input form's one-time reference. Logged-in visitors, visitors with a flash
message waiting and unknown query parameters always get a fresh render.

Conditional requests: the ETag covers the key, the visitor's CSRF secret, the hour (signed
CSRF tokens age) and the visitor's last form post (a replayed form reference would be taken
for a double submit); a matching If-None-Match, or an If-Modified-Since not older than the
page's last change, gets 304 without rendering.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from flask import Flask, Response, current_app, g, make_response, request, session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from dialogue.extensions import cache
from dialogue.timeutil import utcnow

#: Session key: when this visitor last posted a form (Unix time).
POSTED_AT = "posted_at"
#: Longest query parameter value a cached page accepts (anything else renders uncached).
MAX_ARGUMENT_LENGTH = 12
_RENDERING = "_kernpunt_page_slots"


def init_app(app: Flask) -> None:
    """Set up the cache backend and remember each visitor's form posts."""
    cache.init_app(app)
    app.after_request(_remember_post)


def _remember_post(response: Response) -> Response:
    if request.method == "POST" and response.status_code in (302, 303) and session is not None:
        session[POSTED_AT] = int(utcnow().replace(tzinfo=UTC).timestamp())
    return response


def _slot(name: str) -> str:
    digest = hmac.new(
        current_app.config["SECRET_KEY"].encode(), f"page-slot:{name}".encode(), hashlib.sha256
    ).hexdigest()
    return f"kp-slot-{digest[:32]}"


def rendering_for_cache() -> bool:
    """Whether the page being rendered is kept for every visitor (slots instead of values)."""
    return bool(g.get(_RENDERING))


def visitor_value(name: str, value: str) -> str:
    """Return value, or its slot while rendering for the cache (filled in per request)."""
    return _slot(name) if rendering_for_cache() else value


_FILLERS: dict[str, Callable[[], str]] = {
    "csrf_token": generate_csrf,
    "form_ref": lambda: secrets.token_urlsafe(16),
}


@contextmanager
def _slots() -> Iterator[None]:
    """Render with slots: Flask-WTF takes the token from g when it is there."""
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    before = g.pop(field, None)
    setattr(g, field, _slot("csrf_token"))
    setattr(g, _RENDERING, True)
    try:
        yield
    finally:
        g.pop(_RENDERING, None)
        g.pop(field, None)
        if before is not None:
            setattr(g, field, before)


def _fill(html: str) -> str:
    for name, make in _FILLERS.items():
        slot = _slot(name)
        if slot in html:
            html = html.replace(slot, make())
    return html


def cacheable(allowed_arguments: Iterable[str] = ()) -> bool:
    """Whether this request may get the page every logged-out visitor gets."""
    if not current_app.config.get("PUBLIC_PAGE_CACHE", True) or request.method != "GET":
        return False
    if current_user.is_authenticated or session.get("_flashes"):
        return False
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
) -> Response:
    """Answer with the page for key_parts: from the cache, 304, or rendered (and kept)."""
    if not cacheable(arguments):
        return make_response(render())
    now = utcnow()
    key = "page:" + _digest(request.full_path, str(get_locale()), now.date(), key_parts)
    last_modified = _last_modified(changed, now)
    etag = _etag(key, now)
    if _not_modified(etag, last_modified):
        response = Response(status=304)
    else:
        html = cache.get(key)
        if html is None:
            with _slots():
                html = render()
            cache.set(key, html)
        response = make_response(_fill(html))
        etag = _etag(key, now)  # the first visit made the CSRF secret just now
    if etag:
        response.set_etag(etag)
    response.last_modified = last_modified.replace(tzinfo=UTC)
    response.headers["Cache-Control"] = "private, no-cache"
    response.vary.add("Cookie")
    return response


__all__ = ["public_page", "rendering_for_cache", "visitor_value"]
