"""Request ids and operators' logs: one line per request, as JSON or as text.

The request id comes from the proxy's `X-Request-ID` header when it is short and made of
safe characters, and is made here otherwise. It is sent back in the response header, written
on every log line of the request, and handed to the background jobs the request causes
(dialogue/jobs.py), so one id connects a page, its job and the worker's log.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from flask import Flask, Response, g, has_app_context, request
from flask.logging import default_handler
from sqlalchemy import inspect

#: Header that carries the request id from the proxy and back to the client.
REQUEST_ID_HEADER = "X-Request-ID"
#: What an incoming request id may look like; anything else is replaced by a new one.
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
LOG_FORMATS = ("json", "text")
#: Logger of the one line per request.
request_log = logging.getLogger("dialogue.request")

#: The request id of a job running outside its request (on a worker).
_job_request_id: ContextVar[str | None] = ContextVar("kernpunt_job_request_id", default=None)


def accepted_request_id(value: str | None) -> str:
    """Return the proxy's request id when it is safe to log and echo, a new one otherwise."""
    if value and VALID_REQUEST_ID.fullmatch(value):
        return value
    return uuid.uuid4().hex


def current_request_id() -> str | None:
    """Return the id of the request being handled, or of the request that caused this job."""
    if has_app_context() and "request_id" in g:
        return g.request_id
    return _job_request_id.get()


def set_job_request_id(request_id: str | None) -> object:
    """Log a job's lines under the id of the request that queued it; returns a reset token."""
    return _job_request_id.set(request_id)


def reset_job_request_id(token: Any) -> None:
    """Undo set_job_request_id."""
    _job_request_id.reset(token)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id and extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": current_request_id(),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """A readable line for development: time, level, logger, request id, message, fields."""

    def format(self, record: logging.LogRecord) -> str:
        stamp = datetime.fromtimestamp(record.created, UTC).strftime("%H:%M:%S")
        fields = " ".join(f"{key}={value}" for key, value in getattr(record, "fields", {}).items())
        line = f"{stamp} {record.levelname} {record.name} [{current_request_id() or '-'}] "
        line += " ".join(part for part in (record.getMessage(), fields) if part)
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


def log_format(config: dict[str, Any]) -> str:
    """Return the configured log format: json in production and text in development by default."""
    chosen = config.get("LOG_FORMAT") or (
        "json" if config.get("KERNPUNT_ENV") == "production" else "text"
    )
    if chosen not in LOG_FORMATS:
        raise RuntimeError(f"KERNPUNT_LOG_FORMAT must be json or text, not {chosen!r}.")
    return chosen


def configure_logging(app: Flask) -> None:
    """Send the app's log lines (logger "dialogue" and below) to stderr in the chosen format."""
    logger = logging.getLogger("dialogue")
    formatter = JsonFormatter() if log_format(app.config) == "json" else TextFormatter()
    logger.removeHandler(default_handler)
    for handler in list(logger.handlers):
        if getattr(handler, "kernpunt", False):
            logger.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.kernpunt = True  # type: ignore[attr-defined]
    handler.setFormatter(formatter)
    logger.addHandler(handler)
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.INFO)


def _start_request() -> None:
    g.request_id = accepted_request_id(request.headers.get(REQUEST_ID_HEADER))
    g.request_started = time.perf_counter()
    g.pop("token_user_id", None)  # g outlives a request where an app context was kept (tests)


def request_duration() -> float:
    """Seconds since the request started (0 when the start hook did not run)."""
    started = g.get("request_started")
    return 0.0 if started is None else time.perf_counter() - started


def note_token_user(user_id: int) -> None:
    """Say which user's API token the request used, for its log line."""
    g.token_user_id = user_id


def _logged_in_user_id() -> int | None:
    """The user id when this request loaded a logged-in user or used an API token; never
    queries the database.

    After a commit the user's attributes are expired, so `user.id` would reload the row: the
    id is taken from the identity the session keeps instead.
    """
    user = g.get("_login_user")
    if user is None or user.is_anonymous:
        return g.get("token_user_id")
    state = inspect(user, raiseerr=False)
    return state.identity[0] if state is not None and state.identity else None


def _finish_request(response: Response) -> Response:
    if "request_id" not in g:
        return response
    response.headers[REQUEST_ID_HEADER] = g.request_id
    fields = {
        "method": request.method,
        "route": request.url_rule.rule if request.url_rule else None,
        "status": response.status_code,
        "duration_ms": round(request_duration() * 1000, 1),
        "user_id": _logged_in_user_id(),
    }
    request_log.info("request", extra={"fields": fields})
    return response


def init_app(app: Flask) -> None:
    """Set up logging and the request id hooks; the start hook runs before every other one."""
    configure_logging(app)
    app.before_request_funcs.setdefault(None, []).insert(0, _start_request)
    app.after_request(_finish_request)
