"""Background jobs run inline without Redis and on RQ with it; the Job row tells the story."""

from __future__ import annotations

import os
import threading

import pytest
from redis import Redis
from rq import Queue, SimpleWorker

from dialogue.extensions import db
from dialogue.jobs import QUEUE_NAME, Job, JobStatus, enqueue

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def add_numbers(job_id: int, a: int, b: int) -> int:
    return a + b


def explode(job_id: int) -> None:
    raise ValueError("kapot")


def test_inline_job_records_result(db):
    job = enqueue(add_numbers, 2, 3)
    job = db.session.get(Job, job.id)
    assert job.status == JobStatus.FINISHED and job.result == "5" and job.progress == 1.0
    assert job.started_at is not None and job.finished_at >= job.started_at


def test_inline_job_records_failure(db):
    job = enqueue(explode)
    job = db.session.get(Job, job.id)
    assert job.status == JobStatus.FAILED and "ValueError: kapot" in job.error


@pytest.fixture
def redis_app(make_app):
    connection = Redis.from_url(REDIS_URL)
    connection.flushdb()
    app = make_app(REDIS_URL=REDIS_URL)
    yield app, connection
    connection.flushdb()
    connection.close()


def test_rq_job_waits_for_a_worker_then_runs(redis_app):
    app, connection = redis_app
    with app.app_context():
        job = enqueue(add_numbers, 20, 22)
        job_id = job.id
        assert db.session.get(Job, job_id).status == JobStatus.QUEUED
    queue = Queue(QUEUE_NAME, connection=connection)
    assert queue.count == 1
    # Like `flask worker`, the worker runs inside the app's context and uses its database.
    with app.app_context():
        SimpleWorker([queue], connection=connection).work(burst=True)
    with app.app_context():
        db.session.expire_all()
        job = db.session.get(Job, job_id)
        assert job.status == JobStatus.FINISHED and job.result == "42"


def test_rq_job_failure_is_recorded(redis_app):
    app, connection = redis_app
    with app.app_context():
        job_id = enqueue(explode).id
    with app.app_context():
        SimpleWorker([Queue(QUEUE_NAME, connection=connection)], connection=connection).work(
            burst=True
        )
        db.session.expire_all()
        job = db.session.get(Job, job_id)
        assert job.status == JobStatus.FAILED and "kapot" in job.error


def test_translated_text_outside_a_request(app):
    from flask_babel import gettext

    with app.app_context():
        assert gettext("Er ging iets mis") == "Er ging iets mis"


def test_background_job_without_redis_runs_in_a_thread_not_in_the_request(make_app):
    """The caller gets its answer while the job still runs; the Job row tells the story."""
    app = make_app(JOBS_IN_THREAD=True)
    started, release = threading.Event(), threading.Event()

    def slow(job_id: int) -> str:
        started.set()
        assert release.wait(10)
        return "klaar"

    with app.app_context():
        job_id = enqueue(slow, background=True).id
        db.session.rollback()  # as at the end of a request: the job's thread may write now
        assert started.wait(10), "the job did not start"
        db.session.expire_all()
        assert db.session.get(Job, job_id).status == JobStatus.RUNNING  # caller is already back
        db.session.rollback()
    release.set()
    thread = next(t for t in threading.enumerate() if t.name == f"kernpunt-job-{job_id}")
    thread.join(10)
    with app.app_context():
        job = db.session.get(Job, job_id)
        assert job.status == JobStatus.FINISHED and job.result == "klaar"


def test_without_background_or_with_threads_off_the_job_runs_inline(make_app):
    app = make_app(JOBS_IN_THREAD=False)
    with app.app_context():
        job = db.session.get(Job, enqueue(add_numbers, 1, 2, background=True).id)
        assert job.status == JobStatus.FINISHED and job.result == "3"
