"""Kernpunt at scale on PostgreSQL: 200,000 contributions, two web instances, two workers.

1. Load: ``createdb kp_scale``, ``flask db upgrade``, then ``scale_data.load`` (20
   municipalities, 200,000 contributions, a consultation of 20,000 among them, with replies,
   supports, votes, reports, moderation decisions and audit rows) and one theme analysis of
   the largest consultation, in this process; ``VACUUM ANALYZE``.
2. Two gunicorn instances (2 sync workers each, 127.0.0.1, different ports) and two RQ
   workers (``flask worker``, Redis db 10), JSON request logs.
3. Latency: while a re-analysis of the largest consultation runs on a worker (re-queued
   whenever one ends, until every page has its samples) and a council-report PDF is built on
   the other, two clients request the public consultation page (as kept, and further pages
   rendered on a miss), the moderation queue, the themes page, the dashboard and the council
   report preview in turn, on both instances. Server time is the ``duration_ms`` of the app's
   own JSON request log line (dialogue/ops/requestlog.py), matched by ``X-Request-ID``;
   client time over loopback is reported beside it. Only samples that started and ended
   while the analysis was running count.
4. Throughput: the public consultation page beside the page floor (``page_floor_app.py``,
   same table, same database) with wrk, as in ``public_pages.py``; the API beside the stack
   floor (``stack_insert_app.py``, in its own database ``kp_scale_floor``) with the Python
   clients of ``api_load.py``.
5. Kill test: residents post through the API to both instances (acknowledged = 201) while an
   analysis and three exports are queued; one gunicorn instance (master and workers) and the
   busy RQ worker get SIGKILL and are restarted. Afterwards: acknowledged contributions not
   in the database (must be 0) and jobs that never finished.

Run:    .venv/bin/python benchmarks/scale.py [--quick] [--out scale.json] [--keep]
Needs PostgreSQL on 127.0.0.1 (createdb/dropdb as postgres), Redis, wrk. Drops and recreates
the databases kp_scale and kp_scale_floor and empties Redis db 10; both databases are dropped
at the end (unless --keep).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from harness import BIN, ROOT, Server, machine

BENCHMARKS = Path(__file__).resolve().parent
PG = "postgresql+psycopg://postgres@127.0.0.1:5432/"


def postgres(command: str, name: str) -> None:
    """createdb or dropdb on 127.0.0.1 as postgres."""
    arguments = [command, "-h", "127.0.0.1", "-U", "postgres", name]
    if command == "dropdb":
        # --force: a work horse orphaned by the kill test may still hold a connection.
        arguments[1:1] = ["--if-exists", "--force"]
    subprocess.run(arguments, check=True, capture_output=True)


def environment(folder: Path, database_url: str, redis_url: str) -> dict[str, str]:
    """The environment of every process of the run (web, worker, this one)."""
    env = dict(os.environ)
    env.update(
        {
            "KERNPUNT_INSTANCE_PATH": str(folder / "instance"),
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "SECRET_KEY": "scale-benchmark-secret-key-not-for-production",
            "KERNPUNT_RATELIMIT_ENABLED": "false",
            "KERNPUNT_ENV": "development",
            "KERNPUNT_LOG_FORMAT": "json",
            "KERNPUNT_ARGON2_FAST": "true",
            "FLASK_APP": str(ROOT / "wsgi.py"),
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


class Worker:
    """One ``flask worker`` in its own process group (the job runs in a forked child)."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log = env, log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [str(BIN / "flask"), "worker"],
                env=self.env,
                cwd=ROOT,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )

    def kill(self) -> None:
        """SIGKILL the worker and its work horse (RQ gives the horse a session of its own)."""
        import signal

        if self.process is None:
            return
        for child in children(self.process.pid):
            os.kill(child, signal.SIGKILL)
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)
        self.process = None

    def stop(self) -> None:
        import signal

        if self.process is None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.kill()
        self.process = None


