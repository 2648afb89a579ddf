"""The API beside the stack floor on a kept scale database, in alternating rounds.

The throughput phase of ``scale.py`` for the API alone, repeatable without loading 200,000
contributions again:

    python benchmarks/scale.py --load-only --database kp_scale_dev      # once
    python benchmarks/api_scale.py --database kp_scale_dev --rounds 3

One gunicorn instance (2 sync workers) with the environment of ``scale.py`` (Redis, JSON
request log, rate limits off) serves the kept database; 8 residents' tokens are made; then
each round measures the stack floor (``stack_insert_app.py`` in ``<database>_floor``) and the
API (32 Python clients posting into the largest consultation) right after each other, so
the two share the machine's state. ``--app-root`` serves the API from another checkout of
the code (for example ``git archive main`` unpacked in a folder): a before/after in the same
minutes on the same database. Posting adds rows to the database.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from api_load import measure_floor, missing
from harness import ROOT, Server, machine, run_load
from scale import PG, environment

CLIENTS = 32


#: Run with the serving checkout's code: makes residents' tokens (count in argv[1]) and
#: prints them with the id of the largest consultation.
_MAKE_TOKENS = """
import json, sys, time
from sqlalchemy import func, select
from dialogue import create_app
from dialogue.accounts.services import create_api_token, create_user
from dialogue.contributions.models import Contribution
from dialogue.extensions import db
app = create_app()
with app.app_context():
    largest = db.session.scalar(
        select(Contribution.consultation_id).group_by(Contribution.consultation_id)
        .order_by(func.count().desc()).limit(1))
    stamp = time.time_ns()
    tokens = [create_api_token(create_user(f"api-scale-{stamp}-{n}@example.org",
              "a long enough password 19", confirmed=True)) for n in range(int(sys.argv[1]))]
    db.session.commit()
    print(json.dumps([tokens, largest]))
"""


def _tokens_and_target(env: dict[str, str], root: Path, count: int) -> tuple[list[str], int]:
    """Make count residents' tokens; return them and the largest consultation's id."""
    output = subprocess.run(
        [sys.executable, "-c", _MAKE_TOKENS, str(count)],
        env=env,
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    tokens, largest = json.loads(output.strip().splitlines()[-1])
    return tokens, largest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", default="kp_scale_dev")
    parser.add_argument("--redis-db", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--warmup", type=float, default=5)
    parser.add_argument("--app-root", type=Path, default=ROOT, help="checkout serving the API")
    parser.add_argument("--no-floor", action="store_true", help="measure the API only")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="kernpunt-api-scale-"))
    env = environment(folder, PG + args.database, f"redis://127.0.0.1:6379/{args.redis_db}")
    env["PYTHONPATH"] = str(args.app_root)
    env["FLASK_APP"] = str(args.app_root / "wsgi.py")
    tokens, consultation_id = _tokens_and_target(env, args.app_root, 8)
    path = f"/api/v1/consultations/{consultation_id}/contributions"
    server = Server("wsgi:app", env, folder / "web.log", cwd=args.app_root)
    server.start()
    report: dict = {"machine": machine(), "app_root": str(args.app_root), "rounds": []}
    try:
        for number in range(args.rounds):
            row: dict = {"utc": time.strftime("%H:%M:%S", time.gmtime())}
            if not args.no_floor:
                floor_url = PG + args.database + "_floor"
                row["stack"] = measure_floor(
                    "stack", folder, floor_url, CLIENTS, args.seconds, args.warmup
                )
            run_load(lambda: server.port, path, label="apiwarm", clients=CLIENTS,
                     duration=args.warmup, token=tokens)  # fmt: skip
            api = run_load(lambda: server.port, path, label="api", clients=CLIENTS,
                           duration=args.seconds, token=tokens)  # fmt: skip
            row["api"] = api.summary()
            row["api"]["missing_acknowledged"] = missing(api, env["DATABASE_URL"], "contribution")
            if "stack" in row:
                row["ratio"] = round(api.per_second / row["stack"]["requests_per_s"], 3)
            row["load_after"] = os.getloadavg()
            report["rounds"].append(row)
            floor_rate = row.get("stack", {}).get("requests_per_s")
            print(
                f"round {number + 1} {row['utc']}: stack {floor_rate} req/s, "
                f"API {api.per_second:.1f} req/s, ratio {row.get('ratio')}, "
                f"load {row['load_after'][0]:.2f}",
                flush=True,
            )
    finally:
        server.stop()
    if args.out:
        args.out.write_text(json.dumps(report, indent=2, default=str) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
