"""Give up jobs whose process died: a Job row must not stay `queued` or `running` for good.

A worker killed with its work horse (SIGKILL, out of memory, a machine gone) never records
the end of its job, and request_analysis would keep returning that job: the consultation
could never be analysed again. sweep_stuck_jobs marks such a job failed ("onderbroken") when

* it has been running longer than its kind's time limit plus a margin (RQ itself stops a job
  at the limit, and run_job records that; past the margin nobody will), or
* with Redis, its RQ job is gone, failed, stopped or finished while the row still says
  queued or running (checked once the row is MISSING_GRACE old, so that a job just committed
  and not yet on the queue is left alone). Scheduled tasks run in the scheduler, not on RQ:
  for them only the time limit counts.

Without Redis (jobs inline or in a thread) the time limit counts for queued jobs too. The
sweep runs every 10 minutes from `flask scheduler` (task `jobs_sweep`) and whenever
request_analysis finds a queued or running analysis.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import or_, select, update

from dialogue.extensions import db
from dialogue.jobs import JOB_TIMEOUT_SECONDS, Job, JobStatus, rq_job_id
from dialogue.timeutil import utcnow

log = logging.getLogger(__name__)

#: Time limits (seconds) of kinds that differ from JOB_TIMEOUT_SECONDS.
TIME_LIMITS: dict[str, int] = {}
#: After its limit a job has this long to record its own end before it is given up.
SWEEP_MARGIN = timedelta(minutes=5)
#: A queued or running job whose RQ job is missing is given up once it is this old.
MISSING_GRACE = timedelta(minutes=2)
#: The error of a job given up, as admins and officials read it.
INTERRUPTED = "onderbroken: de taak stopte zonder af te ronden (proces beëindigd of te lang bezig)"
#: RQ states in which an RQ job will never record the end of its Job row.
_DEAD_RQ_STATES = {"failed", "stopped", "canceled", "finished"}


def time_limit(kind: str) -> timedelta:
    """Return how long a job of this kind may run."""
    return timedelta(seconds=TIME_LIMITS.get(kind, JOB_TIMEOUT_SECONDS))


def sweep_stuck_jobs(*, now: datetime | None = None) -> int:
    """Mark queued or running jobs whose process is gone as failed; return how many."""
    now = now or utcnow()
    query = select(Job).where(Job.status.in_([JobStatus.QUEUED, JobStatus.RUNNING]))
    candidates = db.session.scalars(query.order_by(Job.id)).all()
    swept = sum(interrupt_if_stuck(job, now=now) for job in candidates)
    db.session.commit()
    return swept


def interrupt_if_stuck(job: Job, *, now: datetime | None = None) -> bool:
    """Mark one queued or running job failed when it will never end; the caller commits."""
    now = now or utcnow()
    reason = _why_stuck(job, now)
    if reason is None:
        return False
    fields = {"job_id": job.id, "kind": job.kind, "status": job.status.value, "reason": reason}
    if not _give_up(job.id, now):
        return False  # it ended meanwhile
    log.warning("job interrupted", extra={"fields": fields})
    return True


def _why_stuck(job: Job, now: datetime) -> str | None:
    """Say why a queued or running job will never end, or None when it may still."""
    limit = time_limit(job.kind) + SWEEP_MARGIN
    on_rq = bool(current_app.config.get("REDIS_URL")) and not _runs_in_scheduler(job)
    if job.status == JobStatus.RUNNING and job.started_at and job.started_at < now - limit:
        return "over its time limit"
    if not on_rq:
        if job.status == JobStatus.QUEUED and job.created_at < now - limit:
            return "queued past its time limit"
        return None
    if job.created_at < now - MISSING_GRACE and _rq_job_dead(job.id):
        return "its RQ job is gone or ended"
    return None


def _runs_in_scheduler(job: Job) -> bool:
    return bool(job.subject and job.subject.startswith("schedule:"))


def _rq_job_dead(job_id: int) -> bool:
    """True when RQ no longer has a live job for this Job row."""
    from redis import Redis
    from rq.exceptions import NoSuchJobError
    from rq.job import Job as RQJob

    connection = Redis.from_url(current_app.config["REDIS_URL"])
    try:
        status = RQJob.fetch(rq_job_id(job_id), connection=connection).get_status()
    except NoSuchJobError:
        return True
    finally:
        connection.close()
    return status is None or str(getattr(status, "value", status)) in _DEAD_RQ_STATES


def _give_up(job_id: int, now: datetime) -> int:
    """Mark one job failed unless it ended meanwhile; return 1 when this sweep did it."""
    result = db.session.execute(
        update(Job)
        .where(
            Job.id == job_id,
            or_(Job.status == JobStatus.QUEUED, Job.status == JobStatus.RUNNING),
        )
        .values(status=JobStatus.FAILED, finished_at=now, error=INTERRUPTED)
        .execution_options(synchronize_session="fetch")
    )
    return result.rowcount


def sweep_task(job_id: int) -> str:
    """The scheduled task: sweep every stuck job."""
    return f"{sweep_stuck_jobs()} vastgelopen taken als onderbroken gemarkeerd"
