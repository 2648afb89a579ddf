"""Readiness: the database answers at the migrations' head, Redis and the queue answer."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from redis import Redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from dialogue.db import reading_without_write_lock
from dialogue.extensions import db

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
#: Seconds a readiness probe waits for Redis.
REDIS_TIMEOUT_SECONDS = 2
OK = "ok"
NOT_CONFIGURED = "not configured"


@cache
def migration_heads() -> frozenset[str]:
    """Return the head revisions of the migrations shipped with this version."""
    return frozenset(ScriptDirectory(str(MIGRATIONS)).get_heads())


def redis_connection(url: str) -> Redis:
    """Open a Redis connection that fails within seconds instead of retrying."""
    return Redis.from_url(
        url,
        socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
        socket_timeout=REDIS_TIMEOUT_SECONDS,
        retry=Retry(NoBackoff(), 0),
    )


def database_checks() -> dict[str, str]:
    """Check that the database answers and carries the migrations of this version."""
    try:
        with reading_without_write_lock(), db.engine.connect() as connection:
            current = frozenset(MigrationContext.configure(connection).get_current_heads())
    except Exception as error:
        return {"database": f"unreachable ({type(error).__name__})", "migrations": "unknown"}
    expected = migration_heads()
    if current == expected:
        return {"database": OK, "migrations": OK}
    found = ", ".join(sorted(current)) or "none"
    return {
        "database": OK,
        "migrations": f"at {found}, expected {', '.join(sorted(expected))}: run flask db upgrade",
    }


def queue_checks() -> dict[str, str]:
    """Check that Redis answers and the RQ queue can be read, when Redis is configured."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        return {"redis": NOT_CONFIGURED, "queue": NOT_CONFIGURED}
    from rq import Queue

    from dialogue.jobs import QUEUE_NAME

    connection = redis_connection(url)
    try:
        connection.ping()
    except Exception as error:
        connection.close()
        return {"redis": f"unreachable ({type(error).__name__})", "queue": "unknown"}
    try:
        Queue(QUEUE_NAME, connection=connection).count  # noqa: B018 - reads the queue
    except Exception as error:
        return {"redis": OK, "queue": f"unreadable ({type(error).__name__})"}
    finally:
        connection.close()
    return {"redis": OK, "queue": OK}


def readiness() -> tuple[bool, dict[str, str]]:
    """Run every check; ready when none failed."""
    checks = database_checks() | queue_checks()
    return all(value in (OK, NOT_CONFIGURED) for value in checks.values()), checks
