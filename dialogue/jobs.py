"""Background jobs: a Job row plus a function, on RQ when REDIS_URL is set, inline otherwise."""

from __future__ import annotations

import enum
import logging
import threading
import traceback
from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask import Flask, current_app
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from dialogue.enums import enum_column
from dialogue.extensions import db
from dialogue.ops.requestlog import current_request_id, reset_job_request_id, set_job_request_id
from dialogue.timeutil import utcnow

log = logging.getLogger(__name__)

#: Name of the RQ queue all Kernpunt jobs use.
QUEUE_NAME = "kernpunt"
#: Seconds RQ lets a job run before it stops it (dialogue/jobsweep.py gives up after that).
JOB_TIMEOUT_SECONDS = 3600


class JobStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    FINISHED = "finished"
    FAILED = "failed"


class Job(db.Model):
    """The visible state of a background job: status, progress and error."""

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(60), index=True)
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"))
    #: What the job works on, e.g. "consultation:12"; one running job per key.
    subject: Mapped[str | None] = mapped_column(String(80), index=True)
    status: Mapped[JobStatus] = mapped_column(enum_column(JobStatus), default=JobStatus.QUEUED)
    progress: Mapped[float] = mapped_column(default=0.0)
    error: Mapped[str | None] = mapped_column(Text)
    result: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        return f"<Job {self.id} {self.kind} {self.status.value}>"


def enqueue(
    function: Callable[..., Any], *args: Any, job: Job | None = None, background: bool = False
) -> Job:
    """Run function(job_id, *args) on RQ, or right away when no Redis is configured.

    Without Redis the job runs inline, or, when `background` is asked for and JOBS_IN_THREAD
    is on, in a thread of this process with its own app context and database session: the
    request that started it returns at once. The caller must have committed the Job row.
    """
    if job is None:
        job = Job(kind=function.__name__)
        db.session.add(job)
        db.session.commit()
    redis_url = current_app.config.get("REDIS_URL")
    if redis_url:
        from redis import Redis
        from rq import Queue

        queue = Queue(QUEUE_NAME, connection=Redis.from_url(redis_url))
        request_id = current_request_id()
        queue.enqueue(
            run_job,
            function,
            job.id,
            *args,
            job_timeout=JOB_TIMEOUT_SECONDS,
            job_id=rq_job_id(job.id),
            request_id=request_id,
        )
    elif background and current_app.config.get("JOBS_IN_THREAD"):
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        thread = threading.Thread(
            target=_run_in_thread,
            args=(app, function, job.id, *args),
            name=f"kernpunt-job-{job.id}",
            daemon=True,
        )
        thread.start()
    else:
        run_job(function, job.id, *args)
    return job


def rq_job_id(job_id: int) -> str:
    """Return the id of the RQ job that runs a Job row: the sweep looks it up by this id."""
    return f"kernpunt-job-{job_id}"


def _run_in_thread(app: Flask, function: Callable[..., Any], job_id: int, *args: Any) -> None:
    """Run a job in a thread: its own app context, so its own database session."""
    with app.app_context():
        try:
            _run_in_context(function, job_id, *args)
        finally:
            db.session.remove()


def run_job(
    function: Callable[..., Any], job_id: int, *args: Any, request_id: str | None = None
) -> None:
    """Run one job, recording its status; works inside or outside an app context.

    request_id is the id of the request that queued the job: the job's log lines carry it.
    """
    from flask import has_app_context

    marker = set_job_request_id(request_id) if request_id else None
    try:
        if has_app_context():
            _run_in_context(function, job_id, *args)
            return
        from dialogue import create_app

        with create_app().app_context():
            _run_in_context(function, job_id, *args)
    finally:
        if marker is not None:
            reset_job_request_id(marker)


def _run_in_context(function: Callable[..., Any], job_id: int, *args: Any) -> None:
    job = db.session.get(Job, job_id)
    if job is None:
        log.warning("job %s vanished before it ran", job_id)
        return
    job.status, job.started_at = JobStatus.RUNNING, utcnow()
    fields = {"job_id": job_id, "kind": job.kind}
    db.session.commit()
    log.info("job started", extra={"fields": fields})
    try:
        result = function(job_id, *args)
    except Exception as error:
        db.session.rollback()
        job = db.session.get(Job, job_id)
        job.status, job.finished_at = JobStatus.FAILED, utcnow()
        job.error = f"{type(error).__name__}: {error}"
        fields = _finished_fields(job)
        db.session.commit()
        log.error("job failed\n%s", traceback.format_exc(), extra={"fields": fields})
        return
    job = db.session.get(Job, job_id)
    job.status, job.finished_at, job.progress = JobStatus.FINISHED, utcnow(), 1.0
    job.result = None if result is None else str(result)
    fields = _finished_fields(job)
    db.session.commit()
    log.info("job finished", extra={"fields": fields})


def _finished_fields(job: Job) -> dict[str, Any]:
    """What the log says about an ended job: id, kind, status, seconds; never its result.

    Read before the commit: reading after it would start a transaction (on SQLite the
    write lock) that stays open until the next commit.
    """
    seconds = (job.finished_at - job.started_at).total_seconds() if job.started_at else None
    return {"job_id": job.id, "kind": job.kind, "status": job.status.value, "seconds": seconds}


def set_progress(job_id: int, fraction: float) -> None:
    """Record progress (0..1) of a running job and commit it so the UI sees it."""
    job = db.session.get(Job, job_id)
    if job is not None:
        job.progress = max(0.0, min(1.0, fraction))
        db.session.commit()
