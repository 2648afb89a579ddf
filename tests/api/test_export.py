"""GET /api/v1/consultations/<id>/export.<fmt>: officials' tokens only, audited, private."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import select

from dialogue.accounts.models import Role
from dialogue.audit.models import AuditEvent
from tests.api.helpers import bearer, token_for
from tests.factories import make_consultation, make_contribution, make_user


@pytest.fixture
def exportable(db):
    analyst = make_user(Role.ANALYST)
    consultation = make_consultation(municipality=analyst.municipality)
    resident = make_user(display_name="Geheime Naam", email="geheim@example.org")
    make_contribution(
        consultation=consultation, author=resident, text="=cmd|' /C calc'!A0 is gevaarlijk"
    )
    db.session.commit()
    return analyst, consultation, resident


def test_csv_and_json_for_an_analyst(client, exportable, db):
    analyst, consultation, _ = exportable
    headers = bearer(token_for(analyst))
    response = client.get(f"/api/v1/consultations/{consultation.id}/export.csv", headers=headers)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    body = response.get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows[0]["text"].startswith("'=cmd")
    assert "geheim@example.org" not in body and "Geheime Naam" not in body
    document = json.loads(
        client.get(
            f"/api/v1/consultations/{consultation.id}/export.json", headers=headers
        ).get_data(as_text=True)
    )
    assert len(document["contributions"]) == 1
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "export.request")
    ).all()
    assert len(events) == 2 and all(e.actor_id == analyst.id for e in events)


@pytest.mark.slow
@pytest.mark.needs("pango")
def test_files_for_an_admin(client, exportable, db):
    analyst, consultation, _ = exportable
    admin = make_user(Role.ADMIN, municipality=analyst.municipality)
    db.session.commit()
    headers = bearer(token_for(admin))
    for fmt, magic in (("xlsx", b"PK"), ("docx", b"PK"), ("pdf", b"%PDF")):
        with client.get(
            f"/api/v1/consultations/{consultation.id}/export.{fmt}", headers=headers
        ) as response:
            assert response.status_code == 200, (fmt, response.get_data(as_text=True)[:300])
            assert response.get_data().startswith(magic)


def test_refused_without_the_right_token(client, exportable, db):
    analyst, consultation, resident = exportable
    url = f"/api/v1/consultations/{consultation.id}/export.csv"
    assert client.get(url).status_code == 401
    assert client.get(url, headers=bearer(token_for(resident))).status_code == 403
    moderator = make_user(Role.MODERATOR, municipality=analyst.municipality)
    other_analyst = make_user(Role.ANALYST)
    db.session.commit()
    assert client.get(url, headers=bearer(token_for(moderator))).status_code == 403
    assert client.get(url, headers=bearer(token_for(other_analyst))).status_code == 403
    bad_format = client.get(
        f"/api/v1/consultations/{consultation.id}/export.exe", headers=bearer(token_for(analyst))
    )
    assert bad_format.status_code == 404 and bad_format.is_json
    assert (
        db.session.scalar(select(AuditEvent).where(AuditEvent.action == "export.request")) is None
    )
