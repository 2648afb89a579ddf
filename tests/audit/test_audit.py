"""The audit log: append-only, listed and filtered for admins, exported as safe CSV."""

from __future__ import annotations

import csv
import io
import uuid

import pytest
from sqlalchemy import delete, text, update

from dialogue.audit.models import AuditEvent, AuditLogIsAppendOnly
from dialogue.audit.privileges import revoke_audit_changes
from dialogue.audit.services import record
from dialogue.audit.spreadsheet import neutralise
from dialogue.extensions import db
from tests.conftest import ON_POSTGRES
from tests.helpers import as_


def _event(world, action="moderation.approve", actor=None, reason=None):
    return record(
        action, None, actor=actor or world.moderator, reason=reason, municipality_id=world.a.id
    )


def test_orm_cannot_update_or_delete_audit_events(world):
    event = _event(world)
    db.session.commit()
    event.reason = "achteraf aangepast"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEvent, event.id))
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    assert db.session.get(AuditEvent, event.id).reason is None


def test_app_code_has_no_update_or_delete_path_for_audit_events():
    """No module of the app issues UPDATE or DELETE on the audit table (bulk statements bypass ORM events)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "dialogue"
    offenders = []
    for path in root.rglob("*.py"):
        source = path.read_text("utf-8")
        for statement in (
            "update(AuditEvent",
            "delete(AuditEvent",
            "AuditEvent.__table__.update",
            "AuditEvent.__table__.delete",
        ):
            if statement in source:
                offenders.append(f"{path.name}: {statement}")
    assert offenders == []
    # The statements themselves are valid SQLAlchemy: the scan would find them.
    assert str(update(AuditEvent)).startswith("UPDATE") and str(delete(AuditEvent)).startswith(
        "DELETE"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil.example","klik")', '\'=HYPERLINK("http://evil.example","klik")'),
        ("+31 6 12345678", "'+31 6 12345678"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("gewone tekst", "gewone tekst"),
        (None, ""),
        (12, "12"),
    ],
)
def test_neutralise_formulas(value, expected):
    assert neutralise(value) == expected


def test_admin_lists_and_filters_the_log(client, world):
    _event(world, "moderation.approve", reason="Goedgekeurd")
    _event(world, "moderation.hide", reason="Beledigend of kwetsend")
    _event(world, "official.disable", actor=world.admin)
    record(
        "moderation.hide",
        None,
        actor=world.other_admin,
        municipality_id=world.b.id,
        reason="Andere gemeente",
    )
    db.session.commit()
    as_(client, world.admin)
    page = client.get("/werkplek/audit").get_data(as_text=True)
    assert "3 gebeurtenissen" in page and "Andere gemeente" not in page
    page = client.get("/werkplek/audit?action=moderation.hide").get_data(as_text=True)
    assert "Beledigend of kwetsend" in page and "Goedgekeurd" not in page
    page = client.get(f"/werkplek/audit?actor={world.admin.id}").get_data(as_text=True)
    assert "official.disable" in page and "Goedgekeurd" not in page
    page = client.get("/werkplek/audit?date_to=2000-01-01").get_data(as_text=True)
    assert "0 gebeurtenissen" in page
    assert client.get("/werkplek/audit?date_from=morgen&actor=x&page=-3").status_code == 200


def test_csv_export_neutralises_formula_injection(client, world):
    _event(world, "moderation.hide", reason='=HYPERLINK("http://evil.example","klik")')
    _event(world, "moderation.approve", reason="@SUM(1+1)")
    db.session.commit()
    as_(client, world.admin)
    response = client.get("/werkplek/audit/export.csv?action=moderation.hide")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["id", "tijd_utc", "actie"]
    assert len(rows) == 2
    assert rows[1][8] == '\'=HYPERLINK("http://evil.example","klik")'
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


@pytest.mark.parametrize("role", ["moderator", "analyst", "resident"])
def test_audit_pages_are_for_admins_only(client, world, role):
    as_(client, getattr(world, role))
    assert client.get("/werkplek/audit").status_code == 403
    assert client.get("/werkplek/audit/export.csv").status_code == 403


def test_revoke_is_a_no_op_without_role_or_on_sqlite(db):
    with db.engine.connect() as connection:
        assert revoke_audit_changes(None, connection) is False
        if not ON_POSTGRES:
            assert revoke_audit_changes("kernpunt_app", connection) is False


@pytest.mark.postgres
def test_revoke_takes_update_and_delete_away_on_postgresql(db):
    role = f"kp_audit_{uuid.uuid4().hex[:8]}"
    with db.engine.begin() as connection:
        connection.exec_driver_sql(f'CREATE ROLE "{role}"')
        connection.exec_driver_sql(
            f'GRANT SELECT, INSERT, UPDATE, DELETE ON audit_event TO "{role}"'
        )
    try:
        with db.engine.begin() as connection:
            assert revoke_audit_changes(role, connection) is True
            privileges = {
                name: connection.execute(
                    text("SELECT has_table_privilege(:role, 'audit_event', :privilege)"),
                    {"role": role, "privilege": name},
                ).scalar()
                for name in ("SELECT", "INSERT", "UPDATE", "DELETE")
            }
        assert privileges == {"SELECT": True, "INSERT": True, "UPDATE": False, "DELETE": False}
    finally:
        with db.engine.begin() as connection:
            connection.exec_driver_sql(f'REVOKE ALL ON audit_event FROM "{role}"')
            connection.exec_driver_sql(f'DROP ROLE "{role}"')


@pytest.mark.postgres
def test_revoke_quotes_the_role_name(db):
    with db.engine.begin() as connection, pytest.raises(Exception, match="does not exist"):
        revoke_audit_changes('nobody"; DROP TABLE audit_event; --', connection)
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM audit_event")).scalar() >= 0
