"""The app factory, configuration, headers, error pages and database settings."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from dialogue import create_app
from dialogue.config import Config, TestConfig
from dialogue.db import normalise_database_url
from dialogue.extensions import db as _db
from tests.conftest import ON_POSTGRES

PAGES = ["/", "/privacy", "/toegankelijkheid", "/does-not-exist"]


@pytest.mark.parametrize("path", PAGES)
def test_security_headers_on_every_response(client, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_hsts_only_in_production(app, db, monkeypatch):
    assert "Strict-Transport-Security" not in app.test_client().get("/").headers
    monkeypatch.setitem(app.config, "KERNPUNT_ENV", "production")
    assert "max-age=" in app.test_client().get("/").headers["Strict-Transport-Security"]


def test_not_found_page_is_dutch_and_has_no_trace(client):
    response = client.get("/nergens")
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert "Pagina niet gevonden" in body
    assert "Traceback" not in body


def test_unexpected_error_gives_plain_500(make_app):
    app = make_app()

    @app.get("/_boom")
    def boom():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/_boom")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "secret internals" not in body and "Traceback" not in body
    assert "Er ging iets mis" in body
    assert "Content-Security-Policy" in response.headers


def test_api_errors_are_json(client):
    response = client.get("/api/v1/does-not-exist")
    assert response.status_code == 404
    assert response.is_json and "error" in response.get_json()


def test_english_is_available(client):
    response = client.post("/taal", data={"lang": "en", "next": "/privacy"})
    # CSRF is on: without a token the switch is refused with a clear page.
    assert response.status_code == 400


def test_language_switch_redirects_only_locally(app, db):
    app.config["WTF_CSRF_ENABLED"] = False
    try:
        client = app.test_client()
        response = client.post("/taal", data={"lang": "en", "next": "https://evil.example/"})
        assert response.headers["Location"] == "/"
        page = client.get("/").get_data(as_text=True)
        assert 'lang="en"' in page
    finally:
        app.config["WTF_CSRF_ENABLED"] = True


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    class Production(Config):
        KERNPUNT_ENV = "production"
        SECRET_KEY = None

    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(Production)


def test_generated_secret_key_is_persisted(tmp_path):
    class Local(TestConfig):
        SECRET_KEY = None
        INSTANCE_PATH = str(tmp_path)

    first = create_app(Local).config["SECRET_KEY"]
    second = create_app(Local).config["SECRET_KEY"]
    assert first == second and len(first) >= 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_prefixed_environment_overrides(monkeypatch):
    monkeypatch.setenv("KERNPUNT_PRIVACY_THRESHOLD", "7")
    assert create_app(TestConfig).config["PRIVACY_THRESHOLD"] == 7


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgresql://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgresql+psycopg://u@h/d", "postgresql+psycopg://u@h/d"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_database_url_uses_psycopg3(url, expected):
    assert normalise_database_url(url) == expected


@pytest.mark.skipif(ON_POSTGRES, reason="SQLite settings")
def test_sqlite_pragmas(make_app):
    app = make_app()
    with app.app_context():
        connection = _db.session.connection()
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 30000
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        # 2 = FULL: every commit is on disk before the 201 goes out.
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2


@pytest.mark.skipif(ON_POSTGRES, reason="SQLite settings")
def test_sqlite_transactions_take_the_write_lock_at_begin(make_app):
    """A second writer cannot start while the first transaction is open (BEGIN IMMEDIATE)."""
    import sqlite3

    app = make_app()
    with app.app_context():
        path = _db.engine.url.database
        _db.session.execute(text("SELECT 1"))  # opens the transaction
        other = sqlite3.connect(path, timeout=0.1, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()
        _db.session.rollback()


@pytest.mark.skipif(ON_POSTGRES, reason="SQLite settings")
def test_reads_before_write_lock_lets_other_writers_in_until_the_block_ends(make_app):
    import sqlite3

    from dialogue.db import reads_before_write_lock
    from dialogue.municipalities.models import Municipality

    app = make_app()
    with app.app_context():
        path = _db.engine.url.database
        other = sqlite3.connect(path, timeout=0.1, isolation_level=None)
        with reads_before_write_lock(_db.session):
            assert _db.session.execute(text("SELECT count(*) FROM municipality")).scalar() == 0
            # Another writer commits while the block reads; the next read sees its row.
            other.execute(
                "INSERT INTO municipality (name, slug, settings, in_network)"
                " VALUES ('Ander', 'ander', '{}', 1)"
            )
            assert _db.session.execute(text("SELECT count(*) FROM municipality")).scalar() == 1
        # After the block the write lock is held until the commit.
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        _db.session.add(Municipality(name="Eigen", slug="eigen"))
        _db.session.commit()
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        other.close()
        assert _db.session.execute(text("SELECT count(*) FROM municipality")).scalar() == 2
        _db.session.rollback()


def test_reads_before_write_lock_does_not_flush(make_app):
    from dialogue.db import reads_before_write_lock
    from dialogue.municipalities.models import Municipality

    app = make_app()
    with app.app_context():
        _db.session.add(Municipality(name="Eerst", slug="eerst"))
        with reads_before_write_lock(_db.session):
            # A query would normally flush the pending row first.
            assert _db.session.execute(text("SELECT count(*) FROM municipality")).scalar() == 0
        _db.session.commit()
        assert _db.session.execute(text("SELECT count(*) FROM municipality")).scalar() == 1


@pytest.mark.postgres
def test_runs_on_postgresql(db):
    assert db.engine.dialect.name == "postgresql"
    assert db.engine.dialect.driver == "psycopg"
