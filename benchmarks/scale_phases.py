"""The measuring phases of ``scale.py``: latency during an analysis, throughput, kill test."""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from api_load import measure_floor, missing
from harness import Server, consistency, request, run_load
from public_pages import beside_floor, log_in

BENCHMARKS = Path(__file__).resolve().parent
#: Done-when targets of issue 19.
P95_TARGET_MS = 300
PAGE_RATIO_TARGET = 0.60
API_RATIO_TARGET = 0.50
FINISHED = ("finished", "failed")


def quiet(app: Any) -> None:
    """Keep this process's own app logs (one JSON line per job step) off the terminal."""
    logging.getLogger("dialogue").setLevel(logging.WARNING)


def percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1)


def server_times(servers: list[Server]) -> dict[str, float]:
    """Request id → duration_ms from the instances' JSON request log lines."""
    times: dict[str, float] = {}
    for server in servers:
        for line in server.log.read_text(errors="replace").splitlines():
            if line.startswith("{") and '"duration_ms"' in line:
                entry = json.loads(line)
                if entry.get("request_id"):
                    times[entry["request_id"]] = entry["duration_ms"]
    return times


def _job_row(app: Any, job_id: int) -> dict[str, Any]:
    from dialogue.extensions import db
    from dialogue.jobs import Job

    with app.app_context():
        job = db.session.get(Job, job_id)
        seconds = (
            (job.finished_at - job.started_at).total_seconds()
            if job.finished_at and job.started_at
            else None
        )
        row = {"id": job.id, "kind": job.kind, "status": job.status.value, "seconds": seconds}
        row["result"] = job.result or job.error
        db.session.remove()
    return row


def _request_analysis(app: Any, consultation_id: int) -> int:
    from dialogue.consultations.models import Consultation
    from dialogue.extensions import db
    from dialogue.themes.analysis import request_analysis

    with app.app_context():
        job_id = request_analysis(db.session.get(Consultation, consultation_id)).id
        db.session.remove()
    return job_id


def _request_export(app: Any, consultation_id: int, fmt: str, email: str) -> int | None:
    """Queue a file export as the analyst; return its job id (None when served from cache)."""
    from sqlalchemy import select

    from dialogue.accounts.models import User
    from dialogue.consultations.models import Consultation
    from dialogue.exports.services import request_file_export
    from dialogue.exports.summary import SummaryOptions
    from dialogue.extensions import db

    with app.test_request_context():
        user = db.session.scalar(select(User).filter_by(email=email))
        consultation = db.session.get(Consultation, consultation_id)
        export = request_file_export(consultation, fmt, SummaryOptions(), user)
        job_id = export.job_id if not export.path else None
        db.session.remove()
    return job_id


class AnalysisKeeper:
    """Keeps a re-analysis of one consultation running; knows when one is running."""

    def __init__(self, app: Any, consultation_id: int) -> None:
        self.app, self.consultation_id = app, consultation_id
        self.running = threading.Event()
        self.stop = threading.Event()
        self.jobs: list[int] = []
        self.thread = threading.Thread(target=self._keep, daemon=True)

    def _keep(self) -> None:
        self.jobs.append(_request_analysis(self.app, self.consultation_id))
        while not self.stop.is_set():
            status = _job_row(self.app, self.jobs[-1])["status"]
            if status == "running":
                self.running.set()
            elif status in FINISHED:
                self.running.clear()
                self.jobs.append(_request_analysis(self.app, self.consultation_id))
            time.sleep(0.2)
        self.running.clear()

    def wait_running(self, timeout: float) -> None:
        self.thread.start()
        if not self.running.wait(timeout):
            raise RuntimeError("the analysis did not start on a worker")


def _pages(loaded: Any) -> dict[str, tuple[str, str | None]]:
    """Page label → (path, the role whose cookie it needs)."""
    public = f"/{loaded.municipality_slug}/{loaded.consultation_slug}"
    workspace = f"/werkplek/raadplegingen/{loaded.consultation_id}"
    return {
        "public consultation page": (public, None),
        "public consultation page, further pages (rendered)": (public + "?page={n}", None),
        "moderation queue": ("/werkplek/moderatie", "moderator"),
        "themes page": (workspace + "/themas", "analyst"),
        "dashboard": (workspace + "/dashboard", "analyst"),
        "council report (preview build)": (workspace + "/samenvatting", "analyst"),
    }


