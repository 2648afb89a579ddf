"""What the ops hooks add to each request: the request id, the log line, the two metrics.

Times each part on its own with timeit (best of --repeat runs of --number calls), the log
line written to /dev/null in both formats. Run it again with PROMETHEUS_MULTIPROC_DIR set
to an empty folder for the multiprocess mode that gunicorn uses.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_request_overhead.py [--number 20000]
"""

from __future__ import annotations

import argparse
import logging
import os
import timeit

from dialogue.ops import metrics, requestlog

FIELDS = {"method": "GET", "route": "/healthz", "status": 200, "duration_ms": 1.2, "user_id": 7}


def log_line(formatter: logging.Formatter) -> None:
    handler = logging.StreamHandler(open(os.devnull, "w"))  # noqa: SIM115 - lives with the run
    handler.setFormatter(formatter)
    logger = logging.getLogger("bench.request")
    logger.handlers, logger.propagate = [handler], False
    logger.setLevel(logging.INFO)
    logger.info("request", extra={"fields": FIELDS})


def count_request() -> None:
    metrics.REQUEST_LATENCY.labels("ops.healthz", "GET").observe(0.001)
    metrics.REQUESTS.labels("ops.healthz", "GET", "200").inc()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--number", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5)
    arguments = parser.parse_args()
    logger = logging.getLogger("bench.request")
    parts = {
        "request id (made)": lambda: requestlog.accepted_request_id(None),
        "log line (json)": lambda: logger.info("request", extra={"fields": FIELDS}),
        "metrics (histogram + counter)": count_request,
    }
    mode = "multiprocess" if os.environ.get("PROMETHEUS_MULTIPROC_DIR") else "single process"
    for name, part in parts.items():
        if name.startswith("log line"):
            log_line(requestlog.JsonFormatter())
        best = min(timeit.repeat(part, number=arguments.number, repeat=arguments.repeat))
        print(f"{name}: {best / arguments.number * 1e6:.1f} µs per request ({mode})")
    log_line(requestlog.TextFormatter())
    best = min(
        timeit.repeat(
            lambda: logger.info("request", extra={"fields": FIELDS}),
            number=arguments.number,
            repeat=arguments.repeat,
        )
    )
    print(f"log line (text): {best / arguments.number * 1e6:.1f} µs per request")


if __name__ == "__main__":
    main()
