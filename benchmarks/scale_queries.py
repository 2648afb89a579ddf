"""The slowest SQL statements of the pages ``scale.py`` measures, in process.

Runs each page through Flask's test client on a database loaded by
``scale.py --load-only --database kp_scale_dev`` (kept), logged in as the first
municipality's moderator or analyst, and times every statement with SQLAlchemy's cursor
events. Prints, per page, the request time, the number of statements and the slowest ones;
with ``--explain`` also PostgreSQL's plan (EXPLAIN ANALYZE) of the slowest.

Run: .venv/bin/python benchmarks/scale_queries.py [--database kp_scale_dev] [--explain]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", default="kp_scale_dev")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--top", type=int, default=4)
    parser.add_argument("--only", nargs="*", help="pages whose label has one of these words")
    args = parser.parse_args(argv)
    os.environ.update(
        {
            "DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:5432/{args.database}",
            "KERNPUNT_INSTANCE_PATH": tempfile.mkdtemp(prefix="kernpunt-queries-"),
            "KERNPUNT_RATELIMIT_ENABLED": "false",
            "KERNPUNT_PUBLIC_PAGE_CACHE": "false",
        }
    )
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))
    from scale_phases import _pages
    from sqlalchemy import event, select

    from dialogue import create_app
    from dialogue.accounts.models import Role, User
    from dialogue.consultations.models import Consultation
    from dialogue.extensions import db
    from tests.conftest import login

    app = create_app()
    app.config["WTF_CSRF_ENABLED"] = False
    statements: list[tuple[float, str, Any]] = []

    with app.app_context():
        consultation = db.session.scalar(select(Consultation).filter_by(slug="groot"))
        users = {
            role: db.session.scalar(
                select(User).filter_by(role=role, municipality_id=consultation.municipality_id)
            )
            for role in (Role.MODERATOR, Role.ANALYST)
        }
        loaded = type(
            "Loaded",
            (),
            {
                "municipality_slug": consultation.municipality.slug,
                "consultation_slug": consultation.slug,
                "consultation_id": consultation.id,
            },
        )
        engine = db.engine
        clients = {role.value: login(app.test_client(), user) for role, user in users.items()}

    @event.listens_for(engine, "before_cursor_execute")
    def _before(conn, cursor, statement, parameters, context, executemany):
        conn.info.setdefault("started", []).append(time.perf_counter())

    @event.listens_for(engine, "after_cursor_execute")
    def _after(conn, cursor, statement, parameters, context, executemany):
        took = (time.perf_counter() - conn.info["started"].pop()) * 1000
        statements.append((took, statement, parameters))

    clients[None] = app.test_client()
    for label, (path, role) in _pages(loaded).items():
        if args.only and not any(word in label for word in args.only):
            continue
        client = clients[role]
        timings = []
        for _ in range(args.repeat):
            statements.clear()
            began = time.perf_counter()
            response = client.get(path.format(n=37))
            timings.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, (label, response.status_code)
        total_sql = sum(took for took, _, _ in statements)
        print(
            f"\n## {label}: {min(timings):.0f} ms (best of {args.repeat}), "
            f"{len(statements)} statements, {total_sql:.0f} ms in SQL"
        )
        for took, statement, parameters in sorted(statements, key=lambda s: -s[0])[: args.top]:
            print(f"  {took:7.1f} ms  {' '.join(statement.split())[:400]}")
            if args.explain and statement.lstrip().upper().startswith("SELECT"):
                with app.app_context():
                    plan = db.session.connection().exec_driver_sql(
                        "EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters
                    )
                    for (line,) in plan:
                        print(f"            {line}")
                    db.session.rollback()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
