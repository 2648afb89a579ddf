"""Shared pieces of the API load and crash benchmarks: instance, gunicorn, clients, checks.

Everything runs on 127.0.0.1 with a free port and a fresh instance folder; nothing here
touches another database than the one it is given.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BENCH_EMAIL = "bench-resident@example.org"


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def sqlite_file(url: str) -> Path | None:
    """Return the file of a sqlite:/// URL, None for other databases."""
    if url.startswith("sqlite:///"):
        return Path(url.removeprefix("sqlite:///"))
    return None


def psycopg_url(url: str) -> str:
    """Return a libpq URL for a SQLAlchemy PostgreSQL URL."""
    for prefix in ("postgresql+psycopg://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql://" + url[len(prefix) :]
    return url


def reset_postgresql(url: str) -> None:
    """Empty the benchmark's own PostgreSQL database (drop and recreate schema public)."""
    import psycopg

    with psycopg.connect(psycopg_url(url), autocommit=True) as connection:
        connection.execute("DROP SCHEMA IF EXISTS public CASCADE")
        connection.execute("CREATE SCHEMA public")


@dataclass
class Instance:
    """A fresh Kernpunt instance: folder, database, environment, a resident's API token."""

    folder: Path
    database_url: str
    env: dict[str, str] = field(default_factory=dict)
    token: str = ""
    #: Tokens of further residents (--residents N), made in one go.
    extra_tokens: list[str] = field(default_factory=list)

    @classmethod
    def create(cls, folder: Path, database_url: str | None, residents: int = 1) -> Instance:
        """Make the folder and schema, load the demo municipality, create a token."""
        folder.mkdir(parents=True, exist_ok=True)
        url = database_url or f"sqlite:///{folder / 'kernpunt.sqlite'}"
        if url.startswith("postgres"):
            reset_postgresql(url)
        env = dict(os.environ)
        env.update(
            {
                "KERNPUNT_INSTANCE_PATH": str(folder),
                "DATABASE_URL": url,
                "KERNPUNT_RATELIMIT_ENABLED": "false",
                "KERNPUNT_ENV": "development",
                "FLASK_APP": str(ROOT / "wsgi.py"),
                "PYTHONPATH": str(ROOT),
            }
        )
        env.pop("REDIS_URL", None)
        instance = cls(folder=folder, database_url=url, env=env)
        instance.run_python(
            "from dialogue import create_app\n"
            "from dialogue.extensions import db\n"
            "app = create_app()\n"
            "with app.app_context():\n"
            "    db.create_all()\n"
        )
        # Cheap password hashing for the set-up users only; requests use bearer tokens.
        setup_env = {"KERNPUNT_ARGON2_FAST": "true"}
        instance.flask("demo", "load", extra_env=setup_env)
        instance.flask("users", "create", BENCH_EMAIL, extra_env=setup_env)
        instance.token = instance.flask("tokens", "create", BENCH_EMAIL).strip().splitlines()[-1]
        if residents > 1:
            output = instance.run_python(
                "from dialogue import create_app\n"
                "from dialogue.accounts.services import create_api_token, create_user\n"
                "from dialogue.extensions import db\n"
                "app = create_app()\n"
                "with app.app_context():\n"
                f"    for n in range(1, {residents}):\n"
                "        user = create_user(f'bench-{n}@example.org', 'x' * 12, confirmed=True)\n"
                "        print(create_api_token(user))\n"
                "    db.session.commit()\n",
                extra_env=setup_env,
            )
            instance.extra_tokens = output.split()
        return instance

    @property
    def tokens(self) -> list[str]:
        """Every resident's token, the CLI-made one first."""
        return [self.token, *self.extra_tokens]

    def run_python(self, code: str, extra_env: dict[str, str] | None = None) -> str:
        """Run Python code with the instance's environment; return its output."""
        return subprocess.run(
            [sys.executable, "-c", code],
            env={**self.env, **(extra_env or {})},
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def flask(self, *args: str, extra_env: dict[str, str] | None = None) -> str:
        """Run a flask CLI command for the instance; return its output."""
        env = {**self.env, **(extra_env or {})}
        completed = subprocess.run(
            [str(BIN / "flask"), *args], env=env, cwd=ROOT, capture_output=True, text=True
        )
        if completed.returncode != 0:
            raise RuntimeError(f"flask {' '.join(args)} failed: {completed.stderr[-2000:]}")
        return completed.stdout


class Server:
    """gunicorn with N sync workers in its own process group, so a crash can kill all of it."""

    def __init__(
        self, app: str, env: dict[str, str], log: Path, *, workers: int = 2, cwd: Path = ROOT
    ) -> None:
        self.app = app
        self.env = env
        self.log = log
        self.workers = workers
        self.cwd = cwd
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> None:
        """Start gunicorn and wait until /health answers."""
        log = self.log.open("ab")
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "--workers",
                str(self.workers),
                "--worker-class",
                "sync",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "60",
                self.app,
            ],
            env=self.env,
            cwd=self.cwd,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited early; see {self.log}")
            try:
                # A long timeout: under load the probe waits in the listen queue behind
                # the clients, and re-connecting would only put it at the back again.
                status, _ = request("GET", self.port, "/health", timeout=timeout)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not answer within {timeout} s; see {self.log}")

    def kill(self) -> None:
        """SIGKILL the master and every worker at once (a crash, not a shutdown)."""
        if self.process is None:
            return
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)
        self.process = None

    def stop(self) -> None:
        """Shut gunicorn down gracefully."""
        if self.process is None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        self.process = None


