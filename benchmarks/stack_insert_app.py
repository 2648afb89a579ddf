"""The stack insert floor: one ORM INSERT per request through Kernpunt's database layer.

A second, framework-level floor beside ``bare_insert_app.py`` (raw driver): a Flask view
that parses the JSON body, adds one row through Flask-SQLAlchemy's session and commits,
with Kernpunt's own engine settings (``dialogue.db``: SQLite WAL, busy timeout,
BEGIN IMMEDIATE; PostgreSQL through psycopg 3 with the same pool options). What the API does
beyond this floor is Kernpunt's own work: authentication, validation, screening and the
duplicate checks. ``api_load.py --floor stack`` measures it; both floors are reported.
Run: ``STACK_DATABASE_URL=sqlite:////tmp/stack.sqlite gunicorn -w 2 stack_insert_app:app``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from flask import Flask, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from dialogue.db import init_app as apply_database_settings

DATABASE_URL = os.environ.get("STACK_DATABASE_URL", "sqlite:////tmp/kernpunt-stack-floor.sqlite")


class Base(DeclarativeBase):
    pass


orm = SQLAlchemy(model_class=Base)


class StackInsert(orm.Model):
    """One stored text, like a contribution without anything around it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    client_ref: Mapped[str] = mapped_column(String(100), unique=True)
    text: Mapped[str] = mapped_column(Text)


app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = DATABASE_URL
apply_database_settings(app)  # same URL normalisation and engine options as Kernpunt
orm.init_app(app)


@app.post("/insert")
def insert():
    body = json.loads(request.get_data())
    row = StackInsert(client_ref=body["client_ref"], text=body["text"])
    orm.session.add(row)
    orm.session.flush()
    receipt = {"id": row.id, "status": "published", "client_ref": row.client_ref}
    orm.session.commit()
    return receipt, 201


@app.get("/health")
def health():
    return {"status": "ok"}


def create_schema() -> None:
    """Create the table and empty it (rows of an earlier run)."""
    with app.app_context():
        orm.create_all()
        orm.session.query(StackInsert).delete()
        orm.session.commit()


if __name__ == "__main__":
    create_schema()
