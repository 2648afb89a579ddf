"""The page floor: one indexed read of a page of published input and one template render.

What a public page cannot do with less: a Flask view that reads 20 published texts of one
consultation with one query on Kernpunt's own table and index
(``ix_contribution_consultation_status_created``), through Flask-SQLAlchemy with Kernpunt's
engine settings (``dialogue.db``), and renders them with one Jinja template. Kernpunt's public
pages are compared with it in ``public_pages.py``, as ratios in one run.
Run: ``FLOOR_DATABASE_URL=sqlite:////tmp/kernpunt.sqlite gunicorn -w 2 page_floor_app:app``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from flask import Flask, render_template, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from dialogue.db import init_app as apply_database_settings

DATABASE_URL = os.environ.get("FLOOR_DATABASE_URL", "sqlite:////tmp/kernpunt-page-floor.sqlite")
PER_PAGE = 20

PAGE_QUERY = text(
    "SELECT id, COALESCE(redacted_text, text) AS public_text, created_at FROM contribution"
    " WHERE consultation_id = :consultation_id AND status = 'published'"
    " ORDER BY created_at DESC LIMIT :limit OFFSET :offset"
)

app = Flask(__name__, template_folder=str(Path(__file__).resolve().parent / "templates"))
app.config["SQLALCHEMY_DATABASE_URI"] = DATABASE_URL
apply_database_settings(app)  # same URL normalisation and engine options as Kernpunt
orm = SQLAlchemy()
orm.init_app(app)


@app.get("/page/<int:consultation_id>")
def page(consultation_id: int):
    number = request.args.get("page", "1")
    offset = (int(number) - 1) * PER_PAGE if number.isdigit() else 0
    rows = orm.session.execute(
        PAGE_QUERY, {"consultation_id": consultation_id, "limit": PER_PAGE, "offset": offset}
    ).all()
    return render_template("floor_page.html", rows=rows)


@app.get("/health")
def health():
    return {"status": "ok"}
