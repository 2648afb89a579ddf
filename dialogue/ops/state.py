"""What all processes share, read at scrape time: queue length, jobs, open signals."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from flask import current_app
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from sqlalchemy import case, func, select
from sqlalchemy.sql import ColumnElement

from dialogue.db import reading_without_write_lock
from dialogue.extensions import db
from dialogue.jobs import QUEUE_NAME, Job, JobStatus
from dialogue.ops.readiness import redis_connection

log = logging.getLogger(__name__)

#: Upper bounds (seconds) of the job duration buckets.
JOB_BUCKETS = (1.0, 5.0, 15.0, 60.0, 300.0, 900.0, 3600.0)


def shared_state() -> Iterator[Metric]:
    """Yield the metric families read from the database and Redis; a failed source says so."""
    up = GaugeMetricFamily(
        "kernpunt_state_source_up",
        "Whether the last read of a shared source for /metrics worked (1) or not (0).",
        labels=["source"],
    )
    try:
        with reading_without_write_lock():
            families = list(_database_state())
        yield from families
        up.add_metric(["database"], 1)
    except Exception as error:
        db.session.rollback()
        log.warning("metrics: database not read (%s)", type(error).__name__)
        up.add_metric(["database"], 0)
    if current_app.config.get("REDIS_URL"):
        try:
            yield _queue_length()
            up.add_metric(["redis"], 1)
        except Exception as error:
            log.warning("metrics: queue length not read (%s)", type(error).__name__)
            up.add_metric(["redis"], 0)
    yield up


def _database_state() -> Iterator[Metric]:
    from dialogue.signals.models import Signal, SignalStatus

    open_signals = db.session.scalar(
        select(func.count()).select_from(Signal).where(Signal.status == SignalStatus.NEW)
    )
    signals = GaugeMetricFamily(
        "kernpunt_signals_open", "Early-warning signals nobody has acknowledged or dismissed yet."
    )
    signals.add_metric([], open_signals or 0)
    families = [signals, _job_runs(), _job_durations()]
    db.session.rollback()  # end the read: nothing was written
    yield from families


def _job_runs() -> Metric:
    runs = CounterMetricFamily(
        "kernpunt_job_runs",
        "Background jobs per kind and status (queued, running, finished, failed), all machines.",
        labels=["kind", "status"],
    )
    rows = db.session.execute(
        select(Job.kind, Job.status, func.count()).group_by(Job.kind, Job.status)
    )
    for kind, status, count in rows:
        runs.add_metric([kind, status.value], count)
    return runs


def _seconds_between(start: ColumnElement, end: ColumnElement) -> ColumnElement:
    if db.engine.dialect.name == "sqlite":
        return (func.julianday(end) - func.julianday(start)) * 86400.0
    return func.extract("epoch", end - start)


def _job_durations() -> Metric:
    """A histogram of how long finished and failed jobs ran, per kind, from their rows."""
    seconds = _seconds_between(Job.started_at, Job.finished_at)
    bucket_counts = [func.sum(case((seconds <= bound, 1), else_=0)) for bound in JOB_BUCKETS]
    rows = db.session.execute(
        select(Job.kind, func.count(), func.sum(seconds), *bucket_counts)
        .where(
            Job.status.in_([JobStatus.FINISHED, JobStatus.FAILED]),
            Job.started_at.is_not(None),
            Job.finished_at.is_not(None),
        )
        .group_by(Job.kind)
    )
    family = HistogramMetricFamily(
        "kernpunt_job_duration_seconds",
        "How long background jobs ran, from start to end, per kind (all machines).",
        labels=["kind"],
    )
    for kind, count, total, *cumulative in rows:
        buckets = [(str(bound), n or 0) for bound, n in zip(JOB_BUCKETS, cumulative, strict=True)]
        buckets.append(("+Inf", count))
        family.add_metric([kind], buckets, float(total or 0.0))
    return family


def _queue_length() -> Metric:
    from rq import Queue

    connection = redis_connection(current_app.config["REDIS_URL"])
    try:
        length = Queue(QUEUE_NAME, connection=connection).count
    finally:
        connection.close()
    family = GaugeMetricFamily(
        "kernpunt_queue_length", "Jobs waiting in the RQ queue.", labels=["queue"]
    )
    family.add_metric([QUEUE_NAME], length)
    return family
