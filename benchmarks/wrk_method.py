"""The floors and the API measured the way docs/architecture.md measured its floors: with wrk.

The shared design quotes floors measured with wrk (32 connections) against gunicorn with 2 sync
workers on loopback: hello world, and one SQLite insert ("about 540 req/s"). `api_load.py`
drives its load from Python threads, which share the two cores with the server and can check
every acknowledged client_ref. This script repeats the design's method, so that our figures
can be set beside the quoted ones:

1. hello: GET /health of benchmarks/bare_insert_app.py (a one-line JSON answer);
2. insert: POST /insert of the same app (one raw-driver INSERT, Kernpunt's database settings);
3. api: POST to Kernpunt's API with a resident's bearer token, KERNPUNT_RATELIMIT_ENABLED=false.

wrk counts answers but keeps no ids, so the durability check is by count: the rows stored under
the run's client_ref prefix must be at least the number of 2xx answers.

Run (SQLite):      .venv/bin/python benchmarks/wrk_method.py
Run (PostgreSQL):  .venv/bin/python benchmarks/wrk_method.py \
                       --database-url postgresql+psycopg://postgres@127.0.0.1:5432/kp_api
Needs wrk (Debian package wrk). The PostgreSQL database is emptied: give it its own.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from harness import (
    Instance,
    Server,
    consistency,
    consultation_path,
    count_refs_with_prefix,
    machine,
    reset_postgresql,
)

BENCHMARKS = Path(__file__).resolve().parent
SCRIPT = BENCHMARKS / "wrk_post.lua"


def run_wrk(
    url: str,
    *,
    connections: int,
    duration: float,
    label: str | None = None,
    token: str | None = None,
    extra: list[str] | None = None,
) -> dict[str, Any]:
    """Run wrk (2 threads) against url; return its figures (POST when label is given).

    extra holds further wrk options, such as ``["--header", "Cookie: ..."]``.
    """
    command = [
        "wrk",
        "--threads",
        "2",
        "--connections",
        str(connections),
        "--duration",
        f"{int(duration)}s",
        "--timeout",
        "30s",
        "--script",
        str(SCRIPT),
        *(extra or []),
        url,
    ]
    if label:
        command += ["--", label, *([token] if token else [])]
    load_before = os.getloadavg()[0]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(row for row in output.splitlines() if row.startswith("WRK_JSON "))
    figures = json.loads(line.removeprefix("WRK_JSON "))
    seconds = figures["duration_us"] / 1_000_000
    return {
        "requests": figures["requests"],
        "requests_per_s": round(figures["requests"] / seconds, 1),
        "p50_ms": round(figures["p50_us"] / 1000, 1),
        "p99_ms": round(figures["p99_us"] / 1000, 1),
        "non_2xx": figures["non_2xx"],
        "socket_errors": sum(
            figures[key] for key in ("connect_errors", "read_errors", "write_errors", "timeouts")
        ),
        "load_average_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }


def durability(database_url: str, table: str, label: str, figures: dict[str, Any]) -> int:
    """Return how many 2xx answers have no stored row (0 when nothing acknowledged was lost).

    wrk may close connections with requests in flight at the end, so more rows than answers
    is expected; fewer would mean acknowledged input was lost.
    """
    acknowledged = figures["requests"] - figures["non_2xx"]
    stored = count_refs_with_prefix(database_url, label, table)
    figures["stored_rows"] = stored
    return max(0, acknowledged - stored)


def measure_floors(
    folder: Path, database_url: str | None, connections: int, duration: float, warmup: float
) -> dict[str, Any]:
    """hello and insert against the bare app."""
    url = database_url or f"sqlite:///{folder / 'bare-floor.sqlite'}"
    if url.startswith("postgres"):
        reset_postgresql(url)
    env = {
        "BARE_DATABASE_URL": url,
        "PATH": str(Path(sys.executable).parent),
        "KERNPUNT_INSTANCE_PATH": str(folder),
    }
    subprocess.run(
        [sys.executable, str(BENCHMARKS / "bare_insert_app.py")],
        env=env,
        check=True,
        cwd=BENCHMARKS,
    )
    server = Server("bare_insert_app:app", env, folder / "bare-gunicorn.log", cwd=BENCHMARKS)
    server.start()
    base = f"http://127.0.0.1:{server.port}"
    try:
        run_wrk(f"{base}/health", connections=connections, duration=warmup)
        hello = run_wrk(f"{base}/health", connections=connections, duration=duration)
        run_wrk(f"{base}/insert", connections=connections, duration=warmup, label="warm")
        label = f"insert-{uuid.uuid4().hex[:8]}"
        insert = run_wrk(f"{base}/insert", connections=connections, duration=duration, label=label)
    finally:
        server.stop()
    insert["missing_acknowledged"] = durability(url, "bare_insert", label, insert)
    return {"hello": hello, "insert": insert}


def measure_api(
    instance: Instance, connections: int, duration: float, warmup: float
) -> dict[str, Any]:
    """POST contributions to the API with wrk; check the stored count and the database."""
    server = Server("wsgi:app", instance.env, instance.folder / "api-gunicorn.log")
    server.start()
    try:
        url = f"http://127.0.0.1:{server.port}{consultation_path(server.port)}"
        run_wrk(
            url, connections=connections, duration=warmup, label="apiwarm", token=instance.token
        )
        label = f"api-{uuid.uuid4().hex[:8]}"
        api = run_wrk(
            url, connections=connections, duration=duration, label=label, token=instance.token
        )
    finally:
        server.stop()
    api["missing_acknowledged"] = durability(instance.database_url, "contribution", label, api)
    api["database"] = consistency(instance.database_url)
    return api


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", help="PostgreSQL URL (default: a fresh SQLite file)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument("--out", type=Path, help="write the figures as JSON here too")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk is not installed: apt-get install -y wrk", file=sys.stderr)
        return 2

    folder = Path(tempfile.mkdtemp(prefix="kernpunt-wrk-"))
    kind = "postgresql" if (args.database_url or "").startswith("postgres") else "sqlite"
    print(
        f"# wrk method, {kind}, {args.connections} connections, {args.duration:.0f} s; {machine()}"
    )
    report: dict[str, Any] = {
        "database": kind,
        "connections": args.connections,
        "duration_s": args.duration,
        "machine": machine(),
        "started": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
    }
    report.update(
        measure_floors(folder, args.database_url, args.connections, args.duration, args.warmup)
    )
    instance = Instance.create(folder / "instance", args.database_url)
    report["api"] = measure_api(instance, args.connections, args.duration, args.warmup)
    for name in ("hello", "insert", "api"):
        print(f"{name + ':':8}", json.dumps(report[name]))
    insert_rate = report["insert"]["requests_per_s"]
    report["ratio_insert_to_hello"] = round(insert_rate / report["hello"]["requests_per_s"], 3)
    report["ratio_api_to_insert"] = round(report["api"]["requests_per_s"] / insert_rate, 3)
    print(f"ratio insert/hello: {report['ratio_insert_to_hello']:.1%}")
    print(f"ratio api/insert:   {report['ratio_api_to_insert']:.1%}")
    if args.out:
        args.out.write_text(json.dumps(report, indent=2) + "\n")
    api = report["api"]
    lost = api["missing_acknowledged"] + report["insert"]["missing_acknowledged"]
    ok = lost == 0 and api["non_2xx"] == 0
    print("result:", "OK" if ok else "FAILED (acknowledged input missing, or non-2xx answers)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
