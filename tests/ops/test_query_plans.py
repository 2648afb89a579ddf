"""Query plans at scale, checked with EXPLAIN on PostgreSQL (benchmarks/scale.py found them).

With 200,000 contributions the moderation queue's listing crossed PostgreSQL's JIT threshold
(planner cost 100,000): compiling took about 120 ms of a 245 ms query. The app's connections
switch JIT off (dialogue/db.py); these tests force the threshold to 0 so that a small
database shows what a large one would.
"""

from __future__ import annotations

import os

import pytest
from sqlalchemy import event, select, text

from dialogue.contributions.models import ContributionStatus
from dialogue.extensions import db
from dialogue.moderation.queue import QueueFilters, queue_items
from tests.factories import make_consultation, make_contribution

pytestmark = pytest.mark.postgres


def _plan(statement: str) -> dict:
    """EXPLAIN (ANALYZE, FORMAT JSON) on the session's own connection; return the plan."""
    return db.session.execute(text(f"EXPLAIN (ANALYZE, FORMAT JSON) {statement}")).scalar()[0]


def test_app_connections_run_without_jit(app):
    with app.app_context():
        assert db.session.scalar(text("SHOW jit")) == "off"
        db.session.execute(text("SET LOCAL jit_above_cost = 0"))
        plan = _plan("SELECT count(*) FROM contribution WHERE text_fingerprint > ''")
        db.session.rollback()
    assert "JIT" not in plan


def test_a_plain_connection_would_compile_the_same_query():
    """Without the app's setting the server compiles: the test above can fail."""
    import psycopg

    url = os.environ["DATABASE_URL"].replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(url) as connection:
        # The server's own default is on: only the app's connection setting turns it off.
        assert connection.execute("SHOW jit").fetchone()[0] == "on"
        available = connection.execute("SELECT pg_jit_available()").fetchone()[0]
        connection.execute("SET jit_above_cost = 0")
        row = connection.execute(
            "EXPLAIN (ANALYZE, FORMAT JSON) SELECT count(*) FROM contribution"
            " WHERE text_fingerprint > ''"
        ).fetchone()
    # A server built without LLVM cannot compile: then the plan has no JIT section either.
    assert ("JIT" in row[0][0]) is available


def test_moderation_queue_plans_without_jit_and_reads_by_consultation(app):
    """The queue's listing query, captured as the page runs it, explained with the JIT
    threshold at 0 (what 200,000 contributions reach): nothing is compiled."""
    with app.app_context():
        consultation = make_consultation()
        for _ in range(3):
            make_contribution(consultation=consultation, status=ContributionStatus.PENDING)
        db.session.commit()
        captured: list[tuple[str, dict]] = []

        def remember(conn, cursor, statement, parameters, context, executemany):
            if "ORDER BY" in statement and "anon_1.kind" in statement:
                captured.append((statement, parameters))

        event.listen(db.engine, "before_cursor_execute", remember)
        try:
            items, total = queue_items(consultation.municipality_id, QueueFilters())
        finally:
            event.remove(db.engine, "before_cursor_execute", remember)
        assert total == len(items) == 3
        statement, parameters = captured[0]
        connection = db.session.connection()
        connection.exec_driver_sql("SET LOCAL jit_above_cost = 0")
        plan = connection.exec_driver_sql(
            "EXPLAIN (ANALYZE, FORMAT JSON) " + statement, parameters
        ).scalar()[0]
        db.session.rollback()
    assert "JIT" not in plan


def _nodes(plan: dict) -> list[dict]:
    found = [plan]
    for child in plan.get("Plans", []):
        found += _nodes(child)
    return found


def test_reported_replies_are_looked_up_once_not_per_reply(app):
    """The queue reads the open reports once (a hashed IN), not once for every reply: with
    20,652 replies the correlated EXISTS took 79 ms, the hashed IN 3 ms."""
    from sqlalchemy import insert

    from dialogue.contributions.models import Contribution, Reply

    with app.app_context():
        consultation = make_consultation()
        db.session.flush()
        rows = [
            {
                "consultation_id": consultation.id,
                "text": f"Inbreng {n}",
                "status": "published",
                "text_fingerprint": f"c{n}",
                "theme_locked": False,
            }
            for n in range(2000)
        ]
        db.session.execute(insert(Contribution), rows)
        ids = db.session.scalars(
            select(Contribution.id).filter_by(consultation_id=consultation.id)
        ).all()
        db.session.execute(
            insert(Reply),
            [
                {
                    "contribution_id": ids[n % len(ids)],
                    "text": "Mee eens",
                    "text_fingerprint": "r",
                    "status": "published",
                }
                for n in range(3000)
            ],
        )
        db.session.commit()
        db.session.execute(text("ANALYZE contribution"))
        db.session.execute(text("ANALYZE reply"))
        db.session.execute(text("ANALYZE report"))
        captured: list[tuple[str, dict]] = []

        def remember(conn, cursor, statement, parameters, context, executemany):
            if "ORDER BY" in statement and "anon_1.kind" in statement:
                captured.append((statement, parameters))

        event.listen(db.engine, "before_cursor_execute", remember)
        try:
            queue_items(consultation.municipality_id, QueueFilters(kind="reply"))
        finally:
            event.remove(db.engine, "before_cursor_execute", remember)
        statement, parameters = captured[0]
        plan = (
            db.session.connection()
            .exec_driver_sql("EXPLAIN (ANALYZE, FORMAT JSON) " + statement, parameters)
            .scalar()[0]
        )
        db.session.rollback()
    report_reads = [n for n in _nodes(plan["Plan"]) if n.get("Relation Name") == "report"]
    assert report_reads
    assert max(node["Actual Loops"] for node in report_reads) <= 1
