"""`flask municipalities create/list`: the first-time setup of a real municipality."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import func, select

from dialogue.accounts.models import Role, User
from dialogue.audit.models import AuditEvent
from dialogue.extensions import db
from dialogue.municipalities.models import Municipality
from tests.factories import make_municipality


def run(app: Flask, *args: str, input: str | None = None):
    """Run a flask command; committed data is read back with a fresh session state."""
    result = app.test_cli_runner().invoke(args=list(args), input=input)
    db.session.expire_all()
    return result


def count_municipalities() -> int:
    return db.session.scalar(select(func.count(Municipality.id)))


def test_create_with_slug_and_kernen_then_first_admin(app, db):
    result = run(
        app,
        "municipalities",
        "create",
        "Dorpen aan de Dijk",
        "--slug",
        "dorpen-aan-de-dijk",
        "--kern",
        "Oosterhoek",
        "--kern",
        "Westerburen",
    )
    assert result.exit_code == 0, result.output
    assert "/dorpen-aan-de-dijk" in result.output
    municipality = db.session.scalar(select(Municipality).filter_by(slug="dorpen-aan-de-dijk"))
    assert municipality.name == "Dorpen aan de Dijk"
    assert municipality.in_network is False
    assert [kern.name for kern in municipality.kernen] == ["Oosterhoek", "Westerburen"]

    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [e.action for e in events] == ["municipality.create", "area.create", "area.create"]
    assert {e.municipality_id for e in events} == {municipality.id}
    assert all(e.actor_id is None and e.actor_role is None for e in events)
    assert events[0].details == {
        "name": "Dorpen aan de Dijk",
        "slug": "dorpen-aan-de-dijk",
        "in_network": False,
    }

    result = run(
        app,
        "users",
        "create",
        "beheer@dijk.example.org",
        "--role",
        "admin",
        "--municipality",
        "dorpen-aan-de-dijk",
    )
    assert result.exit_code == 0, result.output
    admin = db.session.scalar(select(User).filter_by(email="beheer@dijk.example.org"))
    assert admin.role == Role.ADMIN and admin.municipality_id == municipality.id


def test_slug_is_made_from_the_name(app, db):
    result = run(app, "municipalities", "create", "Súdwest-Fryslân")
    assert result.exit_code == 0, result.output
    municipality = db.session.scalar(select(Municipality))
    assert municipality.slug == "sudwest-fryslan"
    assert municipality.kernen == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["X"], "2 to 120 characters"),
        (["A" * 121], "2 to 120 characters"),
        (["Dijk\u202ezicht"], "control or direction characters"),
        (["Dijkzicht", "--slug", "Dijk Zicht"], "lower-case letters"),
        (["Dijkzicht", "--slug", "dijk--zicht"], "single hyphens"),
        (["Dijkzicht", "--slug", "-dijkzicht"], "single hyphens"),
        (["Dijkzicht", "--slug", "d"], "2 to 60 characters"),
        (["Dijkzicht", "--slug", "d" * 61], "2 to 60 characters"),
        (["Beheer"], "used by the site itself"),
        (["Dijkzicht", "--slug", "privacy"], "used by the site itself"),
        (["Dijkzicht", "--slug", "werkplek"], "used by the site itself"),
        (["???"], "cannot make a slug"),
        (["Dijkzicht", "--kern", "O"], "kern 'O'"),
        (["Dijkzicht", "--kern", "Oosterhoek", "--kern", "oosterhoek"], "Deze kern bestaat al"),
    ],
)
def test_bad_values_are_refused_clearly_and_create_nothing(app, db, args, message):
    result = run(app, "municipalities", "create", *args)
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and message in result.output
    assert "Traceback" not in result.output and result.exception.__class__ is SystemExit
    assert count_municipalities() == 0
    assert db.session.scalar(select(func.count(AuditEvent.id))) == 0


def test_name_and_slug_must_be_unique(app, db):
    make_municipality(name="Dijkzicht", slug="dijkzicht")
    db.session.commit()
    taken_name = run(app, "municipalities", "create", "DIJKZICHT", "--slug", "dijkzicht-2")
    assert taken_name.exit_code == 1 and "already exists" in taken_name.output
    taken_slug = run(app, "municipalities", "create", "Dijkzicht-Oost", "--slug", "dijkzicht")
    assert taken_slug.exit_code == 1 and "already taken" in taken_slug.output
    assert count_municipalities() == 1


def test_list_shows_slug_name_kernen_and_network(app, db):
    make_municipality(name="Dijkzicht", slug="dijkzicht")
    make_municipality(name="Aadorp", slug="aadorp", in_network=True)
    db.session.commit()
    result = run(app, "municipalities", "list")
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "aadorp\tAadorp\t2 kernen\tin network",
        "dijkzicht\tDijkzicht\t2 kernen\tnot in network",
    ]


def test_list_without_municipalities_says_so(app, db):
    result = run(app, "municipalities", "list")
    assert result.exit_code == 0
    assert "no municipalities yet" in result.output


def test_platform_admin_is_created_without_a_municipality(app, db):
    result = run(app, "users", "create", "platform@example.org", "--role", "platform-admin")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).filter_by(email="platform@example.org"))
    assert user.role == Role.PLATFORM_ADMIN and user.municipality_id is None
    assert user.needs_mfa and not user.is_official

    make_municipality(slug="urk")
    db.session.commit()
    refused = run(
        app,
        "users",
        "create",
        "p2@example.org",
        "--role",
        "platform-admin",
        "--municipality",
        "urk",
    )
    assert refused.exit_code != 0 and "belongs to no municipality" in refused.output
