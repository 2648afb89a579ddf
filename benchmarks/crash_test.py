"""Crash test: API load while gunicorn is SIGKILLed and restarted, plus a backup during writes.

A fresh instance (as in api_load.py); N clients POST unique contributions for --duration
seconds (longer if restarts are slow). At evenly spaced moments, each as soon as rows are
being written again, the whole gunicorn process group (master and both workers) gets
SIGKILL in the middle of requests and is started again. Then `flask db backup` runs while
the clients keep writing. Afterwards:
  - every acknowledged (201) client_ref is in the database (missing must be 0);
  - SQLite: PRAGMA integrity_check is "ok", no foreign-key violations;
    PostgreSQL: no orphans, no duplicate client_refs, every index valid;
  - the backup restores: SQLite integrity_check "ok"; PostgreSQL pg_restore into a fresh
    database; its row count lies between the counts just before and just after the backup.

Run (SQLite):      .venv/bin/python benchmarks/crash_test.py
Run (PostgreSQL):  .venv/bin/python benchmarks/crash_test.py \
                       --database-url postgresql+psycopg://postgres@127.0.0.1:5432/kp_api
Options: --clients 32 --duration 60 --kills 2 --out result.json
PostgreSQL: the database is emptied, and <name>_restore is created and dropped.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from harness import (
    Instance,
    LoadResult,
    Server,
    consistency,
    consultation_path,
    count_refs_with_prefix,
    machine,
    psycopg_url,
    run_load,
    sqlite_file,
    stored_client_refs,
)


def count_contributions(database_url: str) -> int:
    """Return the number of contribution rows."""
    path = sqlite_file(database_url)
    if path is not None:
        with sqlite3.connect(path, timeout=30) as connection:
            return connection.execute("SELECT count(*) FROM contribution").fetchone()[0]
    import psycopg

    with psycopg.connect(psycopg_url(database_url)) as connection:
        return connection.execute("SELECT count(*) FROM contribution").fetchone()[0]


def wait_for_writes(database_url: str, timeout: float = 60) -> None:
    """Wait until rows are being added (the restarted server is taking requests)."""
    first = count_contributions(database_url)
    deadline = time.monotonic() + timeout
    while count_contributions(database_url) < first + 10 and time.monotonic() < deadline:
        time.sleep(0.2)


def verify_backup(database_url: str, backup: Path) -> dict[str, Any]:
    """Restore the backup and check it; return what was found."""
    if sqlite_file(database_url) is not None:
        with sqlite3.connect(backup) as connection:
            return {
                "integrity_check": connection.execute("PRAGMA integrity_check").fetchone()[0],
                "foreign_key_violations": len(
                    connection.execute("PRAGMA foreign_key_check").fetchall()
                ),
                "contributions": connection.execute("SELECT count(*) FROM contribution").fetchone()[
                    0
                ],
            }
    import psycopg

    libpq = psycopg_url(database_url)
    base, _, name = libpq.rpartition("/")
    name = name.split("?")[0]
    restore_name = f"{name}_restore"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{restore_name}"')
        admin.execute(f'CREATE DATABASE "{restore_name}"')
    try:
        completed = subprocess.run(
            [
                shutil.which("pg_restore") or "pg_restore",
                "--no-owner",
                "--exit-on-error",
                f"--dbname={base}/{restore_name}",
                str(backup),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if completed.returncode != 0:
            return {"restore": "failed", "stderr": completed.stderr[-1000:]}
        checked = consistency(f"{base}/{restore_name}")
        checked["restore"] = "ok"
        return checked
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{restore_name}"')


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", help="PostgreSQL URL (default: a fresh SQLite file)")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--kills", type=int, default=2, help="SIGKILLs during the run")
    parser.add_argument("--out", type=Path, help="write the figures as JSON here too")
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="kernpunt-crash-"))
    kind = "postgresql" if (args.database_url or "").startswith("postgres") else "sqlite"
    print(f"# crash test, {kind}, {args.clients} clients, {args.duration:.0f} s; {machine()}")
    print(f"# instance folder: {folder}")
    instance = Instance.create(folder / "instance", args.database_url)
    server = Server("wsgi:app", instance.env, instance.folder / "gunicorn.log")
    server.start()
    path = consultation_path(server.port)
    run_load(lambda: server.port, path, label="warm", clients=4, duration=3, token=instance.token)

    results: list[LoadResult] = []
    stop = threading.Event()
    load = threading.Thread(
        target=lambda: results.append(
            run_load(
                lambda: server.port,
                path,
                label="crash",
                clients=args.clients,
                duration=args.duration * 10,  # ended by `stop`, after every event has happened
                token=instance.token,
                stop_early=stop,
            )
        )
    )
    started = time.monotonic()
    load.start()
    events: list[dict[str, Any]] = []
    kill_times = [args.duration * (k + 1) / (args.kills + 2) for k in range(args.kills)]
    backup_at = args.duration * (args.kills + 1) / (args.kills + 2)
    for moment in kill_times:
        time.sleep(max(0.0, moment - (time.monotonic() - started)))
        # Kill only while contributions are being stored (after a restart, once it takes
        # requests again), so that the kill lands in the middle of transactions.
        wait_for_writes(instance.database_url)
        before = count_contributions(instance.database_url)
        server.kill()
        killed_at = time.monotonic() - started
        time.sleep(1.0)
        server.start()
        events.append(
            {
                "sigkill_at_s": round(killed_at, 1),
                "rows_before_kill": before,
                "down_s": round(time.monotonic() - started - killed_at, 1),
            }
        )
        print(f"SIGKILL at {killed_at:.1f} s, back after {events[-1]['down_s']} s", flush=True)
    time.sleep(max(0.0, backup_at - (time.monotonic() - started)))
    wait_for_writes(instance.database_url)
    backup = folder / ("backup.sqlite" if kind == "sqlite" else "backup.dump")
    rows_before_backup = count_contributions(instance.database_url)
    output = instance.flask("db", "backup", str(backup))
    rows_after_backup = count_contributions(instance.database_url)
    print(output.strip(), flush=True)
    time.sleep(max(0.0, args.duration - (time.monotonic() - started)))
    stop.set()
    load.join()
    server.stop()

    result = results[0]
    for event in events:
        # Seconds from the SIGKILL to the first 201 answered by the restarted server.
        later = [t for t in result.acknowledged_at if t > event["sigkill_at_s"]]
        event["first_201_after_s"] = round(min(later) - event["sigkill_at_s"], 1) if later else None
    refs = list(result.acknowledged)
    stored = stored_client_refs(instance.database_url, "contribution", refs)
    report: dict[str, Any] = {
        "database": kind,
        "machine": machine(),
        "load": result.summary(),
        "kills": events,
        "missing_acknowledged": len(set(refs) - stored),
        # Stored, but the answer was lost in a crash: the client retries with its client_ref.
        "stored_not_acknowledged": count_refs_with_prefix(
            instance.database_url, f"crash-{result.run_id}-"
        )
        - len(stored),
        "database_after": consistency(instance.database_url),
        "backup": {
            "rows_before": rows_before_backup,
            "rows_after": rows_after_backup,
            "output": output.strip(),
            **verify_backup(instance.database_url, backup),
        },
    }
    print(json.dumps(report, indent=2))
    if args.out:
        args.out.write_text(json.dumps(report, indent=2) + "\n")
    after, copy = report["database_after"], report["backup"]
    ok = (
        report["missing_acknowledged"] == 0
        and report["load"]["clients_failed"] == 0
        and after.get("integrity_check", "ok") == "ok"
        and after.get("foreign_key_violations", 0) == 0
        and after["orphan_contributions"] == 0
        and after["duplicate_client_refs"] == 0
        and after.get("indexes_valid", True)
        and copy.get("integrity_check", "ok") == "ok"
        and copy.get("restore", "ok") == "ok"
        and rows_before_backup <= copy.get("contributions", -1) <= rows_after_backup
        and rows_before_backup < rows_after_backup  # the backup really ran during writes
    )
    print("result:", "OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
