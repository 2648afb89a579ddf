"""Account pages: register, confirm, log in (with two-factor for officials), reset, delete."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("accounts", __name__, url_prefix="/account")
