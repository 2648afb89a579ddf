"""The bare insert floor: a minimal Flask app doing one INSERT per request, nothing else.

It uses the same database settings as Kernpunt (SQLite: WAL, synchronous=FULL,
BEGIN IMMEDIATE, busy timeout; PostgreSQL: psycopg 3) and answers like the API (201 + JSON),
so that `api_load.py` can report the API's throughput as a share of this floor.
Run: ``BARE_DATABASE_URL=sqlite:////tmp/floor.sqlite gunicorn -w 2 bare_insert_app:app``.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from typing import Any

from flask import Flask, request

DATABASE_URL = os.environ.get("BARE_DATABASE_URL", "sqlite:////tmp/kernpunt-bare-floor.sqlite")
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS bare_insert ("
    " id {serial} PRIMARY KEY, client_ref VARCHAR(100) UNIQUE, text TEXT NOT NULL)"
)

app = Flask(__name__)
_local = threading.local()


def _connect() -> Any:
    if DATABASE_URL.startswith("sqlite"):
        connection = sqlite3.connect(
            DATABASE_URL.removeprefix("sqlite:///"), timeout=30, isolation_level=None
        )
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute("PRAGMA busy_timeout=30000")
        return connection
    import psycopg

    url = DATABASE_URL.replace("postgresql+psycopg://", "postgresql://")
    return psycopg.connect(url, autocommit=True)


def connection() -> Any:
    """Return this worker's connection (one per process, like a pool of one)."""
    if getattr(_local, "pid", None) != os.getpid():
        _local.connection = _connect()
        _local.pid = os.getpid()
    return _local.connection


def create_schema() -> None:
    """Create the one table (drop rows of an earlier run)."""
    db = connection()
    sqlite = DATABASE_URL.startswith("sqlite")
    db.execute(SCHEMA.format(serial="INTEGER" if sqlite else "BIGSERIAL"))
    db.execute("DELETE FROM bare_insert")


@app.post("/insert")
def insert():
    body = json.loads(request.get_data())
    db = connection()
    if DATABASE_URL.startswith("sqlite"):
        db.execute("BEGIN IMMEDIATE")
        cursor = db.execute(
            "INSERT INTO bare_insert (client_ref, text) VALUES (?, ?)",
            (body["client_ref"], body["text"]),
        )
        db.execute("COMMIT")
        new_id = cursor.lastrowid
    else:
        new_id = db.execute(
            "INSERT INTO bare_insert (client_ref, text) VALUES (%s, %s) RETURNING id",
            (body["client_ref"], body["text"]),
        ).fetchone()[0]
    return {"id": new_id, "status": "published", "client_ref": body["client_ref"]}, 201


@app.get("/health")
def health():
    return {"status": "ok"}


if __name__ == "__main__":
    create_schema()
