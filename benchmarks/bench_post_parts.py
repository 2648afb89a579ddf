"""Where an API post's CPU time goes, part by part, in process on a kept PostgreSQL database.

    python benchmarks/scale.py --load-only --keep --database kp_api_scale --redis-db 11  # once
    python benchmarks/bench_post_parts.py --database kp_api_scale --requests 1000

Posts go through the Flask test client into the largest consultation, as in
``bench_hot_paths.py api``. Each named part of the request is wrapped with the thread's CPU
clock (``time.thread_time_ns``), so waiting for PostgreSQL is not in it; parts nest (the
first query holds the pool checkout and the ORM's loading of its rows), so they do not add
up. Printed: CPU milliseconds per post for each part, the whole WSGI call first. Compare
two checkouts by running each one's copy of this script; the load average is printed with
the figures, as every part grows when other work shares the cores.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

_totals: dict[str, int] = {}
#: (owner, attribute, label) of every wrapped part, in the order printed.
PARTS: list[tuple[Any, str, str]] = []


def _timed(function: Callable[..., Any], label: str) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.thread_time_ns()
        try:
            return function(*args, **kwargs)
        finally:
            _totals[label] = _totals.get(label, 0) + time.thread_time_ns() - started

    return timed


def _wrap(owner: Any, name: str, label: str) -> None:
    setattr(owner, name, _timed(getattr(owner, name), label))


def _wrap_parts(app: Any) -> None:
    """Wrap the parts of a post where the code names them (module attributes as looked up)."""
    import flask
    import sqlalchemy.orm.loading
    import sqlalchemy.orm.session
    import sqlalchemy.pool.base

    import dialogue.api.routes as routes
    import dialogue.contributions.screening as screening
    import dialogue.contributions.services as services
    import dialogue.themes.enrichment as enrichment
    import nlp.themes

    PARTS[:] = [
        (routes, "api_poster", "first query (token, user, consultation, ...)"),
        (sqlalchemy.pool.base.Pool, "connect", "  of which: pool checkout with ping"),
        (sqlalchemy.orm.loading, "instances", "  ORM loading of rows (any query)"),
        (routes, "_read_ahead", "body read ahead"),
        (routes, "prepare_contribution", "validation, screening and placement"),
        (enrichment, "enrichment_of", "  of which: the NLP pipeline"),
        (screening, "automatic_flags", "  of which: automatic flags"),
        (nlp.themes, "place", "  of which: theme placement"),
        (services, "insert_contribution", "the INSERT"),
        (sqlalchemy.orm.session.Session, "commit", "the commit"),
        (flask.Flask, "preprocess_request", "before-request hooks"),
        (flask.Flask, "process_response", "after-request hooks"),
        (routes, "jsonify", "the receipt's JSON"),
    ]
    for owner, name, label in PARTS:
        _wrap(owner, name, label)
    app.wsgi_app = _timed(app.wsgi_app, "the whole WSGI call")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="kp_api_scale")
    parser.add_argument("--requests", type=int, default=1000)
    args = parser.parse_args()
    import bench_hot_paths

    bench_hot_paths._environment(args.database)
    from dialogue import create_app
    from dialogue.extensions import db

    app = create_app()
    logging.getLogger("dialogue.request").setLevel(logging.WARNING)
    post = bench_hot_paths._request("api", app, db)
    _wrap_parts(app)
    for _ in range(50):  # warm up: the NLP pipeline, the theme model, prepared statements
        post()
    _totals.clear()
    for _ in range(args.requests):
        post()
    order = ["the whole WSGI call"] + [label for _owner, _name, label in PARTS]
    parts = {
        label: round(_totals[label] / args.requests / 1e6, 3) for label in order if label in _totals
    }
    print(
        json.dumps(
            {
                "requests": args.requests,
                "cpu_ms_per_post": parts,
                "load_average": os.getloadavg(),
                "utc": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()),
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
