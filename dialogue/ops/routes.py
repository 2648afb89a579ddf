"""Probes for load balancers, the Prometheus endpoint, and the admins' page of scheduled tasks."""

from __future__ import annotations

import hmac

from flask import Blueprint, Response, abort, current_app, render_template, request
from prometheus_client import CONTENT_TYPE_LATEST

from dialogue.accounts.models import Role
from dialogue.extensions import limiter
from dialogue.ops.metrics import exposition
from dialogue.ops.overview import recent_runs, task_lines
from dialogue.ops.readiness import readiness
from dialogue.ops.state import shared_state
from dialogue.security import role_required

bp = Blueprint("ops", __name__)


@bp.get("/healthz")
@limiter.exempt
def healthz():
    """The process answers (liveness); touches nothing else."""
    return {"status": "ok"}


@bp.get("/readyz")
@limiter.exempt
def readyz():
    """Database at the migrations' head, Redis and queue reachable: 200, otherwise 503."""
    ready, checks = readiness()
    return {"status": "ok" if ready else "unavailable", "checks": checks}, 200 if ready else 503


@bp.get("/metrics")
@limiter.exempt
def metrics():
    """Prometheus metrics, for the bearer of KERNPUNT_METRICS_TOKEN only."""
    token = str(current_app.config.get("METRICS_TOKEN") or "")
    if not token:
        abort(404)
    if not _bearer_matches(token):
        return Response(
            "Unauthorized\n",
            status=401,
            mimetype="text/plain",
            headers={"WWW-Authenticate": 'Bearer realm="metrics"'},
        )
    return Response(exposition(shared_state()), content_type=CONTENT_TYPE_LATEST)


def _bearer_matches(token: str) -> bool:
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.strip().encode(), token.encode())


@bp.get("/werkplek/geplande-taken")
@role_required(Role.ADMIN)
def scheduled_tasks():
    """The recurring tasks of `flask scheduler` and how their last runs went."""
    return render_template("ops/scheduled_tasks.html", lines=task_lines(), runs=recent_runs())