def _warm_up(
    servers: list[Server], pages: dict[str, tuple[str, str | None]], cookies: dict[str, str]
) -> dict[str, list[str]]:
    """Request every page 3 times on each instance from 2 clients, so that every sync worker
    has loaded what a first request loads; return the request ids (the cold figures)."""
    sent: dict[str, list[str]] = {label: [] for label in pages}

    def client(offset: int) -> None:
        for server in servers:
            for n in range(3):
                for label, (path, role) in pages.items():
                    rid = f"warm-{uuid.uuid4().hex[:12]}"
                    headers = {"X-Request-ID": rid, **({"Cookie": cookies[role]} if role else {})}
                    request(
                        "GET",
                        server.port,
                        path.format(n=600 + offset * 3 + n),
                        headers=headers,
                        timeout=120,
                    )
                    sent[label].append(rid)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sent


def latency(app: Any, loaded: Any, servers: list[Server], samples: int) -> dict[str, Any]:
    """p50/p95 server and client time of every page while a re-analysis runs."""
    cookies = {
        role: log_in(servers[0].port, *loaded.officials[role]) for role in ("moderator", "analyst")
    }
    pages = _pages(loaded)
    cold = _warm_up(servers, pages, cookies)
    keeper = AnalysisKeeper(app, loaded.consultation_id)
    keeper.wait_running(timeout=120)
    began = time.monotonic()
    pdf_job = _request_export(app, loaded.consultation_id, "pdf", loaded.officials["analyst"][0])
    seen: list[dict[str, Any]] = []
    lock = threading.Lock()

    def client(number: int) -> None:
        for round_number in range(samples // 2):
            for label, (path, role) in pages.items():
                server = servers[(round_number + number) % 2]
                rid = f"scale-{uuid.uuid4().hex[:12]}"
                page_number = 2 + (round_number * 2 + number) % 500
                headers = {"X-Request-ID": rid, **({"Cookie": cookies[role]} if role else {})}
                during = keeper.running.is_set()
                start = time.perf_counter()
                status, _ = request(
                    "GET", server.port, path.format(n=page_number), headers=headers, timeout=60
                )
                took = (time.perf_counter() - start) * 1000
                with lock:
                    seen.append(
                        {
                            "label": label,
                            "rid": rid,
                            "status": status,
                            "client_ms": took,
                            "during": during and keeper.running.is_set(),
                        }
                    )

    threads = [threading.Thread(target=client, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    keeper.stop.set()
    keeper.thread.join()
    wall = time.monotonic() - began
    # Let the last analysis end, so the next phases start with idle workers.
    deadline = time.monotonic() + 600
    while _job_row(app, keeper.jobs[-1])["status"] not in FINISHED and time.monotonic() < deadline:
        time.sleep(1)
    times = server_times(servers)
    result: dict[str, Any] = {
        "samples_per_page": samples,
        "wall_s": round(wall, 1),
        "warm_up_max_server_ms": {
            label: max(times.get(r, 0.0) for r in rids) for label, rids in cold.items()
        },
        "pages": {},
    }
    for label in pages:
        rows = [row for row in seen if row["label"] == label]
        during = [row for row in rows if row["during"]]
        result["pages"][label] = {
            "requests": len(rows),
            "during_analysis": len(during),
            "non_2xx": sum(1 for row in rows if not 200 <= row["status"] < 300),
            "server_p50_ms": percentile(
                [times[r["rid"]] for r in during if r["rid"] in times], 0.5
            ),
            "server_p95_ms": percentile(
                [times[r["rid"]] for r in during if r["rid"] in times], 0.95
            ),
            "client_p50_ms": percentile([r["client_ms"] for r in during], 0.5),
            "client_p95_ms": percentile([r["client_ms"] for r in during], 0.95),
            "server_p95_ms_all": percentile(
                [times[r["rid"]] for r in rows if r["rid"] in times], 0.95
            ),
        }
    result["analysis_jobs"] = [_job_row(app, job_id) for job_id in keeper.jobs]
    result["council_report_pdf_job"] = _job_row(app, pdf_job) if pdf_job else "cached"
    return result


def throughput(
    env: dict[str, str], folder: Path, loaded: Any, server: Server, floor_url: str, *, quick: bool
) -> dict[str, Any]:
    """The public page beside the page floor (wrk), the API beside the stack floor."""
    settings = argparse.Namespace(
        connections=32, duration=5 if quick else 10, warmup=2 if quick else 3
    )
    floor = Server(
        "page_floor_app:app",
        {**env, "FLOOR_DATABASE_URL": env["DATABASE_URL"]},
        folder / "page-floor.log",
        cwd=BENCHMARKS,
    )
    floor.start()
    page_url = (
        f"http://127.0.0.1:{server.port}/{loaded.municipality_slug}/{loaded.consultation_slug}"
    )
    floor_page = f"http://127.0.0.1:{floor.port}/page/{loaded.consultation_id}"
    try:
        rounds = [
            beside_floor((floor, server), floor_page, page_url, None, settings)
            for _ in range(1 if quick else 2)
        ]
    finally:
        floor.stop()
    clients, seconds, warmup = 32, (10 if quick else 30), (3 if quick else 5)
    stack = measure_floor("stack", folder, floor_url, clients, seconds, warmup)
    path = f"/api/v1/consultations/{loaded.consultation_id}/contributions"
    run_load(
        lambda: server.port,
        path,
        label="apiwarm",
        clients=clients,
        duration=warmup,
        token=loaded.api_tokens,
    )
    api = run_load(
        lambda: server.port,
        path,
        label="api",
        clients=clients,
        duration=seconds,
        token=loaded.api_tokens,
    )
    api_summary = api.summary()
    api_summary["missing_acknowledged"] = missing(api, env["DATABASE_URL"], "contribution")
    return {
        "public_page_rounds": rounds,
        "stack_floor": stack,
        "api": api_summary,
        "api_ratio_to_stack_floor": round(api.per_second / stack["requests_per_s"], 3),
    }


def _busy_worker(workers: list[Any], redis_url: str) -> Any:
    """The worker process running a job now (the first one when both or neither are)."""
    from redis import Redis
    from rq import Worker as RqWorker

    busy = {
        worker.pid
        for worker in RqWorker.all(connection=Redis.from_url(redis_url))
        if worker.get_state() == "busy"
    }
    return next((w for w in workers if w.process and w.process.pid in busy), workers[0])


def _job_of(worker: Any) -> str | None:
    """The RQ job the worker's work horse is running now, or None when it is idle."""
    from redis import Redis
    from rq import Worker as RqWorker

    for known in RqWorker.all(connection=Redis.from_url(worker.env["REDIS_URL"])):
        if worker.process and known.pid == worker.process.pid:
            job = known.get_current_job()
            return job.description if job else None
    return None


def _wait_for_rows(database_url: str, rows: int, timeout: float = 60) -> None:
    from crash_test import count_contributions

    deadline = time.monotonic() + timeout
    while count_contributions(database_url) < rows and time.monotonic() < deadline:
        time.sleep(0.2)


def kill_test(
    app: Any, loaded: Any, servers: list[Server], workers: list[Any], *, quick: bool
) -> dict[str, Any]:
    """Post to both instances; SIGKILL one instance and the busy worker; count what is lost."""
    from crash_test import count_contributions

    database_url = servers[0].env["DATABASE_URL"]
    duration = 30 if quick else 60
    path = f"/api/v1/consultations/{loaded.consultation_id}/contributions"
    ports = itertools.cycle(servers)
    results: list[Any] = []
    stop = threading.Event()
    load = threading.Thread(
        target=lambda: results.append(
            run_load(
                lambda: next(ports).port,
                path,
                label="kill",
                clients=16,
                duration=duration * 10,
                token=loaded.api_tokens,
                stop_early=stop,
            )
        )
    )
    started = time.monotonic()
    load.start()
    analyst = loaded.officials["analyst"][0]
    jobs = [_request_analysis(app, loaded.small_consultation_id)]
    jobs += [
        job
        for fmt in ("pdf", "docx", "xlsx")
        if (job := _request_export(app, loaded.small_consultation_id, fmt, analyst))
    ]
    time.sleep(max(0.0, duration / 3 - (time.monotonic() - started)))
    _wait_for_rows(database_url, count_contributions(database_url) + 10)
    victim = _busy_worker(workers, servers[0].env["REDIS_URL"])
    victim_job = _job_of(victim)
    servers[0].kill()
    victim.kill()
    killed_at = time.monotonic() - started
    time.sleep(1.0)
    servers[0].start()
    victim.start()
    back_after = time.monotonic() - started - killed_at
    print(
        f"SIGKILL web-1 and a worker at {killed_at:.1f} s, back after {back_after:.1f} s",
        flush=True,
    )
    time.sleep(max(0.0, duration - (time.monotonic() - started)))
    stop.set()
    load.join()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if all(_job_row(app, job)["status"] in FINISHED for job in jobs):
            break
        time.sleep(2)
    result = results[0]
    rows = [_job_row(app, job) for job in jobs]
    return {
        "duration_s": duration,
        "sigkill_at_s": round(killed_at, 1),
        "restarted_after_s": round(back_after, 1),
        "load": result.summary(),
        "missing_acknowledged": missing(result, database_url, "contribution"),
        "killed_worker": {"index": workers.index(victim) + 1, "was_running": victim_job},
        "jobs": rows,
        "jobs_never_finished": sum(1 for row in rows if row["status"] not in FINISHED),
        "jobs_failed": sum(1 for row in rows if row["status"] == "failed"),
        "database_after": consistency(database_url),
    }


def passed(report: dict[str, Any]) -> bool:
    """Every done-when target of issue 19 that this run measured."""
    checks = [
        page["server_p95_ms"] is not None and page["server_p95_ms"] < P95_TARGET_MS
        for page in report["latency"]["pages"].values()
    ]
    if "throughput" in report:
        rounds = report["throughput"]["public_page_rounds"]
        checks.append(min(r["ratio_to_floor"] for r in rounds) >= PAGE_RATIO_TARGET)
        checks.append(report["throughput"]["api_ratio_to_stack_floor"] >= API_RATIO_TARGET)
        checks.append(report["throughput"]["api"]["missing_acknowledged"] == 0)
    if "kill" in report:
        checks.append(report["kill"]["missing_acknowledged"] == 0)
    return all(checks)


def print_report(report: dict[str, Any]) -> None:
    print(f"# {report['uptime_before']}\n# {report['uptime_after']}")
    print(
        f"{'page (during the analysis)':52} {'n':>4} {'srv p50':>8} {'srv p95':>8} "
        f"{'cli p50':>8} {'cli p95':>8} non-2xx"
    )
    for label, page in report["latency"]["pages"].items():
        print(
            f"{label:52} {page['during_analysis']:4d} {page['server_p50_ms']!s:>8} "
            f"{page['server_p95_ms']!s:>8} {page['client_p50_ms']!s:>8} "
            f"{page['client_p95_ms']!s:>8} {page['non_2xx']}"
        )
    for job in report["latency"]["analysis_jobs"]:
        print("analysis job:", json.dumps(job))
    print("council report PDF job:", json.dumps(report["latency"]["council_report_pdf_job"]))
    if "throughput" in report:
        figures = report["throughput"]
        for number, page in enumerate(figures["public_page_rounds"], 1):
            print(
                f"public page round {number}: {page['requests_per_s']} req/s, floor "
                f"{page['floor_requests_per_s']} req/s, ratio {page['ratio_to_floor']:.0%}, "
                f"p99 {page['p99_ms']} ms, errors {page['non_2xx'] + page['socket_errors']}"
            )
        print(
            f"API {figures['api']['requests_per_s']} req/s, stack floor "
            f"{figures['stack_floor']['requests_per_s']} req/s, ratio "
            f"{figures['api_ratio_to_stack_floor']:.0%}, missing "
            f"{figures['api']['missing_acknowledged']}, 5xx {figures['api']['5xx']}"
        )
    if "kill" in report:
        kill = report["kill"]
        print(
            f"kill test: {kill['load']['acknowledged_201']} acknowledged, missing "
            f"{kill['missing_acknowledged']}, jobs never finished {kill['jobs_never_finished']}"
            f" of {len(kill['jobs'])}, failed {kill['jobs_failed']}"
        )
        for job in kill["jobs"]:
            print("  job:", json.dumps(job))
    print("result:", "OK" if passed(report) else "targets NOT all met")
