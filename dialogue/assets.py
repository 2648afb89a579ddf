"""Static files under content-hashed names, kept by browsers for a year.

``url_for("static", filename="css/kernpunt.css")`` gives ``/static/css/kernpunt.<digest>.css``,
where the digest is the first 12 hex digits of the file's SHA-256. Such a name never changes
its content, so it is served with ``Cache-Control: public, max-age=31536000, immutable``; a new
version of a file gets a new name. The plain names keep working with the default lifetime
(tests and external links use them).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from flask import Flask, Response, current_app, send_from_directory
from werkzeug.exceptions import NotFound

#: A year, the longest lifetime browsers honour.
HASHED_MAX_AGE = 365 * 24 * 3600
_HASHED = re.compile(r"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{12})(?P<suffix>\.[A-Za-z0-9]+)$")


def init_app(app: Flask) -> None:
    """Give static URLs hashed names and serve those names for a year."""
    app.extensions["kernpunt_asset_digests"] = {}
    app.url_defaults(_hashed_static_url)
    app.view_functions["static"] = serve_static


def _digest(filename: str) -> str | None:
    """Return the content digest of a static file (cached per file and modification time)."""
    folder = Path(current_app.static_folder or "")
    path = (folder / filename).resolve()
    if not path.is_relative_to(folder.resolve()) or not path.is_file():
        return None
    digests: dict[str, tuple[float, str]] = current_app.extensions["kernpunt_asset_digests"]
    modified = path.stat().st_mtime
    known = digests.get(filename)
    if known is None or known[0] != modified:
        known = (modified, hashlib.sha256(path.read_bytes()).hexdigest()[:12])
        digests[filename] = known
    return known[1]


def hashed_name(filename: str) -> str:
    """Return the content-hashed name of a static file (the name itself if it has no suffix)."""
    stem, dot, suffix = filename.rpartition(".")
    digest = _digest(filename) if dot and "/" not in suffix else None
    return f"{stem}.{digest}.{suffix}" if digest else filename


def _hashed_static_url(endpoint: str, values: dict[str, Any]) -> None:
    if endpoint == "static" and "filename" in values:
        values["filename"] = hashed_name(values["filename"])


def serve_static(filename: str) -> Response:
    """Serve a static file; under its hashed name for a year."""
    match = _HASHED.match(filename)
    if match:
        original = match["stem"] + match["suffix"]
        if _digest(original) == match["digest"]:
            response = send_from_directory(
                current_app.static_folder or "", original, max_age=HASHED_MAX_AGE
            )
            response.cache_control.public = True
            response.cache_control.immutable = True
            return response
        if _digest(original) is not None:
            raise NotFound()  # an old version: its content is gone
    return current_app.send_static_file(filename)
