"""`flask scheduler`: the schedule's slots, one run per slot across schedulers, Job rows."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from redis import Redis
from sqlalchemy import select

from dialogue.contributions.models import Contribution
from dialogue.contributions.services import submit_contribution
from dialogue.extensions import db
from dialogue.jobs import Job, JobStatus
from dialogue.ops.schedule import MONDAY, TASKS, Daily, Every, Weekly
from dialogue.ops.scheduler import run_due, scheduler_command
from dialogue.timeutil import utcnow
from tests.factories import make_consultation
from tests.ops.test_health import REDIS_URL

ROOT = Path(__file__).resolve().parents[2]
NIGHT = datetime(2026, 12, 5, 2, 0)


def test_last_due_of_each_kind_of_schedule():
    assert Daily(time(2, 0)).last_due(datetime(2026, 12, 5, 1, 59)) == datetime(2026, 12, 4, 2)
    assert Daily(time(2, 0)).last_due(datetime(2026, 12, 5, 2, 0)) == datetime(2026, 12, 5, 2)
    every = Every(timedelta(minutes=5))
    assert every.last_due(datetime(2026, 12, 5, 10, 14, 59)) == datetime(2026, 12, 5, 10, 10)
    monday = Weekly(MONDAY, time(7, 0))  # 2026-12-07 is a Monday
    assert monday.last_due(datetime(2026, 12, 7, 6, 59)) == datetime(2026, 11, 30, 7)
    assert monday.last_due(datetime(2026, 12, 9, 12, 0)) == datetime(2026, 12, 7, 7)


def test_task_names_fit_the_job_kind_and_are_unique():
    names = [task.name for task in TASKS]
    assert len(set(names)) == len(names) and all(len(name) <= 60 for name in names)


@pytest.fixture
def redis_app(make_app):
    connection = Redis.from_url(REDIS_URL)
    connection.flushdb()
    app = make_app(REDIS_URL=REDIS_URL)
    yield app, connection
    connection.flushdb()
    connection.close()


def scheduled_jobs() -> list[Job]:
    names = [task.name for task in TASKS]
    return list(db.session.scalars(select(Job).where(Job.kind.in_(names)).order_by(Job.id)))


def test_two_schedulers_one_run_per_slot(redis_app):
    app, connection = redis_app
    with app.app_context():
        first = run_due(connection, NIGHT)
        second = run_due(Redis.from_url(REDIS_URL), NIGHT)  # another machine, same moment
        jobs = scheduled_jobs()
    assert {run.task for run in first} == {
        "nightly_analysis",
        "purge_unconfirmed",
        "mail_purge_old",
        "records_purge_old",
        "jobs_sweep",
        "signals_digest",
    }
    assert second == []
    assert [job.subject for job in jobs] == [
        "schedule:2026-12-05T02:00",
        "schedule:2026-12-04T03:30",
        "schedule:2026-12-04T03:40",
        "schedule:2026-12-04T03:50",
        "schedule:2026-12-05T02:00",
        "schedule:2026-11-30T07:00",
    ]
    assert all(job.status == JobStatus.FINISHED for job in jobs)
    with app.app_context():
        later = run_due(connection, NIGHT + timedelta(hours=2))  # 04:00: the purges are due
    assert sorted(run.task for run in later) == [
        "jobs_sweep",
        "mail_purge_old",
        "purge_unconfirmed",
        "records_purge_old",
    ]


def test_a_slot_with_a_job_row_is_not_run_again_after_redis_forgot(redis_app):
    app, connection = redis_app
    with app.app_context():
        run_due(connection, NIGHT)
        connection.flushdb()
        assert run_due(connection, NIGHT) == []
        assert len(scheduled_jobs()) == 6


def test_mail_delivery_is_scheduled_only_with_smtp(make_app):
    connection = Redis.from_url(REDIS_URL)
    connection.flushdb()
    app = make_app(REDIS_URL=REDIS_URL, MAIL_TRANSPORT="smtp", MAIL_PORT=1)
    try:
        with app.app_context():
            runs = run_due(connection, NIGHT + timedelta(minutes=7))
            job = db.session.get(Job, next(r.job_id for r in runs if r.task == "mail_deliver"))
            assert (
                job.subject == "schedule:2026-12-05T02:05"
                and job.result == "0 verstuurd, 0 mislukt"
            )
    finally:
        connection.flushdb()
        connection.close()


def test_purge_task_removes_input_nobody_confirmed(redis_app):
    app, connection = redis_app
    with app.test_request_context():
        old = submit_contribution(
            make_consultation(),
            text="Niemand bevestigde deze inbreng ooit.",
            pending_email="x@y.nl",
        )
        old.created_at = utcnow() - timedelta(days=30)
        db.session.commit()
        old_id = old.id
        runs = run_due(connection, NIGHT + timedelta(hours=2))
        purge = next(run for run in runs if run.task == "purge_unconfirmed")
        db.session.expire_all()
        assert db.session.get(Contribution, old_id) is None
        assert db.session.get(Job, purge.job_id).result.startswith("onbevestigde inbreng (1)")


def test_scheduler_refuses_without_redis(make_app):
    result = make_app().test_cli_runner().invoke(scheduler_command, ["--once"])
    assert result.exit_code == 1 and "needs REDIS_URL" in result.output


def test_scheduler_refuses_when_redis_does_not_answer(make_app):
    app = make_app(REDIS_URL="redis://127.0.0.1:1/0")
    result = app.test_cli_runner().invoke(scheduler_command, ["--once"])
    assert result.exit_code == 1 and "does not answer" in result.output


def test_two_scheduler_processes_at_once_run_each_task_once(tmp_path):
    """Two `flask scheduler --once` processes started together, as on two machines."""
    connection = Redis.from_url(REDIS_URL)
    connection.flushdb()
    database = f"sqlite:///{tmp_path / 'scheduler.sqlite'}"
    env = {
        **os.environ,
        "FLASK_APP": "wsgi.py",
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": database,
        "REDIS_URL": REDIS_URL,
        "KERNPUNT_INSTANCE_PATH": str(tmp_path),
    }
    flask = [sys.executable, "-m", "flask"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    processes = [
        subprocess.Popen(
            [*flask, "scheduler", "--once"], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=120)[0] for process in processes]
    connection.flushdb()
    connection.close()
    assert all(process.returncode == 0 for process in processes)
    lines = [line for output in outputs for line in output.splitlines() if " job " in line]
    tasks = sorted(line.split(" ")[0] for line in lines)
    assert tasks == [
        "jobs_sweep",
        "mail_purge_old",
        "nightly_analysis",
        "purge_unconfirmed",
        "records_purge_old",
        "signals_digest",
    ], outputs
    assert all(" finished " in line for line in lines)


def test_scheduler_process_runs_due_tasks_and_stops_on_sigterm(tmp_path):
    """`flask scheduler` as the units start it: runs what is due, then stops on SIGTERM."""
    import signal
    import time

    from sqlalchemy import create_engine, text

    connection = Redis.from_url(REDIS_URL)
    connection.flushdb()
    database = f"sqlite:///{tmp_path / 'scheduler.sqlite'}"
    env = {
        **os.environ,
        "FLASK_APP": "wsgi.py",
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": database,
        "REDIS_URL": REDIS_URL,
        "KERNPUNT_INSTANCE_PATH": str(tmp_path),
        "KERNPUNT_LOG_FORMAT": "json",
    }
    flask = [sys.executable, "-m", "flask"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    process = subprocess.Popen(
        [*flask, "scheduler"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    engine = create_engine(database)
    try:
        deadline = time.monotonic() + 120
        finished = 0
        while finished < 4:
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the scheduler ran nothing in 120 s"
            time.sleep(0.5)
            with engine.connect() as db_connection:
                finished = db_connection.execute(
                    text(
                        "SELECT count(*) FROM job WHERE subject LIKE 'schedule:%' AND status = 'finished'"
                    )
                ).scalar()
        process.send_signal(signal.SIGTERM)
        stdout, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        engine.dispose()
        connection.flushdb()
        connection.close()
    assert process.returncode == 0, stderr
    assert "scheduler started" in stdout and "scheduler stopped" in stdout
    assert stderr.count('"message": "scheduled task ran"') == 6


def test_old_scheduled_runs_and_long_expired_links_are_purged(db):
    from dialogue.mail.links import CONFIRM_VOTING, MailLink, issue_link_token
    from dialogue.ops.schedule import purge_old_records

    now = utcnow()
    old_run = Job(
        kind="mail_deliver", status=JobStatus.FINISHED, finished_at=now - timedelta(days=31)
    )
    recent_run = Job(
        kind="mail_deliver", status=JobStatus.FAILED, finished_at=now - timedelta(days=2)
    )
    old_analysis = Job(
        kind="analysis", status=JobStatus.FINISHED, finished_at=now - timedelta(days=90)
    )
    this_run = Job(kind="records_purge_old", status=JobStatus.RUNNING)
    db.session.add_all([old_run, recent_run, old_analysis, this_run])
    issue_link_token(CONFIRM_VOTING, bound_to="old")
    issue_link_token(CONFIRM_VOTING, bound_to="expired-lately")
    issue_link_token(CONFIRM_VOTING, bound_to="fresh")
    db.session.flush()
    links = db.session.scalars(select(MailLink).order_by(MailLink.id)).all()
    links[0].created_at = now - timedelta(days=33)  # expired 31 days ago (links live 2 days)
    links[1].created_at = now - timedelta(days=20)
    db.session.commit()

    result = purge_old_records(this_run.id)

    assert result == "1 oude taakregels en 1 verlopen e-maillinks verwijderd"
    kept_jobs = set(db.session.scalars(select(Job.id)))
    assert kept_jobs == {recent_run.id, old_analysis.id, this_run.id}
    assert len(db.session.scalars(select(MailLink.id)).all()) == 2
