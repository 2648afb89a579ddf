"""The nightly re-analysis of open consultations, scheduled by the RQ worker."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from flask import current_app
from sqlalchemy import select

from dialogue.consultations.models import Consultation, ConsultationStatus
from dialogue.extensions import db
from dialogue.jobs import Job, JobStatus, run_job

NIGHTLY_JOB = "nightly_analysis"
#: When the nightly analysis runs (UTC).
NIGHTLY_AT = time(2, 0)


def next_run(now: datetime) -> datetime:
    """Return the next NIGHTLY_AT after now (naive UTC)."""
    candidate = datetime.combine(now.date(), NIGHTLY_AT)
    return candidate if candidate > now else candidate + timedelta(days=1)


def schedule_nightly(queue) -> Job:
    """Make sure one nightly analysis is scheduled on queue; return its Job row."""
    pending = db.session.scalar(
        select(Job).where(Job.kind == NIGHTLY_JOB, Job.status == JobStatus.QUEUED)
    )
    if pending is not None:
        return pending
    job = Job(kind=NIGHTLY_JOB)
    db.session.add(job)
    db.session.commit()
    when = next_run(datetime.now(UTC).replace(tzinfo=None)).replace(tzinfo=UTC)
    queue.enqueue_at(when, run_job, nightly_analysis, job.id)
    return job


def nightly_analysis(job_id: int) -> str:
    """Queue a re-analysis of every open consultation, remove what the privacy statement says
    is not kept (unconfirmed input and accounts, old e-mail records), schedule the next night."""
    from redis import Redis
    from rq import Queue

    from dialogue.accounts.retention import purge_unconfirmed_accounts
    from dialogue.contributions.retention import purge_unconfirmed
    from dialogue.jobs import QUEUE_NAME
    from dialogue.mail_delivery import purge_old_mail
    from dialogue.themes.analysis import request_analysis

    consultations = db.session.scalars(
        select(Consultation).where(Consultation.status == ConsultationStatus.OPEN)
    ).all()
    for consultation in consultations:
        request_analysis(consultation)
    purged = purge_unconfirmed() + purge_unconfirmed_accounts()
    purge_old_mail()
    # This job is still "running": mark it done first so the next one can be scheduled.
    job = db.session.get(Job, job_id)
    job.status = JobStatus.FINISHED
    db.session.commit()
    connection = Redis.from_url(current_app.config["REDIS_URL"])
    schedule_nightly(Queue(QUEUE_NAME, connection=connection))
    return f"{len(consultations)} raadplegingen in de wachtrij, {purged} onbevestigd verwijderd"
