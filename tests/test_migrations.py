"""The migrations build the schema the models describe, on the database under test."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, text

from dialogue import create_app
from dialogue.config import TestConfig
from dialogue.extensions import db as _db
from tests.conftest import ON_POSTGRES


@pytest.fixture
def empty_database(tmp_path):
    """A database URL with no tables: a fresh SQLite file, or a fresh PostgreSQL schema."""
    if not ON_POSTGRES:
        yield f"sqlite:///{tmp_path / 'migrations.sqlite'}"
        return
    import os

    base = os.environ["DATABASE_URL"]
    engine = create_engine(base.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS migration_check CASCADE"))
        connection.execute(text("CREATE SCHEMA migration_check"))
    yield base + ("&" if "?" in base else "?") + "options=-csearch_path%3Dmigration_check"
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS migration_check CASCADE"))
    engine.dispose()


@pytest.mark.slow
def test_upgrade_matches_models_and_downgrades(empty_database, tmp_path):
    app = create_app(
        type("MigrationConfig", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": empty_database})
    )
    with app.app_context():
        upgrade()
        with _db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, _db.metadata)
        assert differences == [], "models and migrations differ: run flask db migrate"
        downgrade(revision="base")
        _db.engine.dispose()


@pytest.mark.slow
def test_fingerprint_migration_fills_existing_rows(empty_database):
    from dialogue.contributions.fingerprint import text_fingerprint

    app = create_app(
        type("MigrationConfig", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": empty_database})
    )
    now = {"now": "2026-11-01 00:00:00"}
    statements = [
        "INSERT INTO municipality (id, name, slug, settings, in_network)"
        " VALUES (1, 'M', 'm', '{}', true)",
        "INSERT INTO consultation (id, municipality_id, slug, title, question, description,"
        " status, moderation_mode, created_at, updated_at)"
        " VALUES (1, 1, 'c', 'T', 'Q', '', 'open', 'post', :now, :now)",
        "INSERT INTO contribution (id, consultation_id, text, status, created_at, updated_at,"
        " theme_locked, channel) VALUES (1, 1, 'Te  HARD rijden', 'published', :now, :now, false, 'web')",
        "INSERT INTO reply (id, contribution_id, text, status, created_at)"
        " VALUES (1, 1, 'Eens, Cafe', 'published', :now)",
    ]
    with app.app_context():
        upgrade(revision="0002")
        with _db.engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement), now)
        upgrade()
        with _db.engine.connect() as connection:
            stored = connection.execute(
                text(
                    "SELECT c.text_fingerprint, r.text_fingerprint FROM contribution c"
                    " JOIN reply r ON r.contribution_id = c.id"
                )
            ).one()
        assert tuple(stored) == (text_fingerprint("te hard rijden"), text_fingerprint("eens, café"))
        downgrade(revision="base")
        _db.engine.dispose()


@pytest.mark.slow
def test_default_reasons_migration_fills_municipalities_without_reasons(empty_database):
    from dialogue.moderation.models import DEFAULT_REASONS

    app = create_app(
        type("MigrationConfig", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": empty_database})
    )
    statements = [
        "INSERT INTO municipality (id, name, slug, settings, in_network)"
        " VALUES (1, 'Zonder', 'zonder', '{}', false), (2, 'Met', 'met', '{}', false)",
        "INSERT INTO moderation_reason (municipality_id, label, position, active, created_at)"
        " VALUES (2, 'Eigen reden', 0, true, '2026-11-01 00:00:00')",
    ]
    with app.app_context():
        upgrade(revision="views_default_reasons-1")
        with _db.engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))
        upgrade()
        with _db.engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT municipality_id, label FROM moderation_reason"
                    " ORDER BY municipality_id, position"
                )
            ).all()
        assert [tuple(row) for row in rows] == [
            *((1, label) for label in DEFAULT_REASONS),
            (2, "Eigen reden"),
        ]
        downgrade(revision="base")
        _db.engine.dispose()


@pytest.mark.slow
def test_kern_migration_keeps_rows_and_renames_constraints(empty_database):
    from sqlalchemy import inspect

    app = create_app(
        type("MigrationConfig", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": empty_database})
    )
    now = {"now": "2026-11-01 00:00:00"}
    statements = [
        "INSERT INTO municipality (id, name, slug, settings, in_network)"
        " VALUES (1, 'M', 'm', '{}', true)",
        "INSERT INTO area (id, municipality_id, name) VALUES (7, 1, 'Holtum')",
        "INSERT INTO consultation (id, municipality_id, slug, title, question, description,"
        " status, moderation_mode, created_at, updated_at, voting)"
        " VALUES (1, 1, 'c', 'T', 'Q', '', 'open', 'post', :now, :now, false)",
        "INSERT INTO consultation_area (consultation_id, area_id) VALUES (1, 7)",
        "INSERT INTO contribution (id, consultation_id, area_id, text, text_fingerprint, status,"
        " created_at, updated_at, theme_locked, channel)"
        " VALUES (1, 1, 7, 'Tekst', 'tekst', 'published', :now, :now, false, 'web')",
    ]
    with app.app_context():
        upgrade(revision="votes_index_anon_voters")
        with _db.engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement), now)
        upgrade()
        with _db.engine.connect() as connection:
            row = connection.execute(
                text(
                    "SELECT k.name, ck.consultation_id, c.kern_id FROM kern k"
                    " JOIN consultation_kern ck ON ck.kern_id = k.id"
                    " JOIN contribution c ON c.kern_id = k.id"
                )
            ).one()
            inspector = inspect(connection)
            names = {
                inspector.get_pk_constraint("kern")["name"],
                inspector.get_pk_constraint("consultation_kern")["name"],
                *(u["name"] for u in inspector.get_unique_constraints("kern")),
                *(i["name"] for i in inspector.get_indexes("kern")),
                *(f["name"] for t in ("contribution", "signal", "consultation_kern", "kern")
                  for f in inspector.get_foreign_keys(t)),
            }  # fmt: skip
            assert "area" not in inspector.get_table_names()
        assert tuple(row) == ("Holtum", 1, 7)
        assert {
            "pk_kern",
            "pk_consultation_kern",
            "uq_kern_municipality_id_name",
            "ix_kern_municipality_id",
            "fk_kern_municipality_id_municipality",
            "fk_contribution_kern_id_kern",
            "fk_signal_kern_id_kern",
            "fk_consultation_kern_kern_id_kern",
            "fk_consultation_kern_consultation_id_consultation",
        } <= names
        assert not [name for name in names if name and "area" in name]
        downgrade(revision="0011_vote")
        with _db.engine.connect() as connection:
            back = connection.execute(
                text("SELECT a.name, c.area_id FROM area a JOIN contribution c ON c.area_id = a.id")
            ).one()
        assert tuple(back) == ("Holtum", 7)
        downgrade(revision="base")
        _db.engine.dispose()