def children(pid: int) -> list[int]:
    """The ids of the processes whose parent is pid."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def load_data(app: Any, plan: Any, tokens: int) -> tuple[Any, dict[str, float]]:
    """Load the data and analyse the largest consultation once; return it and the timings."""
    import scale_data

    from dialogue.consultations.models import Consultation
    from dialogue.demo.loader import analyse
    from dialogue.extensions import db

    timings: dict[str, float] = {}
    with app.app_context():
        began = time.perf_counter()
        loaded = scale_data.load(plan)
        loaded.api_tokens = scale_data.api_tokens(tokens)
        timings["load_s"] = round(time.perf_counter() - began, 1)
        began = time.perf_counter()
        outcome = analyse(db.session.get(Consultation, loaded.consultation_id))
        timings["first_analysis_s"] = round(time.perf_counter() - began, 1)
        print(f"first analysis: {outcome}", flush=True)
        db.session.remove()
    return loaded, timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="12,000 contributions, short runs")
    parser.add_argument("--database", default="kp_scale")
    parser.add_argument("--redis-db", type=int, default=10)
    parser.add_argument("--samples", type=int, help="requests per page during the analysis")
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    parser.add_argument("--skip", nargs="*", default=[], choices=("throughput", "kill"))
    parser.add_argument(
        "--load-only", action="store_true", help="load and analyse, keep the database, stop"
    )
    parser.add_argument("--out", type=Path, help="write the figures as JSON here too")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="kernpunt-scale-"))
    database_url = PG + args.database
    floor_url = PG + args.database + "_floor"
    redis_url = f"redis://127.0.0.1:6379/{args.redis_db}"
    env = environment(folder, database_url, redis_url)
    # The app reads its settings when dialogue.config is imported: set them first.
    os.environ.update(env)
    import scale_data
    import scale_phases
    from redis import Redis

    from dialogue import create_app

    plan = scale_data.Plan.quick() if args.quick else scale_data.Plan()
    report: dict[str, Any] = {
        "started": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "machine": machine(),
        "uptime_before": uptime(),
        "plan": vars(plan),
        "folder": str(folder),
    }
    print(f"# scale benchmark, {plan.contributions} contributions; {machine()}; {folder}")
    print(f"# {report['uptime_before']}", flush=True)
    redis = Redis.from_url(redis_url)
    redis.flushdb()
    for name in (args.database, args.database + "_floor"):
        postgres("dropdb", name)
        postgres("createdb", name)
    processes: list[Any] = []
    app = create_app()
    try:
        subprocess.run(
            [str(BIN / "flask"), "db", "upgrade"],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        scale_phases.quiet(app)
        loaded, report["setup"] = load_data(app, plan, tokens=8)
        scale_data.vacuum_analyze(database_url)
        report["rows"] = loaded.counts
        print("loaded:", json.dumps(report["setup"]), json.dumps(loaded.counts), flush=True)
        if args.load_only:
            args.keep = True
            return 0
        servers = [Server("wsgi:app", env, folder / f"web-{n}.log") for n in (1, 2)]
        workers = [Worker(env, folder / f"worker-{n}.log") for n in (1, 2)]
        processes += servers + workers
        for server in servers:
            server.start()  # one after the other: free_port() must not offer the same port
        for worker in workers:
            worker.start()
        report["latency"] = scale_phases.latency(
            app, loaded, servers, samples=args.samples or (20 if args.quick else 100)
        )
        if "throughput" not in args.skip:
            report["throughput"] = scale_phases.throughput(
                env, folder, loaded, servers[0], floor_url, quick=args.quick
            )
        if "kill" not in args.skip:
            report["kill"] = scale_phases.kill_test(app, loaded, servers, workers, quick=args.quick)
    finally:
        for process in processes:
            process.stop()
        redis.flushdb()
        if args.out:  # written before the clean-up, which may fail
            args.out.write_text(json.dumps(report, indent=2, default=str) + "\n")
        with app.app_context():
            from dialogue.extensions import db

            db.engine.dispose()
        if not args.keep:
            for name in (args.database, args.database + "_floor"):
                postgres("dropdb", name)
    report["uptime_after"] = uptime()
    report["finished"] = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    scale_phases.print_report(report)
    if args.out:
        args.out.write_text(json.dumps(report, indent=2, default=str) + "\n")
    return 0 if scale_phases.passed(report) else 1


if __name__ == "__main__":
    raise SystemExit(main())
