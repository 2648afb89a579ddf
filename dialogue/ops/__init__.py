"""Running Kernpunt as a service: request ids and logs, health checks, Prometheus metrics."""

from __future__ import annotations

from flask import Flask

from dialogue.ops import metrics, requestlog


def init_app(app: Flask) -> None:
    """Configure logging and register the request hooks (request id, log line, metrics)."""
    requestlog.init_app(app)
    metrics.init_app(app)
