"""One JSON line per request, the request id from the proxy or made, and passed on to jobs."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from redis import Redis
from rq import Queue, SimpleWorker

from dialogue.accounts.models import Role
from dialogue.jobs import QUEUE_NAME, enqueue
from dialogue.ops.requestlog import JsonFormatter, accepted_request_id, log_format
from tests.conftest import login
from tests.factories import make_user
from tests.ops.test_health import REDIS_URL


@pytest.fixture
def json_lines() -> Iterator[io.StringIO]:
    """Collect the app's log lines as the JSON format writes them."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("dialogue")
    logger.addHandler(handler)
    yield stream
    logger.removeHandler(handler)


def lines(stream: io.StringIO, message: str | None = None) -> list[dict]:
    entries = [json.loads(line) for line in stream.getvalue().splitlines()]
    return [entry for entry in entries if message is None or entry["message"] == message]


def test_one_json_line_per_request_without_personal_data(client, db, json_lines):
    user = make_user(Role.RESIDENT, email="piet.pieters@example.org", display_name="Piet")
    db.session.commit()
    login(client, user)
    response = client.get("/account/gegevens", headers={"X-Request-ID": "proxy-id.42"})
    (entry,) = lines(json_lines, "request")
    assert response.headers["X-Request-ID"] == "proxy-id.42"
    assert entry["request_id"] == "proxy-id.42"
    assert entry["method"] == "GET" and entry["route"] == "/account/gegevens"
    assert entry["status"] == response.status_code and entry["user_id"] == user.id
    assert isinstance(entry["duration_ms"], float) and entry["level"] == "info"
    assert entry["time"].endswith("+00:00")
    assert "piet" not in json_lines.getvalue().lower()


def test_a_request_with_an_api_token_logs_the_token_user(client, db, json_lines):
    from dialogue.accounts.services import create_api_token

    user = make_user(Role.RESIDENT, email="token.user@example.org")
    token = create_api_token(user)
    db.session.commit()
    response = client.get("/api/v1/consultations", headers={"Authorization": f"Bearer {token}"})
    (entry,) = lines(json_lines, "request")
    assert response.status_code == 200 and entry["user_id"] == user.id
    client.get("/api/v1/consultations", headers={"Authorization": "Bearer wrong"})
    assert lines(json_lines, "request")[-1]["user_id"] is None


def test_anonymous_unknown_route_logs_no_user_and_no_route(client, json_lines):
    response = client.get("/bestaat/niet/echt/nergens?email=a@example.org")
    (entry,) = lines(json_lines, "request")
    assert entry["status"] == 404 and entry["route"] is None and entry["user_id"] is None
    assert "example.org" not in json_lines.getvalue()  # the query string is not logged
    assert response.headers["X-Request-ID"] == entry["request_id"]


@pytest.mark.parametrize(
    "given",
    ["", "x" * 65, "id with spaces", "id\nnewline", "<script>", "ünïcode", "a;b"],
)
def test_unsafe_request_ids_are_replaced(given):
    made = accepted_request_id(given)
    assert made != given and len(made) == 32 and made.isalnum()


def test_made_request_ids_differ(client):
    first = client.get("/healthz").headers["X-Request-ID"]
    assert first != client.get("/healthz").headers["X-Request-ID"]


def test_log_format_defaults_and_refuses_unknown():
    assert log_format({"KERNPUNT_ENV": "production"}) == "json"
    assert log_format({"KERNPUNT_ENV": "development"}) == "text"
    assert log_format({"KERNPUNT_ENV": "production", "LOG_FORMAT": "text"}) == "text"
    with pytest.raises(RuntimeError, match="KERNPUNT_LOG_FORMAT"):
        log_format({"LOG_FORMAT": "xml"})


def add_numbers(job_id: int, a: int, b: int) -> int:
    logging.getLogger("dialogue.tests").info("adding")
    return a + b


def test_job_on_a_worker_logs_with_the_request_id_that_queued_it(make_app, json_lines):
    connection = Redis.from_url(REDIS_URL)
    connection.flushdb()
    app = make_app(REDIS_URL=REDIS_URL)
    try:
        with app.test_request_context(headers={"X-Request-ID": "from-the-page"}):
            app.preprocess_request()
            enqueue(add_numbers, 1, 2)
        with app.app_context():
            SimpleWorker([Queue(QUEUE_NAME, connection=connection)], connection=connection).work(
                burst=True
            )
    finally:
        connection.flushdb()
        connection.close()
    job_lines = lines(json_lines, "adding") + lines(json_lines, "job finished")
    assert len(job_lines) == 2
    assert {entry["request_id"] for entry in job_lines} == {"from-the-page"}
    finished = lines(json_lines, "job finished")[0]
    assert finished["kind"] == "add_numbers" and finished["status"] == "finished"
    assert "result" not in finished


def test_user_id_for_the_log_line_needs_no_query_after_a_commit(app, db):
    from flask import g
    from sqlalchemy import event

    from dialogue.ops.requestlog import _logged_in_user_id

    user = make_user(Role.RESIDENT)
    user_id = user.id
    db.session.commit()  # expires the user's attributes, as a view's commit does
    statements = []

    def count(*_args: object) -> None:
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        with app.test_request_context():
            g._login_user = user
            assert _logged_in_user_id() == user_id
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert statements == []
