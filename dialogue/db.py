"""Engine settings per database: SQLite pragmas and immediate transactions, PostgreSQL options."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from flask import Flask, current_app, g, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

#: SQLite waits this long (ms) for a lock before "database is locked".
SQLITE_BUSY_TIMEOUT_MS = 30_000

#: Set inside reads_before_write_lock(): a transaction beginning now does not lock yet.
_defer_write_lock: ContextVar[bool] = ContextVar("kernpunt_defer_write_lock", default=False)
#: Key in Connection.info: this connection's transaction has not taken the write lock yet.
_LOCK_DEFERRED = "kernpunt_write_lock_deferred"


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs that name no driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def engine_options(url: str) -> dict[str, Any]:
    """Return create_engine options suited to the database in url."""
    if url.startswith("sqlite"):
        return {"connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}}
    return {"pool_pre_ping": True, "pool_size": 5, "max_overflow": 5}


def init_app(app: Flask) -> None:
    """Normalise the database URL, set engine options before the engine is created, and let
    read-only views run without the write lock."""
    url = normalise_database_url(app.config["SQLALCHEMY_DATABASE_URI"])
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    options = engine_options(url)
    options.update(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    # Registered first: it must run before anything loads the logged-in user.
    app.before_request(_defer_lock_for_read_only_views)
    app.teardown_request(_end_read_only)


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    """Set WAL, busy timeout, foreign keys and durable commits; SQLAlchemy issues BEGIN."""
    if type(dbapi_connection).__module__ != "sqlite3":
        return
    # pysqlite's own BEGIN is deferred; we emit BEGIN IMMEDIATE in _begin_immediate instead.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    # FULL: the WAL is synced to disk at every commit, so a 201 survives a power cut too, as
    # on PostgreSQL. NORMAL was 11% faster on the API here (docs/performance.md) but could lose
    # the last acknowledged input on an operating-system crash.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


@event.listens_for(Engine, "connect")
def _configure_postgresql(dbapi_connection: Any, _record: Any) -> None:
    """Switch PostgreSQL's JIT compiler off for the app's connections.

    JIT starts above a planner cost of 100,000, which the moderation queue and other counts
    over a large consultation reach: compiling then took about 120 ms of a 245 ms query
    (EXPLAIN ANALYZE with 200,000 contributions, docs/performance.md, "At scale"), while
    no query of the app runs long enough to win it back.
    """
    if not type(dbapi_connection).__module__.startswith("psycopg"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("SET jit = off")
    cursor.close()
    dbapi_connection.commit()


@event.listens_for(Engine, "begin")
def _begin_immediate(connection: Any) -> None:
    """Take the write lock at the start: deferred BEGIN lost 90% of concurrent writes here."""
    if connection.dialect.name != "sqlite":
        return
    deferred = _defer_write_lock.get()
    connection.info[_LOCK_DEFERRED] = deferred
    if not deferred:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


@contextmanager
def reading_without_write_lock() -> Iterator[None]:
    """Run the block's reads on SQLite without BEGIN IMMEDIATE (health probes, metrics).

    Transactions that begin inside the block take no write lock: each statement reads the
    latest committed data, and a busy writer neither delays the block nor is delayed by it.
    The block must not write. On PostgreSQL nothing changes.
    """
    marker = _defer_write_lock.set(True)
    try:
        yield
    finally:
        _defer_write_lock.reset(marker)


@contextmanager
def reads_before_write_lock(session: Any) -> Iterator[None]:
    """Run the block's reads without holding SQLite's write lock; take the lock after it.

    SQLite has one write lock for the whole database, and every transaction takes it at
    its first statement (BEGIN IMMEDIATE). A request that spends most of its time reading
    and computing (token lookup, validation, NLP) therefore blocks every other writer for
    all of that time. Inside this block, when the session's transaction starts here, its
    statements run without a transaction (each reads the latest committed data) and
    nothing is flushed; on leaving it, BEGIN IMMEDIATE starts the real transaction, so
    the writes and everything after them are atomic as usual. Checks whose result must
    hold at the moment of writing belong after the block (or in a unique constraint).
    The block must not write. On PostgreSQL, and when a transaction was already running,
    nothing changes.
    """
    marker = _defer_write_lock.set(True)
    try:
        with session.no_autoflush:
            yield
    finally:
        _defer_write_lock.reset(marker)
    connection = session.connection()
    if connection.info.pop(_LOCK_DEFERRED, False):
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def without_write_lock(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a view that only reads: its whole request runs without SQLite's write lock.

    Every transaction takes the lock at its first statement (BEGIN IMMEDIATE), so a public page
    read during a surge would make the residents posting input wait, and the other worker's
    readers too. In a marked request (from before the user is loaded) each statement reads the
    latest committed data on its own. The view must not write. On PostgreSQL nothing changes.
    """
    view.kernpunt_reads_only = True  # type: ignore[attr-defined]
    return view


def _defer_lock_for_read_only_views() -> None:
    view = current_app.view_functions.get(request.endpoint or "")
    if request.method in ("GET", "HEAD") and getattr(view, "kernpunt_reads_only", False):
        g.kernpunt_read_only = _defer_write_lock.set(True)
        # On PostgreSQL at READ COMMITTED each statement reads its own snapshot anyway; in
        # autocommit mode no BEGIN and no ROLLBACK are sent: two of the four round trips of
        # a kept public consultation page (docs/performance.md, "At scale").
        each_statement_commits()


def each_statement_commits() -> None:
    """On PostgreSQL, run the rest of the request's statements in autocommit mode.

    No BEGIN and no COMMIT are sent: each statement is a transaction of its own. Only for a
    request whose reads need no common snapshot and whose writes are each whole in one
    statement (a read-only view; the API post, which stores its input and raises the
    consultation's version in one statement). Does nothing on SQLite or when a transaction
    is already open; the connection goes back to the pool in its usual mode.
    """
    from dialogue.extensions import db

    if db.engine.dialect.name == "postgresql" and not db.session().in_transaction():
        db.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})


def _end_read_only(_error: BaseException | None) -> None:
    marker = g.pop("kernpunt_read_only", None)
    if marker is not None:
        _defer_write_lock.reset(marker)
