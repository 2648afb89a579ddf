"""The Town Deal partners' overview: themes and signals of all municipalities, aggregated."""

from __future__ import annotations

from itertools import groupby

from flask import Blueprint, render_template

from dialogue.accounts.models import Role
from dialogue.security import role_required
from dialogue.themes.dashboard import network_overview

bp = Blueprint("network", __name__, url_prefix="/netwerk")


@bp.get("/")
@role_required(Role.NETWORK)
def overview():
    rows = network_overview()
    grouped = [(name, list(items)) for name, items in groupby(rows, key=lambda r: r.municipality)]
    return render_template("network/overview.html", municipalities=grouped)
