"""Load the JSON API with concurrent clients and compare it with two insert floors.

For each database: a fresh instance (demo municipality, one resident's API token made with
the flask CLI), gunicorn with 2 sync workers on 127.0.0.1 and a free port,
KERNPUNT_RATELIMIT_ENABLED=false. First the floors, under the same gunicorn and the same
clients: "bare" (benchmarks/bare_insert_app.py: one raw-driver INSERT per request) and
"stack" (benchmarks/stack_insert_app.py: one ORM INSERT through Flask-SQLAlchemy with
Kernpunt's engine settings). Then the API: N clients POST
/api/v1/consultations/<id>/contributions, each with a unique client_ref. Afterwards every
acknowledged (201) client_ref must be in the database.

Run (SQLite):      .venv/bin/python benchmarks/api_load.py
Run (PostgreSQL):  .venv/bin/python benchmarks/api_load.py \
                       --database-url postgresql+psycopg://postgres@127.0.0.1:5432/kp_api
Options: --clients 32 --duration 30 --warmup 5 --floor {bare,stack,both} --skip-floor
         --out result.json
The PostgreSQL database is emptied (schema public dropped): give the benchmark its own.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from harness import (
    Instance,
    LoadResult,
    Server,
    consistency,
    consultation_path,
    machine,
    reset_postgresql,
    run_load,
    stored_client_refs,
)

BENCHMARKS = Path(__file__).resolve().parent


def missing(result: LoadResult, database_url: str, table: str) -> int:
    """Count acknowledged client_refs that are not in the database."""
    refs = list(result.acknowledged)
    return len(set(refs) - stored_client_refs(database_url, table, refs))


#: The floors: (gunicorn app, environment variable for its database URL, table).
FLOORS = {
    "bare": ("bare_insert_app", "BARE_DATABASE_URL", "bare_insert"),
    "stack": ("stack_insert_app", "STACK_DATABASE_URL", "stack_insert"),
}


def measure_floor(
    kind: str,
    folder: Path,
    database_url: str | None,
    clients: int,
    duration: float,
    warmup: float,
) -> dict[str, Any]:
    """Run the same load against a one-INSERT Flask app; return its figures."""
    module, variable, table = FLOORS[kind]
    url = database_url or f"sqlite:///{folder / f'{kind}-floor.sqlite'}"
    if url.startswith("postgres"):
        reset_postgresql(url)
    env = {
        variable: url,
        "PATH": str(Path(sys.executable).parent),
        "KERNPUNT_INSTANCE_PATH": str(folder),
    }
    subprocess.run(
        [sys.executable, str(BENCHMARKS / f"{module}.py")], env=env, check=True, cwd=BENCHMARKS
    )
    server = Server(f"{module}:app", env, folder / f"{kind}-floor-gunicorn.log", cwd=BENCHMARKS)
    server.start()
    try:
        run_load(
            lambda: server.port, "/insert", label=f"{kind}warm", clients=clients, duration=warmup
        )
        result = run_load(
            lambda: server.port, "/insert", label=kind, clients=clients, duration=duration
        )
    finally:
        server.stop()
    summary = result.summary()
    summary["missing_acknowledged"] = missing(result, url, table)
    return summary


def measure_api(instance: Instance, clients: int, duration: float, warmup: float) -> dict[str, Any]:
    """Run the load against Kernpunt's API; return its figures and the database checks."""
    server = Server("wsgi:app", instance.env, instance.folder / "api-gunicorn.log")
    server.start()
    try:
        path = consultation_path(server.port)
        # The first POST in each worker loads the NLP pipeline: warm both workers up first.
        warm = run_load(
            lambda: server.port,
            path,
            label="apiwarm",
            clients=clients,
            duration=warmup,
            token=instance.tokens,
        )
        result = run_load(
            lambda: server.port,
            path,
            label="api",
            clients=clients,
            duration=duration,
            token=instance.tokens,
        )
    finally:
        server.stop()
    summary = result.summary()
    summary["missing_acknowledged"] = missing(result, instance.database_url, "contribution")
    summary["warmup_missing_acknowledged"] = missing(warm, instance.database_url, "contribution")
    summary["database"] = consistency(instance.database_url)
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", help="PostgreSQL URL (default: a fresh SQLite file)")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument(
        "--residents", type=int, default=1, help="spread the clients over this many accounts"
    )
    parser.add_argument("--skip-floor", action="store_true")
    parser.add_argument(
        "--floor",
        choices=["bare", "stack", "both"],
        default="both",
        help="bare: raw driver INSERT; stack: one ORM INSERT through Flask-SQLAlchemy and "
        "dialogue.db (default: both)",
    )
    parser.add_argument("--out", type=Path, help="write the figures as JSON here too")
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="kernpunt-api-load-"))
    kind = "postgresql" if (args.database_url or "").startswith("postgres") else "sqlite"
    print(
        f"# API load, {kind}, {args.clients} clients, {args.residents} resident account(s), "
        f"{args.duration:.0f} s; {machine()}"
    )
    print(f"# instance folder: {folder}")
    report: dict[str, Any] = {
        "database": kind,
        "clients": args.clients,
        "residents": args.residents,
        "duration_s": args.duration,
        "machine": machine(),
        "started": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
    }
    floors = (
        [] if args.skip_floor else (["bare", "stack"] if args.floor == "both" else [args.floor])
    )
    for kind in floors:
        report[f"floor_{kind}"] = measure_floor(
            kind, folder, args.database_url, args.clients, args.duration, args.warmup
        )
        print(f"floor ({kind}):", json.dumps(report[f"floor_{kind}"]))
    instance = Instance.create(folder / "instance", args.database_url, residents=args.residents)
    report["api"] = measure_api(instance, args.clients, args.duration, args.warmup)
    print("api:  ", json.dumps(report["api"]))
    for kind in floors:
        floor_rate = report[f"floor_{kind}"]["requests_per_s"]
        if floor_rate:
            ratio = round(report["api"]["requests_per_s"] / floor_rate, 3)
            report[f"ratio_to_{kind}_floor"] = ratio
            print(f"ratio api/{kind} floor: {ratio:.1%}")
    if args.out:
        args.out.write_text(json.dumps(report, indent=2) + "\n")
    api = report["api"]
    ok = api["missing_acknowledged"] == 0 and api["5xx"] == 0 and api["clients_failed"] == 0
    print("result:", "OK" if ok else "FAILED (missing acknowledged input, 5xx or a failed client)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
