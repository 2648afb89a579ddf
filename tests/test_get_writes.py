"""The guard in tests/get_writes.py sees a GET request that commits, and only that."""

from __future__ import annotations

from dialogue.extensions import db
from dialogue.municipalities.models import Municipality
from tests import get_writes


def test_a_committing_get_request_is_recorded_and_a_post_is_not(make_app) -> None:
    app = make_app(WTF_CSRF_ENABLED=False)

    def write() -> str:
        n = db.session.query(Municipality).count()
        db.session.add(Municipality(name=f"Schrijf {n}", slug=f"schrijf-{n}"))
        db.session.commit()
        return "ok"

    app.add_url_rule("/schrijf", "write", write, methods=["GET", "POST"])
    client = app.test_client()
    assert client.post("/schrijf").status_code == 200
    assert get_writes.recorded == []
    client.get("/schrijf")
    found = get_writes.forbidden(get_writes.recorded)
    get_writes.recorded.clear()  # seen: the autouse fixture must not fail this test
    assert [(w.endpoint, w.writes) for w in found] == [("write", frozenset({"Municipality"}))]


def test_an_allowed_write_is_not_forbidden() -> None:
    allowed = get_writes.GetWrite("x", "/x", frozenset({"AuditEvent:access.denied"}))
    other = get_writes.GetWrite("x", "/x", frozenset({"AuditEvent:access.denied", "User"}))
    assert get_writes.forbidden([allowed, other]) == [other]