#: The input every benchmark client posts, after its unique "Meting <client_ref>:".
BENCH_TEXT = "de oversteek bij de school is te druk in de ochtend."


def request(
    method: str,
    port: int,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30,
) -> tuple[int, bytes]:
    """Send one request on a new connection (sync workers close it after each response)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@dataclass
class LoadResult:
    """What the clients saw during one load run."""

    label: str
    duration: float
    #: Every client_ref of the run starts with f"{label}-{run_id}-".
    run_id: str = ""
    latencies_ms: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    connection_errors: int = 0
    #: Client threads stopped by an unexpected exception (their figures still count).
    clients_failed: int = 0
    acknowledged: dict[str, int] = field(default_factory=dict)
    #: When each 201 arrived, in seconds after the start of the run.
    acknowledged_at: list[float] = field(default_factory=list)
    #: 1-minute load average of the machine before and after the run (other work on it).
    load_average: tuple[float, float] = (0.0, 0.0)

    @property
    def requests(self) -> int:
        return sum(self.statuses.values())

    @property
    def per_second(self) -> float:
        return self.requests / self.duration if self.duration else 0.0

    def percentile(self, share: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    @property
    def server_errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if status >= 500)

    def summary(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "duration_s": round(self.duration, 1),
            "requests": self.requests,
            "requests_per_s": round(self.per_second, 1),
            "p50_ms": round(self.percentile(0.50), 1),
            "p99_ms": round(self.percentile(0.99), 1),
            "mean_ms": round(statistics.fmean(self.latencies_ms), 1) if self.latencies_ms else None,
            "statuses": dict(sorted(self.statuses.items())),
            "5xx": self.server_errors,
            "connection_errors": self.connection_errors,
            "clients_failed": self.clients_failed,
            "acknowledged_201": len(self.acknowledged),
            "load_average_1min": [round(value, 2) for value in self.load_average],
        }


def run_load(
    port_of: Any,
    path: str,
    *,
    label: str,
    clients: int,
    duration: float,
    token: str | list[str] | None = None,
    stop_early: threading.Event | None = None,
) -> LoadResult:
    """POST unique contributions from `clients` threads for `duration` seconds.

    port_of is a callable returning the server's current port (it may restart); with a
    list of tokens, client n uses token n modulo their number.
    """
    run_id = uuid.uuid4().hex[:8]
    result = LoadResult(label=label, duration=duration, run_id=run_id)
    load_before = os.getloadavg()[0]
    lock = threading.Lock()
    start = time.monotonic()
    deadline = start + duration
    tokens = [token] if isinstance(token, str) else list(token or [])

    def client(number: int) -> None:
        headers = {"Content-Type": "application/json"}
        if tokens:
            headers["Authorization"] = f"Bearer {tokens[number % len(tokens)]}"
        latencies: list[float] = []
        statuses: Counter = Counter()
        acknowledged: dict[str, int] = {}
        acknowledged_at: list[float] = []
        errors = 0
        sequence = 0
        finished = False
        try:
            while time.monotonic() < deadline and not (stop_early and stop_early.is_set()):
                sequence += 1
                ref = f"{label}-{run_id}-{number}-{sequence}"
                body = json.dumps(
                    {
                        "text": f"Meting {ref}: {BENCH_TEXT}",
                        "client_ref": ref,
                    }
                ).encode()
                began = time.perf_counter()
                try:
                    status, payload = request("POST", port_of(), path, body, headers, timeout=30)
                except (OSError, http.client.HTTPException):
                    # Server down, or killed while answering (IncompleteRead): not acknowledged.
                    errors += 1
                    time.sleep(0.05)  # retry soon, do not spin
                    continue
                latencies.append((time.perf_counter() - began) * 1000)
                statuses[status] += 1
                if status == 201:
                    acknowledged[ref] = json.loads(payload)["id"]
                    acknowledged_at.append(time.monotonic() - start)
            finished = True
        finally:
            # Whatever stops this client, what it saw counts: a lost thread would hide the
            # acknowledged contributions it was holding from the "missing" check.
            with lock:
                result.latencies_ms.extend(latencies)
                result.statuses.update(statuses)
                result.connection_errors += errors
                result.acknowledged.update(acknowledged)
                result.acknowledged_at.extend(acknowledged_at)
                result.clients_failed += 0 if finished else 1

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.duration = time.monotonic() - start
    result.load_average = (load_before, os.getloadavg()[0])
    return result


def stored_client_refs(database_url: str, table: str, refs: list[str]) -> set[str]:
    """Return which of refs are stored in table.client_ref."""
    found: set[str] = set()
    chunk = 500
    path = sqlite_file(database_url)
    if path is not None:
        with sqlite3.connect(path, timeout=30) as connection:
            for index in range(0, len(refs), chunk):
                part = refs[index : index + chunk]
                marks = ",".join("?" * len(part))
                rows = connection.execute(
                    f"SELECT client_ref FROM {table} WHERE client_ref IN ({marks})",  # noqa: S608
                    part,
                )
                found.update(row[0] for row in rows)
        return found
    import psycopg

    with psycopg.connect(psycopg_url(database_url)) as connection:
        for index in range(0, len(refs), chunk):
            part = refs[index : index + chunk]
            rows = connection.execute(
                f"SELECT client_ref FROM {table} WHERE client_ref = ANY(%s)",  # noqa: S608
                (part,),
            )
            found.update(row[0] for row in rows)
    return found


def count_refs_with_prefix(database_url: str, prefix: str, table: str = "contribution") -> int:
    """Count rows of table (contribution or a floor's table) whose client_ref starts with prefix."""
    query = f"SELECT count(*) FROM {table} WHERE client_ref LIKE {{mark}}"  # noqa: S608
    path = sqlite_file(database_url)
    if path is not None:
        with sqlite3.connect(path, timeout=30) as connection:
            return connection.execute(query.format(mark="?"), (prefix + "%",)).fetchone()[0]
    import psycopg

    with psycopg.connect(psycopg_url(database_url)) as connection:
        return connection.execute(query.format(mark="%s"), (prefix + "%",)).fetchone()[0]


def consistency(database_url: str) -> dict[str, Any]:
    """Check the database after a run: integrity (SQLite) or constraint sanity (PostgreSQL)."""
    path = sqlite_file(database_url)
    orphans_sql = (
        "SELECT count(*) FROM contribution c LEFT JOIN consultation k "
        "ON k.id = c.consultation_id WHERE k.id IS NULL"
    )
    duplicates_sql = (
        "SELECT count(*) FROM (SELECT author_id, client_ref FROM contribution "
        "WHERE client_ref IS NOT NULL GROUP BY author_id, client_ref HAVING count(*) > 1) d"
    )
    if path is not None:
        with sqlite3.connect(path, timeout=30) as connection:
            return {
                "integrity_check": connection.execute("PRAGMA integrity_check").fetchone()[0],
                "foreign_key_violations": len(
                    connection.execute("PRAGMA foreign_key_check").fetchall()
                ),
                "orphan_contributions": connection.execute(orphans_sql).fetchone()[0],
                "duplicate_client_refs": connection.execute(duplicates_sql).fetchone()[0],
                "contributions": connection.execute("SELECT count(*) FROM contribution").fetchone()[
                    0
                ],
            }
    import psycopg

    with psycopg.connect(psycopg_url(database_url)) as connection:
        return {
            "orphan_contributions": connection.execute(orphans_sql).fetchone()[0],
            "duplicate_client_refs": connection.execute(duplicates_sql).fetchone()[0],
            "contributions": connection.execute("SELECT count(*) FROM contribution").fetchone()[0],
            "indexes_valid": connection.execute(
                "SELECT bool_and(indisvalid) FROM pg_index i JOIN pg_class c "
                "ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public'"
            ).fetchone()[0],
        }


def consultation_path(port: int) -> str:
    """Return the contribution URL of the demo's open consultation."""
    status, payload = request("GET", port, "/api/v1/consultations")
    if status != 200:
        raise RuntimeError(f"GET /api/v1/consultations answered {status}")
    open_ones = [item for item in json.loads(payload)["items"] if item["status"] == "open"]
    return f"/api/v1/consultations/{open_ones[0]['id']}/contributions"


def machine() -> str:
    """Describe the machine in one line."""
    return f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, {sys.platform}"
