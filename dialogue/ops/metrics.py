"""Prometheus metrics: counted in each process, plus the state read from the database at scrape.

Counters and histograms of requests, posted input and moderation decisions live in the
process that sees them; with several gunicorn workers set PROMETHEUS_MULTIPROC_DIR (an empty
folder per start, see scripts/serve.sh) so that /metrics adds up all workers. What several
machines share (queue length, jobs, open signals) is read from Redis and the database when
/metrics is scraped, so any web process reports the whole installation. No metric carries
personal data: labels are route names, methods, status codes, job kinds, enum values.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

from flask import Flask, Response, g, request
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import Metric
from prometheus_client.multiprocess import MultiProcessCollector
from sqlalchemy import event
from sqlalchemy.orm import Session

from dialogue.ops.requestlog import request_duration

#: Methods kept as a label value; anything else is counted as "other".
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
#: Upper bounds (seconds) of the request latency buckets.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
#: Key in Session.info: what this transaction posted and decided, counted at its commit.
_PENDING = "kernpunt_metrics_pending"

disable_created_metrics()  # the *_created series only double what Prometheus records itself

REQUEST_LATENCY = Histogram(
    "kernpunt_http_request_duration_seconds",
    "Time from the first request hook to the response, per route endpoint.",
    ["endpoint", "method"],
    buckets=LATENCY_BUCKETS,
)
REQUESTS = Counter(
    "kernpunt_http_requests",
    "Answered requests per route endpoint, method and status code.",
    ["endpoint", "method", "status"],
)
CONTRIBUTIONS_POSTED = Counter(
    "kernpunt_contributions_posted",
    "Input stored (committed), per channel and the status it got.",
    ["channel", "status"],
)
MODERATION_DECISIONS = Counter(
    "kernpunt_moderation_decisions",
    "Moderation decisions stored (committed), per decision.",
    ["decision"],
)


def _observe_request(response: Response) -> Response:
    if "request_id" not in g:
        return response
    endpoint = request.url_rule.endpoint if request.url_rule else "none"
    method = request.method if request.method in KNOWN_METHODS else "other"
    REQUEST_LATENCY.labels(endpoint, method).observe(request_duration())
    REQUESTS.labels(endpoint, method, str(response.status_code)).inc()
    return response


@event.listens_for(Session, "after_flush")
def _remember_new_rows(session: Session, _context: object) -> None:
    """Note the input and decisions this flush inserted; they count once committed."""
    for row in session.new:
        count_when_committed(session, row)


def count_when_committed(session: Session, row: object) -> None:
    """Count a new row of input or a new decision when session commits (other rows: nothing).

    Called for every row a flush inserts, and for input inserted without a flush
    (dialogue/contributions/insertion.py).
    """
    from dialogue.contributions.models import Contribution
    from dialogue.moderation.models import ModerationDecision

    if isinstance(row, Contribution):
        key = ("contribution", row.channel.value, row.status.value)
    elif isinstance(row, ModerationDecision):
        key = ("decision", row.decision.value)
    else:
        return
    session.info.setdefault(_PENDING, []).append(key)


@event.listens_for(Session, "after_commit")
def _count_committed(session: Session) -> None:
    if session.in_nested_transaction():
        return
    for key in session.info.pop(_PENDING, ()):
        if key[0] == "contribution":
            CONTRIBUTIONS_POSTED.labels(key[1], key[2]).inc()
        else:
            MODERATION_DECISIONS.labels(key[1]).inc()


@event.listens_for(Session, "after_transaction_end")
def _forget_rolled_back(session: Session, transaction: object) -> None:
    if getattr(transaction, "parent", None) is None:
        session.info.pop(_PENDING, None)


class _Collected:
    """A collector that yields metric families read beforehand."""

    def __init__(self, families: Iterable[Metric]) -> None:
        self._families = list(families)

    def collect(self) -> Iterator[Metric]:
        yield from self._families


def exposition(state: Iterable[Metric]) -> bytes:
    """Return the Prometheus text: this process (or all gunicorn workers) plus the state."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        processes = CollectorRegistry()
        MultiProcessCollector(processes)
    else:
        processes = REGISTRY
    shared = CollectorRegistry()
    shared.register(_Collected(state))
    return generate_latest(processes) + generate_latest(shared)


def init_app(app: Flask) -> None:
    """Count every answered request."""
    app.after_request(_observe_request)
