"""`flask scheduler`: run the recurring work of dialogue/ops/schedule.py once across machines.

Every scheduler looks at the schedule every TICK_SECONDS. For each task the latest due
moment (its slot) is claimed in Redis with SET NX, a key that lives for two periods: of all
schedulers on all machines exactly one wins, creates the Job row (kind = task name, subject =
the slot) and runs the task in its own process. A slot that already has a Job row is not run
again, even when Redis has lost its keys. A scheduler that starts after a slot was missed
(it was down at 02:00) runs that slot's work when it starts.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
from dataclasses import dataclass
from datetime import datetime

import click
from flask import current_app
from flask.cli import with_appcontext
from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy import select

from dialogue.extensions import db
from dialogue.jobs import Job, run_job
from dialogue.ops.schedule import ScheduledTask, active_tasks
from dialogue.timeutil import utcnow

log = logging.getLogger(__name__)

#: Seconds between two looks at the schedule.
TICK_SECONDS = 30
#: Redis keys of the claims: kernpunt:schedule:<task>:<slot>.
CLAIM_PREFIX = "kernpunt:schedule:"
#: A claim lives at least this long (seconds), and at least two periods of its task.
MIN_CLAIM_SECONDS = 3600


@dataclass(frozen=True)
class Run:
    """One task run by this scheduler."""

    task: str
    slot: datetime
    job_id: int


def slot_subject(slot: datetime) -> str:
    """The Job subject of a slot, e.g. "schedule:2026-12-05T02:00"."""
    return f"schedule:{slot:%Y-%m-%dT%H:%M}"


def claim(connection: Redis, task: ScheduledTask, slot: datetime) -> bool:
    """Claim a task's slot for this process; False when another scheduler has it."""
    seconds = max(MIN_CLAIM_SECONDS, int(task.schedule.period.total_seconds() * 2))
    owner = f"{socket.gethostname()}:{os.getpid()}"
    key = f"{CLAIM_PREFIX}{task.name}:{slot_subject(slot)}"
    return bool(connection.set(key, owner, nx=True, ex=seconds))


def run_due(connection: Redis, now: datetime | None = None) -> list[Run]:
    """Run every task whose current slot no scheduler has claimed yet; return what ran here."""
    now = now or utcnow()
    runs = []
    for task in active_tasks():
        slot = task.schedule.last_due(now)
        if not claim(connection, task, slot):
            continue
        subject = slot_subject(slot)
        if db.session.scalar(select(Job.id).filter_by(kind=task.name, subject=subject)):
            db.session.rollback()  # end the read: on SQLite it holds the write lock
            continue  # ran before Redis lost its claim
        job = Job(kind=task.name, subject=subject)
        db.session.add(job)
        db.session.commit()
        runs.append(Run(task.name, slot, job.id))
        run_job(task.function, job.id)
    return runs


def serve(connection: Redis, stop: threading.Event, tick: float = TICK_SECONDS) -> None:
    """Run due tasks until stop is set; a failing look at the schedule is logged and retried."""
    while not stop.is_set():
        try:
            for run in run_due(connection):
                log.info(
                    "scheduled task ran",
                    extra={"fields": {"task": run.task, "job_id": run.job_id}},
                )
        except Exception:
            db.session.rollback()
            log.exception("scheduler: the schedule could not be checked; trying again")
        stop.wait(tick)


def _describe(run: Run) -> str:
    job = db.session.get(Job, run.job_id)
    outcome = job.result or job.error or ""
    return f"{run.task} ({run.slot:%Y-%m-%d %H:%M} UTC): job {job.id} {job.status.value} {outcome}"


@click.command("scheduler")
@click.option("--once", is_flag=True, help="Run what is due now, then stop.")
@with_appcontext
def scheduler_command(once: bool) -> None:
    """Run the recurring tasks (analysis, purges, mail) once across all machines; needs Redis."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        raise click.ClickException(
            "flask scheduler needs REDIS_URL: the lock that makes every task run once across "
            "all machines lives in Redis. Without Redis, run the tasks from cron instead "
            "(docs/operations.md)."
        )
    connection = Redis.from_url(url)
    try:
        connection.ping()
    except RedisError as error:
        raise click.ClickException(f"Redis at REDIS_URL does not answer: {error}") from error
    if once:
        for run in run_due(connection):
            click.echo(_describe(run))
        return
    stop = threading.Event()
    for signal_number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signal_number, lambda *_: stop.set())
    names = ", ".join(task.name for task in active_tasks())
    click.echo(f"scheduler started (every {TICK_SECONDS} s): {names}")
    serve(connection, stop)
    click.echo("scheduler stopped")
