"""JSON API v1: see dialogue/api/ for the endpoints and /api/v1/openapi.json for the document."""

from __future__ import annotations

from flask import Blueprint

from dialogue.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# The API authenticates with bearer tokens, never cookies, so CSRF does not apply.
csrf.exempt(bp)
