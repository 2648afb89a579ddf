"""/healthz answers while the process lives; /readyz checks database, migrations and Redis."""

from __future__ import annotations

import os

from flask_migrate import stamp

from dialogue import create_app
from dialogue.config import TestConfig
from dialogue.ops.readiness import migration_heads

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
#: Nothing listens on port 1: connecting fails at once.
UNREACHABLE_POSTGRES = "postgresql+psycopg://kernpunt@127.0.0.1:1/kernpunt"
UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


def migrated_app(make_app, **overrides):
    """An app whose database carries the schema and says it is at the migrations' head."""
    app = make_app(**overrides)
    with app.app_context():
        stamp()
    return app


def test_readyz_ready_with_migrated_database_and_redis(make_app):
    app = migrated_app(make_app, REDIS_URL=REDIS_URL)
    response = app.test_client().get("/readyz")
    assert response.status_code == 200, response.json
    assert response.json == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "redis": "ok", "queue": "ok"},
    }


def test_readyz_without_redis_says_not_configured(make_app):
    response = migrated_app(make_app).test_client().get("/readyz")
    assert response.status_code == 200
    assert response.json["checks"]["redis"] == "not configured"


def app_without_database(tmp_path):
    """An app whose database server does not answer."""
    settings = {"SQLALCHEMY_DATABASE_URI": UNREACHABLE_POSTGRES, "INSTANCE_PATH": str(tmp_path)}
    return create_app(type("NoDatabase", (TestConfig,), settings))


def test_healthz_answers_without_touching_anything(tmp_path):
    response = app_without_database(tmp_path).test_client().get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}


def test_readyz_database_down(tmp_path):
    app = app_without_database(tmp_path)
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["status"] == "unavailable"
    assert response.json["checks"]["database"] == "unreachable (OperationalError)"
    assert "127.0.0.1" not in response.get_data(as_text=True)  # no connection details


def test_readyz_redis_down(make_app):
    app = migrated_app(make_app, REDIS_URL=UNREACHABLE_REDIS)
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    checks = response.json["checks"]
    assert checks["database"] == "ok" and checks["migrations"] == "ok"
    assert checks["redis"].startswith("unreachable (") and checks["queue"] == "unknown"


def test_readyz_migrations_behind(make_app):
    app = make_app()  # schema from the models, but no migration recorded
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    head = ", ".join(sorted(migration_heads()))
    assert response.json["checks"]["migrations"] == (
        f"at none, expected {head}: run flask db upgrade"
    )


def test_probes_do_not_wait_for_a_sqlite_writer(make_app, tmp_path):
    """A long write transaction holds SQLite's write lock; /readyz and /metrics only read."""
    import sqlite3

    app = migrated_app(make_app, METRICS_TOKEN="t")
    writer = sqlite3.connect(tmp_path / "separate.sqlite", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        client = app.test_client()
        assert client.get("/readyz").status_code == 200
        metrics = client.get("/metrics", headers={"Authorization": "Bearer t"})
        assert 'kernpunt_state_source_up{source="database"} 1.0' in metrics.get_data(as_text=True)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
