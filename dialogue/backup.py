"""Online backups while the app keeps writing: SQLite's backup API, pg_dump for PostgreSQL."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import URL, make_url

from dialogue.extensions import db


class BackupError(RuntimeError):
    """The backup could not be made; the message says why."""


@dataclass(frozen=True)
class BackupResult:
    """What a backup produced."""

    path: Path
    kind: str
    size: int
    seconds: float
    integrity: str


def sqlite_path(url: URL) -> Path:
    """Return the file of a SQLite URL; in-memory databases cannot be backed up."""
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return Path(url.database)


def backup_sqlite(source: Path, destination: Path) -> str:
    """Copy a live SQLite database with the online backup API; return its integrity check."""
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    if not source.is_file():
        raise BackupError(f"no database file at {source}")
    source_connection = sqlite3.connect(source, timeout=30)
    target_connection = sqlite3.connect(partial)
    try:
        # One step (pages=-1): the copy is a single read snapshot, so writers that commit
        # meanwhile neither block it nor make it start over.
        source_connection.backup(target_connection, pages=-1)
        target_connection.execute("PRAGMA journal_mode=DELETE")
        integrity = target_connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        target_connection.close()
        source_connection.close()
    if integrity != "ok":
        partial.unlink(missing_ok=True)
        raise BackupError(f"the copy failed its integrity check: {integrity}")
    partial.replace(destination)
    return integrity


def pg_dump_command(url: URL, destination: Path) -> tuple[list[str], dict[str, str]]:
    """Return the pg_dump command line and environment (the password stays out of argv)."""
    executable = shutil.which("pg_dump")
    if executable is None:
        raise BackupError("pg_dump not found: install postgresql-client")
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    command = [executable, "--format=custom", "--no-owner", f"--file={destination}"]
    if url.host:
        command.append(f"--host={url.host}")
    if url.port:
        command.append(f"--port={url.port}")
    if url.username:
        command.append(f"--username={url.username}")
    command.append(f"--dbname={url.database}")
    return command, env


def backup_postgresql(url: URL, destination: Path) -> str:
    """Dump a live PostgreSQL database with pg_dump (one consistent snapshot)."""
    partial = destination.with_name(destination.name + ".partial")
    command, env = pg_dump_command(url, partial)
    completed = subprocess.run(  # noqa: S603 - fixed executable, arguments from our own URL
        command, env=env, capture_output=True, text=True, check=False, timeout=3600
    )
    if completed.returncode != 0:
        partial.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed: {completed.stderr.strip()[:500]}")
    partial.replace(destination)
    return "pg_dump snapshot"


def backup_database(destination: Path) -> BackupResult:
    """Back up the app's database to destination while it stays in use."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    destination = destination.resolve()
    destination.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    if url.get_backend_name() == "sqlite":
        integrity = backup_sqlite(sqlite_path(url), destination)
        kind = "sqlite"
    elif url.get_backend_name() == "postgresql":
        integrity = backup_postgresql(url, destination)
        kind = "postgresql"
    else:
        raise BackupError(f"no backup method for {url.get_backend_name()}")
    return BackupResult(
        path=destination,
        kind=kind,
        size=destination.stat().st_size,
        seconds=time.perf_counter() - started,
        integrity=integrity,
    )


@click.command("backup")
@click.argument("destination", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(destination: Path) -> None:
    """Back up the database to DESTINATION while the app runs (restore: see docs/reliability.md)."""
    db.session.remove()
    try:
        result = backup_database(destination)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(
        f"{result.kind} backup: {result.path} ({result.size} bytes, {result.seconds:.2f} s, "
        f"{result.integrity})"
    )


def register() -> None:
    """Add `backup` to Flask-Migrate's `flask db` group."""
    from flask_migrate.cli import db as migrate_group

    migrate_group.add_command(backup_command)
