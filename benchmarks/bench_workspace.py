"""Measure the analysts' workspace and the exports at realistic sizes.

    python benchmarks/bench_workspace.py dashboard --contributions 20000
    python benchmarks/bench_workspace.py analysis --contributions 20000
    python benchmarks/bench_workspace.py pdf --contributions 2000
    python benchmarks/bench_workspace.py csv --contributions 100000
    python benchmarks/bench_workspace.py reanalysis-request --contributions 2000
    python benchmarks/bench_workspace.py preview --contributions 20000

Each run builds its own database (a fresh SQLite file, or the PostgreSQL database named by
DATABASE_URL, whose tables are dropped and recreated) from the demo corpus, repeated with
shifted dates and small variations, and prints one JSON line with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dialogue import create_app  # noqa: E402
from dialogue.config import TestConfig  # noqa: E402
from dialogue.contributions.fingerprint import text_fingerprint  # noqa: E402
from dialogue.extensions import db  # noqa: E402

VARIATIONS = (
    "",
    " Graag een reactie.",
    " Alvast bedankt!",
    " Dit speelt al jaren in ons dorp.",
    "!!",
)


def build_app(instance: Path):
    settings = {"INSTANCE_PATH": str(instance), "ARGON2_FAST": True, "RATELIMIT_ENABLED": False}
    if not os.environ.get("DATABASE_URL"):
        settings["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'bench.sqlite'}"
    app = create_app(type("BenchConfig", (TestConfig,), settings))
    with app.app_context():
        db.drop_all()
        db.create_all()
    return app


def grow(app, count: int) -> int:
    """Return the demo consultation id after copying its input up to `count` contributions."""
    from sqlalchemy import func, insert, select

    from dialogue.consultations.models import Consultation
    from dialogue.contributions.models import Contribution

    with app.app_context():
        consultation = db.session.scalar(select(Consultation))
        rows = db.session.execute(
            select(
                Contribution.text,
                Contribution.kern_id,
                Contribution.created_at,
                Contribution.author_id,
                Contribution.status,
                Contribution.channel,
                Contribution.negative,
                Contribution.discontent,
                Contribution.theme_key,
            ).where(Contribution.consultation_id == consultation.id)
        ).all()
        have = db.session.scalar(select(func.count(Contribution.id)))
        rng = random.Random(7)
        batch = []
        while have < count:
            source = rng.choice(rows)
            text = source.text + rng.choice(VARIATIONS)
            batch.append(
                {
                    "consultation_id": consultation.id,
                    "text": text,
                    "text_fingerprint": text_fingerprint(text),
                    "kern_id": source.kern_id,
                    "author_id": source.author_id,
                    "status": source.status,
                    "channel": source.channel,
                    "negative": source.negative,
                    "discontent": source.discontent,
                    "theme_key": source.theme_key,
                    "created_at": source.created_at - timedelta(minutes=rng.randrange(60 * 24 * 7)),
                    "updated_at": source.created_at,
                    "published_at": source.created_at,
                    "theme_locked": False,
                }
            )
            have += 1
            if len(batch) == 5000:
                db.session.execute(insert(Contribution), batch)
                batch = []
        if batch:
            db.session.execute(insert(Contribution), batch)
        db.session.commit()
        return consultation.id


def load_demo_without_analysis(app) -> None:
    from dialogue.demo import loader

    with app.app_context():
        import dialogue.themes.analysis as analysis

        real = analysis.request_analysis
        analysis.request_analysis = lambda consultation, **kw: type(
            "Skipped",
            (),
            {"status": type("S", (), {"value": "skipped"})(), "result": "", "error": ""},
        )()
        try:
            loader.load_demo()
            db.session.commit()
        finally:
            analysis.request_analysis = real


def bench_analysis(app, consultation_id: int) -> dict:
    from dialogue.consultations.models import Consultation
    from dialogue.jobs import Job
    from dialogue.themes.analysis import request_analysis

    with app.app_context():
        start = time.perf_counter()
        job = request_analysis(db.session.get(Consultation, consultation_id))
        seconds = time.perf_counter() - start
        job = db.session.get(Job, job.id)
        return {
            "analysis_seconds": round(seconds, 2),
            "job": job.status.value,
            "result": job.result or job.error,
        }


def bench_dashboard(app, consultation_id: int, repeat: int = 30) -> dict:
    from sqlalchemy import select

    from dialogue.accounts.models import Role, User
    from tests.conftest import login

    with app.app_context():
        analyst = db.session.scalar(select(User).where(User.role == Role.ANALYST))
    client = app.test_client()
    login(client, analyst)
    timings = []
    for _ in range(repeat + 3):
        start = time.perf_counter()
        response = client.get(f"/werkplek/raadplegingen/{consultation_id}/dashboard")
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    timings = sorted(timings[3:])
    return {
        "dashboard_ms_median": round(statistics.median(timings), 1),
        "dashboard_ms_p95": round(timings[int(0.95 * (len(timings) - 1))], 1),
        "dashboard_ms_max": round(timings[-1], 1),
    }


def bench_preview(app, consultation_id: int, repeat: int = 20) -> dict:
    """The council report preview (/samenvatting): time per request and SQL statements in one."""
    from sqlalchemy import event, select

    from dialogue.accounts.models import Role, User
    from tests.conftest import login

    with app.app_context():
        analyst = db.session.scalar(select(User).where(User.role == Role.ANALYST))
        engine = db.engine
    client = app.test_client()
    login(client, analyst)
    url = f"/werkplek/raadplegingen/{consultation_id}/samenvatting"
    timings = []
    for _ in range(repeat + 2):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    statements = []
    counted = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", counted)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", counted)
    warm = sorted(timings[2:])
    return {
        "preview_ms_first": round(timings[0], 1),
        "preview_ms_median": round(statistics.median(warm), 1),
        "preview_ms_p95": round(warm[int(0.95 * (len(warm) - 1))], 1),
        "preview_sql_statements": len(statements),
        "load_average": os.getloadavg(),
    }


def bench_reanalysis_request(app, consultation_id: int) -> dict:
    """Time "Opnieuw analyseren" as the analyst's browser sees it, with and without a thread.

    After one warm-up analysis: with JOBS_IN_THREAD the POST answers at once and the themes page
    is requested every 0.2 s while the job runs; without it (the old behaviour) the POST waits
    for the whole job.
    """
    import re

    from sqlalchemy import select

    from dialogue.accounts.models import Role, User
    from dialogue.jobs import Job, JobStatus
    from tests.conftest import login

    with app.app_context():
        analyst = db.session.scalar(select(User).where(User.role == Role.ANALYST))
    client = login(app.test_client(), analyst)
    themes_url = f"/werkplek/raadplegingen/{consultation_id}/themas"
    # The first analysis also loads the language models and starts without earlier themes.
    result = {"warmup_analysis_seconds": bench_analysis(app, consultation_id)["analysis_seconds"]}
    for in_thread in (True, False):
        app.config["JOBS_IN_THREAD"] = in_thread
        page = client.get(themes_url).get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        start = time.perf_counter()
        response = client.post(
            f"/werkplek/raadplegingen/{consultation_id}/analyse", data={"csrf_token": token}
        )
        answered = time.perf_counter() - start
        job_id = int(response.headers["Location"].rsplit("/", 1)[1])
        pages = []
        while True:
            with app.app_context():
                status = db.session.get(Job, job_id).status
                db.session.remove()
            if status in (JobStatus.FINISHED, JobStatus.FAILED):
                break
            begin = time.perf_counter()
            assert client.get(themes_url).status_code == 200
            pages.append((time.perf_counter() - begin) * 1000)
            time.sleep(0.2)
        mode = "thread" if in_thread else "inline"
        result[f"{mode}_post_seconds"] = round(answered, 3)
        result[f"{mode}_job_seconds"] = round(time.perf_counter() - start, 1)
        result[f"{mode}_job"] = status.value
        if pages:
            pages.sort()
            result[f"{mode}_themes_page_during_job"] = {
                "requests": len(pages),
                "median_ms": round(statistics.median(pages)),
                "max_ms": round(pages[-1]),
            }
    return result


def bench_pdf(app, consultation_id: int, folder: Path) -> dict:
    from dialogue.consultations.models import Consultation
    from dialogue.exports.render import render_docx, render_pdf
    from dialogue.exports.summary import build_summary

    with app.test_request_context():
        consultation = db.session.get(Consultation, consultation_id)
        start = time.perf_counter()
        summary = build_summary(consultation)
        render_pdf(summary, folder / "report.pdf")
        pdf_seconds = time.perf_counter() - start
        start = time.perf_counter()
        render_docx(summary, folder / "report.docx")
        docx_seconds = time.perf_counter() - start
    return {
        "themes": len(summary.themes),
        "pdf_seconds": round(pdf_seconds, 2),
        "pdf_bytes": (folder / "report.pdf").stat().st_size,
        "docx_seconds": round(docx_seconds, 2),
    }


def bench_csv(app, consultation_id: int) -> dict:
    from dialogue.consultations.models import Consultation
    from dialogue.exports import data
    from dialogue.exports.summary import SummaryOptions

    with app.test_request_context():
        consultation = db.session.get(Consultation, consultation_id)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        tracemalloc.start()
        start = time.perf_counter()
        size = rows = 0
        for chunk in data.csv_lines(
            data.contribution_rows(consultation, SummaryOptions()), data.CONTRIBUTION_COLUMNS
        ):
            size += len(chunk)
            rows += chunk.count("\r\n")
        seconds = time.perf_counter() - start
        _, traced_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "python_heap_peak_mb_while_streaming": round(traced_peak / 1e6, 1),
        "csv_rows": rows - 1,
        "csv_mb": round(size / 1e6, 1),
        "csv_seconds": round(seconds, 2),
        "peak_rss_mb_before": round(before / 1024),
        "peak_rss_mb_after": round(after / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "what",
        choices=("dashboard", "analysis", "pdf", "csv", "reanalysis-request", "preview"),
    )
    parser.add_argument("--contributions", type=int, default=20000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        instance = Path(folder)
        app = build_app(instance)
        load_demo_without_analysis(app)
        with app.app_context():
            from sqlalchemy import select

            from dialogue.consultations.models import Consultation

            consultation_id = db.session.scalar(select(Consultation.id))
        result: dict = {
            "what": args.what,
            "database": db_kind(app),
            "contributions": args.contributions,
        }
        if args.what in ("analysis", "dashboard", "pdf", "preview"):
            grow(app, args.contributions)
            analysis = bench_analysis(app, consultation_id)
            result.update(
                analysis
                if args.what == "analysis"
                else {"analysis_seconds": analysis["analysis_seconds"]}
            )
        else:
            grow(app, args.contributions)
        if args.what == "dashboard":
            result.update(bench_dashboard(app, consultation_id))
        elif args.what == "preview":
            result.update(bench_preview(app, consultation_id))
        elif args.what == "pdf":
            result.update(bench_pdf(app, consultation_id, instance))
        elif args.what == "csv":
            result.update(bench_csv(app, consultation_id))
        elif args.what == "reanalysis-request":
            result.update(bench_reanalysis_request(app, consultation_id))
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    print(json.dumps(result))


def db_kind(app) -> str:
    with app.app_context():
        return db.engine.dialect.name


if __name__ == "__main__":
    main()
