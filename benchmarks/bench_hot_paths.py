"""Time the two hottest requests in process on a kept PostgreSQL database, with their statements.

    python benchmarks/scale.py --load-only --database kp_scale_dev     # 200,000 contributions
    python benchmarks/bench_hot_paths.py api --database kp_scale_dev --requests 600
    python benchmarks/bench_hot_paths.py page --database kp_scale_dev --requests 3000

``api`` posts contributions through ``POST /api/v1/consultations/<id>/contributions`` into the
largest consultation (8 residents' tokens, made here); ``page`` asks for that consultation's
public page as a logged-out visitor (kept in Redis db 11, the cache of the page). Both go
through the Flask test client, so they measure the app without gunicorn and the network.
Printed: the SQL statements of one request, the median wall time, and the process's CPU time
per request (the database server's time is not in it). The CPU time moves far less than the
wall time when other work shares the machine; compare runs with the load average beside them.
Posting adds rows to the database.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _environment(database: str) -> None:
    os.environ.update(
        {
            "DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:5432/{database}",
            "REDIS_URL": "redis://127.0.0.1:6379/11",
            "SECRET_KEY": "hot-paths-benchmark-secret-key-not-for-production",
            "KERNPUNT_RATELIMIT_ENABLED": "false",
            "KERNPUNT_ENV": "development",
            "KERNPUNT_LOG_FORMAT": "json",
            "KERNPUNT_ARGON2_FAST": "true",
            "KERNPUNT_INSTANCE_PATH": tempfile.mkdtemp(prefix="kernpunt-hot-paths-"),
        }
    )


def _largest_consultation(db):
    from sqlalchemy import func, select

    from dialogue.consultations.models import Consultation
    from dialogue.contributions.models import Contribution

    consultation_id = db.session.scalar(
        select(Contribution.consultation_id)
        .group_by(Contribution.consultation_id)
        .order_by(func.count().desc())
        .limit(1)
    )
    return db.session.get(Consultation, consultation_id)


def _tokens(db, count: int = 8) -> list[str]:
    from sqlalchemy import select

    from dialogue.accounts.models import Role, User
    from dialogue.accounts.services import create_api_token

    residents = db.session.scalars(
        select(User)
        .where(
            User.role == Role.RESIDENT,
            User.active.is_(True),
            User.email_confirmed_at.is_not(None),
        )
        .limit(count)
    ).all()
    tokens = [create_api_token(user) for user in residents]
    db.session.commit()
    return tokens


def _request(what: str, app, db):
    """Return a function that makes one request and checks its status."""
    with app.app_context():
        consultation = _largest_consultation(db)
        if what == "page":
            url = f"/{consultation.municipality.slug}/{consultation.slug}"
        else:
            url = f"/api/v1/consultations/{consultation.id}/contributions"
            tokens = _tokens(db)
    client = app.test_client(use_cookies=False)
    count = iter(range(10**9))

    def page() -> None:
        assert client.get(url).status_code == 200

    def post() -> None:
        n = next(count)
        body = {
            "text": f"De weg bij de school is onveilig voor fietsers, melding {uuid.uuid4().hex[:8]}.",
            "client_ref": uuid.uuid4().hex,
        }
        headers = {"Authorization": f"Bearer {tokens[n % len(tokens)]}"}
        response = client.post(url, json=body, headers=headers)
        assert response.status_code == 201, response.status_code

    return page if what == "page" else post


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("api", "page"))
    parser.add_argument("--database", default="kp_scale_dev")
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument(
        "--profile", type=int, default=0, help="print cProfile's top N functions (cumulative)"
    )
    args = parser.parse_args()
    _environment(args.database)
    import logging

    from sqlalchemy import event

    from dialogue import create_app
    from dialogue.extensions import db

    app = create_app()
    logging.getLogger("dialogue.request").setLevel(logging.WARNING)
    one = _request(args.what, app, db)
    for _ in range(30):  # warm up: the NLP pipeline, the theme model, the kept page
        one()
    with app.app_context():
        engine = db.engine
    statements: list[str] = []
    note = lambda *event_args: statements.append(" ".join(event_args[2].split())[:100])  # noqa: E731
    event.listen(engine, "before_cursor_execute", note)
    one()
    event.remove(engine, "before_cursor_execute", note)
    timings = []
    profiler = cProfile.Profile(time.process_time) if args.profile else None  # CPU time
    cpu = time.process_time()
    for _ in range(args.requests):
        start = time.perf_counter()
        if profiler is not None:
            profiler.runcall(one)
        else:
            one()
        timings.append((time.perf_counter() - start) * 1000)
    cpu_ms = (time.process_time() - cpu) * 1000 / args.requests
    if profiler is not None:
        pstats.Stats(profiler).sort_stats(os.environ.get("PROFILE_SORT", "cumulative")).print_stats(
            args.profile
        )
    print(
        json.dumps(
            {
                "what": args.what,
                "requests": args.requests,
                "statements": statements,
                "median_ms": round(statistics.median(timings), 2),
                "cpu_ms_per_request": round(cpu_ms, 2),
                "load_average": os.getloadavg(),
                "utc": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()),
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
