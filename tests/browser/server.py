"""A real Kernpunt server for the browser tests: own database, demo data, a free port."""

from __future__ import annotations

import logging
import os
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from flask import Flask
from sqlalchemy.engine import make_url
from werkzeug.serving import BaseWSGIServer, make_server

from dialogue import create_app
from dialogue.config import TestConfig
from dialogue.extensions import db
from tests.conftest import stamp_migrations_head


@dataclass(frozen=True)
class LiveServer:
    """A running server: its base URL, the app (for reading the database) and the seed."""

    url: str
    app: Flask
    seed: Any = None

    def __call__(self, path: str = "/") -> str:
        """Return the absolute URL of path."""
        return self.url + path


@contextmanager
def postgres_database(base_url: str) -> Iterator[str]:
    """Create a throw-away PostgreSQL database next to the one in base_url; yield its URL."""
    url = make_url(base_url)
    name = f"kp_browser_{uuid.uuid4().hex[:8]}"
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def database_url(folder: Path) -> Iterator[str]:
    """Yield a database URL of its own: PostgreSQL when DATABASE_URL names it, else SQLite."""
    configured = os.environ.get("DATABASE_URL", "")
    if configured.startswith("postgres"):
        with postgres_database(configured) as url:
            yield url
    else:
        yield f"sqlite:///{folder / 'browser.sqlite'}"


def build_app(url: str, folder: Path, **overrides: object) -> Flask:
    """Build the real app on url with its schema; rate limits off unless overridden."""
    settings = {
        "SQLALCHEMY_DATABASE_URI": url,
        "INSTANCE_PATH": str(folder),
        "TESTING": False,
        "RATELIMIT_ENABLED": False,
        **overrides,
    }
    app = create_app(type("BrowserConfig", (TestConfig,), settings))
    with app.app_context():
        db.create_all()
        # /readyz checks the migrations are at head; the schema made from the models is that.
        stamp_migrations_head()
    return app


@contextmanager
def serve(app: Flask, seed: Any = None) -> Iterator[LiveServer]:
    """Serve app on 127.0.0.1 on a free port in a background thread."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app, seed=seed)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
