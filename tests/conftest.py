"""Fixtures: one app and schema per test session, tables emptied after every test."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest
from flask import Flask, g, request_started
from flask.testing import FlaskClient
from sqlalchemy import text

from dialogue import create_app
from dialogue.accounts.models import User
from dialogue.config import TestConfig
from dialogue.extensions import cache, limiter
from dialogue.extensions import db as _db
from dialogue.timeutil import utcnow
from tests import get_writes
from tests.system_tools import is_available, is_required, missing_message, require
from tests.world import World, build_world

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skip = pytest.mark.skip(reason="needs DATABASE_URL pointing at PostgreSQL")
    for item in items:
        if "postgres" in item.keywords and not ON_POSTGRES:
            item.add_marker(skip)
        _skip_without_system_tools(item)


def _skip_without_system_tools(item: pytest.Item) -> None:
    """Mark a test that ``needs(...)`` a missing system tool as skipped, unless CI requires it."""
    tools = [tool for marker in item.iter_markers("needs") for tool in marker.args]
    missing = [tool for tool in tools if not is_available(tool)]
    if missing and not any(is_required(tool) for tool in missing):
        item.add_marker(pytest.mark.skip(reason=missing_message(missing)))


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Fail a test that ``needs(...)`` a system tool CI requires and this machine lacks."""
    for marker in item.iter_markers("needs"):
        require(*marker.args)


def _forget_request_state(sender: Flask, **extra: object) -> None:
    """Drop per-request caches kept in g: tests share one app context (and g) across requests.

    Flask-Login caches the user, Flask-WTF the CSRF token and Flask-Babel the locale in g;
    without this a request would see the user, token or language of an earlier one.
    """
    g.pop("_login_user", None)
    g.pop("_flask_babel", None)
    g.pop(sender.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)


@pytest.fixture(autouse=True)
def _get_requests_never_write() -> Iterator[None]:
    """Fail a test when one of its GET requests committed a write (tests/get_writes.py)."""
    get_writes.install()
    get_writes.recorded.clear()
    yield
    found = get_writes.forbidden(get_writes.recorded)
    get_writes.recorded.clear()
    assert not found, "GET requests must not write:\n" + "\n".join(map(str, found))


def _empty_database() -> None:
    """Drop every table, also those of an older schema (a renamed table, a previous branch)."""
    if _db.engine.dialect.name == "postgresql":
        with _db.engine.begin() as connection:
            connection.exec_driver_sql("DROP SCHEMA public CASCADE")
            connection.exec_driver_sql("CREATE SCHEMA public")
    else:
        _db.drop_all()


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    instance = tmp_path_factory.mktemp("instance")
    application = create_app(type("SessionConfig", (TestConfig,), {"INSTANCE_PATH": str(instance)}))
    request_started.connect(_forget_request_state, application)
    with application.app_context():
        _empty_database()
        _db.create_all()
        stamp_migrations_head()
    yield application
    with application.app_context():
        _db.session.remove()
        _db.engine.dispose()


def stamp_migrations_head() -> None:
    """Record the migrations' head: the schema made from the models is the migrated one
    (`make check-migrations`), so /readyz answers as in production."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from dialogue.ops.readiness import MIGRATIONS

    with _db.engine.begin() as connection:
        MigrationContext.configure(connection).stamp(ScriptDirectory(str(MIGRATIONS)), "heads")


def empty_all_tables() -> None:
    """Delete every row, children first (faster than recreating the schema per test)."""
    _db.session.rollback()
    with _db.engine.begin() as connection:
        for table in reversed(_db.metadata.sorted_tables):
            connection.execute(table.delete())
    _db.session.remove()


@pytest.fixture
def db(app: Flask) -> Iterator:
    with app.app_context():
        yield _db
        empty_all_tables()
        cache.clear()  # pages kept for rows that are gone now


@pytest.fixture
def client(app: Flask, db) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def make_app(tmp_path) -> Iterator[Callable[..., Flask]]:
    """Build a separate app with overrides, on its own SQLite file, schema created."""

    def build(**overrides) -> Flask:
        settings = {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'separate.sqlite'}",
            "INSTANCE_PATH": str(tmp_path),
            **overrides,
        }
        # Flask-SQLAlchemy creates the engine in init_app: the URL must be set before.
        application = create_app(type("SeparateConfig", (TestConfig,), settings))
        request_started.connect(_forget_request_state, application)
        with application.app_context():
            _db.create_all()
        built.append(application)
        return application

    built: list[Flask] = []
    yield build
    for application in built:
        with application.app_context():
            _db.session.remove()
            _db.engine.dispose()
    # The limiter is one object for every app and init_app sets its switch: an app built
    # with RATELIMIT_ENABLED=True would leave limits on for the session's app (429 later).
    limiter.enabled = TestConfig.RATELIMIT_ENABLED


def login(client: FlaskClient, user: User, *, mfa: bool = True) -> FlaskClient:
    """Log user in on client without going through the forms (those are tested separately)."""
    now = utcnow().isoformat()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
        session["login_at"] = now
        session["seen_at"] = now
        session["mfa_ok"] = mfa
    return client


@pytest.fixture
def as_user(client: FlaskClient) -> Callable[[User], FlaskClient]:
    """Return a function that logs a user in on the test client."""
    return lambda user, **kwargs: login(client, user, **kwargs)


@pytest.fixture
def request_context(app: Flask, db) -> Iterator[None]:
    """Run a service test inside a request, as the pages do (for translated messages)."""
    with app.test_request_context():
        yield


@pytest.fixture
def world(db) -> World:
    """The officials' world of tests/world.py, without input: the tests make what they count."""
    return build_world(activity="none")


def database_kind() -> str:
    """Name the database the suite runs on."""
    return "postgresql" if ON_POSTGRES else "sqlite"


__all__ = ["database_kind", "login", "text"]
