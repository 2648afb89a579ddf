"""A job whose process died is marked failed ("onderbroken"), so nothing waits on it for good."""

from __future__ import annotations

from datetime import timedelta

import pytest
from redis import Redis
from rq import Queue

from dialogue.extensions import db
from dialogue.jobs import QUEUE_NAME, Job, JobStatus
from dialogue.jobsweep import INTERRUPTED, SWEEP_MARGIN, sweep_stuck_jobs, time_limit
from dialogue.ops.scheduler import run_due
from dialogue.themes.analysis import ANALYSIS_JOB, analysis_subject, request_analysis
from dialogue.timeutil import utcnow
from tests.factories import make_consultation
from tests.test_jobs import REDIS_URL


@pytest.fixture
def redis_app(make_app):
    connection = Redis.from_url(REDIS_URL)
    connection.flushdb()
    app = make_app(REDIS_URL=REDIS_URL)
    yield app, connection
    connection.flushdb()
    connection.close()


def _analysis_job(consultation, *, status=JobStatus.RUNNING, age=timedelta(0)) -> Job:
    """A Job row as a worker leaves it: running since `age` ago, nothing on RQ."""
    started = utcnow() - age
    job = Job(
        kind=ANALYSIS_JOB,
        subject=analysis_subject(consultation.id),
        municipality_id=consultation.municipality_id,
        status=status,
        created_at=started,
        started_at=started if status == JobStatus.RUNNING else None,
    )
    db.session.add(job)
    db.session.commit()
    return job


def test_an_analysis_running_past_its_limit_is_swept_and_can_be_requested_again(redis_app):
    app, connection = redis_app
    with app.app_context():
        consultation = make_consultation()
        age = time_limit(ANALYSIS_JOB) + SWEEP_MARGIN + timedelta(minutes=1)
        stuck_id = _analysis_job(consultation, age=age).id

        new = request_analysis(consultation)

        stuck = db.session.get(Job, stuck_id)
        assert new.id != stuck_id and new.status == JobStatus.QUEUED
        assert stuck.status == JobStatus.FAILED and stuck.error == INTERRUPTED
        assert stuck.finished_at is not None
        assert Queue(QUEUE_NAME, connection=connection).count == 1


def test_a_running_analysis_whose_rq_job_is_gone_is_swept(redis_app):
    """The kill test: worker and work horse got SIGKILL, Redis keeps no live job for it."""
    app, _ = redis_app
    with app.app_context():
        consultation = make_consultation()
        stuck_id = _analysis_job(consultation, age=timedelta(minutes=5)).id

        assert request_analysis(consultation).id != stuck_id
        assert db.session.get(Job, stuck_id).status == JobStatus.FAILED


def test_a_live_analysis_is_not_swept(redis_app):
    app, _ = redis_app
    with app.app_context():
        consultation = make_consultation()
        job = request_analysis(consultation)  # on the RQ queue under its own id
        job.status, job.created_at = JobStatus.RUNNING, utcnow() - timedelta(minutes=30)
        job.started_at = utcnow() - timedelta(minutes=20)
        db.session.commit()

        assert sweep_stuck_jobs() == 0
        assert request_analysis(consultation).id == job.id
        assert db.session.get(Job, job.id).status == JobStatus.RUNNING


def test_without_redis_only_the_time_limit_counts(db):
    consultation = make_consultation()
    fresh = _analysis_job(consultation, age=timedelta(minutes=30))
    other = make_consultation()
    limit = time_limit(ANALYSIS_JOB) + SWEEP_MARGIN
    queued = _analysis_job(other, status=JobStatus.QUEUED, age=limit + timedelta(minutes=1))

    assert sweep_stuck_jobs() == 1
    assert db.session.get(Job, fresh.id).status == JobStatus.RUNNING
    assert db.session.get(Job, queued.id).status == JobStatus.FAILED
    assert request_analysis(consultation).id == fresh.id


def test_the_scheduler_runs_the_sweep(redis_app):
    app, connection = redis_app
    with app.app_context():
        # Not an analysis: the nightly analysis would give that one up itself.
        started = utcnow() - timedelta(hours=2)
        stuck = Job(kind="export", status=JobStatus.RUNNING, created_at=started)
        stuck.started_at = started
        db.session.add(stuck)
        db.session.commit()
        stuck_id = stuck.id

        runs = run_due(connection)

        sweep = next(run for run in runs if run.task == "jobs_sweep")
        assert db.session.get(Job, sweep.job_id).result.startswith("1 vastgelopen")
        assert db.session.get(Job, stuck_id).status == JobStatus.FAILED
