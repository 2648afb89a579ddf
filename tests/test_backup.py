"""Online backups taken while another thread writes restore to a consistent database."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import threading
import time

import pytest
from flask import Flask
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from dialogue import create_app
from dialogue.backup import BackupError, backup_database, pg_dump_command
from dialogue.config import TestConfig
from dialogue.contributions.models import Contribution, ContributionStatus
from dialogue.extensions import db
from tests.conftest import ON_POSTGRES
from tests.factories import make_consultation


class Writer(threading.Thread):
    """Insert one contribution per transaction until stopped."""

    def __init__(self, app: Flask, consultation_id: int) -> None:
        super().__init__(daemon=True)
        self.app = app
        self.consultation_id = consultation_id
        self.stop = threading.Event()
        self.written = 0
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            with self.app.app_context():
                while not self.stop.is_set():
                    db.session.add(
                        Contribution(
                            consultation_id=self.consultation_id,
                            text=f"Schrijven tijdens de back-up, rij {self.written}.",
                            status=ContributionStatus.PUBLISHED,
                        )
                    )
                    db.session.commit()
                    self.written += 1
                db.session.remove()
        except BaseException as error:  # reported by the test
            self.error = error


def count_rows() -> int:
    return db.session.scalar(select(func.count(Contribution.id))) or 0


def backup_during_writes(app: Flask, destination) -> tuple[int, int]:
    """Back up while a writer runs; return the row counts just before and just after."""
    with app.app_context():
        consultation_id = make_consultation().id
        db.session.commit()
        # On SQLite every transaction takes the write lock (BEGIN IMMEDIATE): hold none here.
        db.session.remove()
        writer = Writer(app, consultation_id)
        writer.start()
        deadline = time.monotonic() + 10
        while writer.written < 50 and time.monotonic() < deadline:
            time.sleep(0.01)
        before = count_rows()
        db.session.remove()
        backup_database(destination)
        after = count_rows()
        db.session.remove()
        while writer.written < after + 20 and time.monotonic() < deadline:
            time.sleep(0.01)  # keep writing after the backup too
        writer.stop.set()
        writer.join(10)
        db.session.remove()
    assert writer.error is None, writer.error
    assert before >= 50, "the writer never got going"
    return before, after


@pytest.mark.skipif(ON_POSTGRES, reason="SQLite backup; PostgreSQL has its own test")
def test_sqlite_backup_during_writes_restores_consistently(make_app, tmp_path):
    app = make_app()
    destination = tmp_path / "backup.sqlite"

    before, after = backup_during_writes(app, destination)

    with sqlite3.connect(destination) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("PRAGMA foreign_key_check").fetchall() == []
        copied, highest = copy.execute("SELECT count(*), max(id) FROM contribution").fetchone()
    assert before <= copied <= after
    # One row per transaction: a consistent snapshot holds every id up to its highest.
    assert highest == copied
    restored = create_app(
        type(
            "RestoredConfig",
            (TestConfig,),
            {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{destination}", "INSTANCE_PATH": str(tmp_path)},
        )
    )
    with restored.app_context():
        assert count_rows() == copied
        db.session.remove()
        db.engine.dispose()


@pytest.mark.skipif(ON_POSTGRES, reason="SQLite backup")
def test_flask_db_backup_command(make_app, tmp_path):
    app = make_app()
    with app.app_context():
        make_consultation()
        db.session.commit()
    destination = tmp_path / "copies" / "kernpunt.sqlite"

    result = app.test_cli_runner().invoke(args=["db", "backup", str(destination)])

    assert result.exit_code == 0, result.output
    assert "sqlite backup" in result.output and "ok" in result.output
    with sqlite3.connect(destination) as copy:
        assert copy.execute("SELECT count(*) FROM consultation").fetchone()[0] == 1
    assert not destination.with_name("kernpunt.sqlite.partial").exists()


def test_in_memory_database_is_refused(make_app, tmp_path):
    app = make_app(SQLALCHEMY_DATABASE_URI="sqlite://")

    result = app.test_cli_runner().invoke(args=["db", "backup", str(tmp_path / "x.sqlite")])

    assert result.exit_code != 0
    assert "in-memory" in result.output


def test_pg_dump_keeps_the_password_out_of_the_command_line(tmp_path):
    if shutil.which("pg_dump") is None:
        with pytest.raises(BackupError):
            pg_dump_command(make_url("postgresql://u:secret@h/d"), tmp_path / "d.dump")
        return
    url = make_url("postgresql+psycopg://kp:s3cret@db.internal:5433/kernpunt")

    command, env = pg_dump_command(url, tmp_path / "d.dump")

    assert not any("s3cret" in part for part in command)
    assert env["PGPASSWORD"] == "s3cret"
    assert "--dbname=kernpunt" in command and "--port=5433" in command


@pytest.mark.postgres
@pytest.mark.slow
def test_postgresql_backup_during_writes_restores_consistently(app, db, tmp_path):
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    destination = tmp_path / "backup.dump"
    restore_name = f"{url.database}_restore_{os.getpid()}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")

    before, after = backup_during_writes(app, destination)

    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{restore_name}"'))
        connection.execute(text(f'CREATE DATABASE "{restore_name}"'))
    try:
        command, env = pg_dump_command(url.set(database=restore_name), destination)
        restore = [shutil.which("pg_restore") or "pg_restore", "--no-owner", "--exit-on-error"]
        restore += [part for part in command[1:] if part.split("=")[0] in _CONNECTION_OPTIONS]
        restore.append(str(destination))
        completed = subprocess.run(restore, env=env, capture_output=True, text=True, check=False)
        assert completed.returncode == 0, completed.stderr
        restored = create_engine(url.set(database=restore_name))
        with restored.connect() as connection:
            copied, highest, lowest = connection.execute(
                text("SELECT count(*), max(id), min(id) FROM contribution")
            ).one()
            orphans = connection.execute(
                text(
                    "SELECT count(*) FROM contribution c LEFT JOIN consultation k "
                    "ON k.id = c.consultation_id WHERE k.id IS NULL"
                )
            ).scalar()
        restored.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{restore_name}"'))
        admin.dispose()
    assert before <= copied <= after
    assert highest - lowest + 1 == copied
    assert orphans == 0


_CONNECTION_OPTIONS = {"--host", "--port", "--username", "--dbname"}
