"""The one access policy for officials: another municipality's id looks exactly like a missing one.

Both answer 404 with the same page; only the foreign id leaves one "access.denied" event in
the audit log (security.own / require_own).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from dialogue.accounts.models import Role, User
from dialogue.audit.models import AuditEvent
from dialogue.exports import services as exports
from dialogue.exports.models import ExportFile
from dialogue.extensions import db
from dialogue.jobs import Job, JobStatus
from dialogue.themes.models import Theme
from tests.conftest import login
from tests.factories import make_consultation, make_municipality, make_signal, make_user
from tests.helpers import csrf_token, without_csrf_values

#: The CSRF token in a page, which changes every second.
#: An id no row has.
MISSING = 987_654


@dataclass
class Foreign:
    """An admin of municipality A and the ids of B's objects."""

    admin: User
    municipality_id: int
    ids: dict[str, int]


@pytest.fixture
def foreign(db) -> Foreign:
    a, b = make_municipality(slug="gemeente-a"), make_municipality(slug="gemeente-b")
    admin = make_user(Role.ADMIN, municipality=a)
    consultation = make_consultation(municipality=b)
    theme = Theme(consultation_id=consultation.id, municipality_id=b.id, key="t1", label="Verkeer")
    job = Job(kind="export", subject=f"consultation:{consultation.id}", municipality_id=b.id)
    job.status = JobStatus.FINISHED
    db.session.add_all([theme, job])
    db.session.flush()
    export = ExportFile(
        municipality_id=b.id, consultation_id=consultation.id, format="xlsx", fingerprint="x"
    )
    db.session.add(export)
    signal = make_signal(consultation)
    db.session.commit()
    ids = {
        "consultation": consultation.id,
        "theme": theme.id,
        "job": job.id,
        "export": export.id,
        "signal": signal.id,
    }
    return Foreign(admin=admin, municipality_id=b.id, ids=ids)


#: Pages that take an official's id from the URL: (kind of id, path with {id}).
PAGES = [
    ("consultation", "/werkplek/raadplegingen/{id}/themas"),
    ("consultation", "/werkplek/raadplegingen/{id}/dashboard"),
    ("consultation", "/werkplek/raadplegingen/{id}/onzeker"),
    ("consultation", "/werkplek/raadplegingen/{id}/signalen"),
    ("consultation", "/werkplek/raadplegingen/{id}/export"),
    ("consultation", "/werkplek/raadplegingen/{id}/samenvatting"),
    ("consultation", "/werkplek/antwoorden/raadpleging/{id}"),
    ("theme", "/werkplek/themas/{id}"),
    ("job", "/werkplek/taken/{id}"),
    ("job", "/werkplek/export-taken/{id}"),
    ("signal", "/werkplek/signalen/{id}"),
]
#: Forms that act on an official's id from the URL.
FORMS = [
    ("consultation", "/werkplek/raadplegingen/{id}/analyse"),
    ("consultation", "/werkplek/raadplegingen/{id}/onzeker"),
    ("consultation", "/werkplek/raadplegingen/{id}/open-data"),
    ("consultation", "/werkplek/raadplegingen/{id}/signalen/samenvatting"),
    ("theme", "/werkplek/themas/{id}/naam"),
    ("theme", "/werkplek/themas/{id}/antwoord"),
    ("signal", "/werkplek/signalen/{id}/oppakken"),
]


def _events() -> list[AuditEvent]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)))


def _compare(foreign: Foreign, kind: str, path_of, send) -> None:
    """Request the missing id, then the foreign one: same 404, one audit event for the second."""
    missing_path, foreign_path = path_of(MISSING), path_of(foreign.ids[kind])
    missing = send(missing_path)
    assert missing.status_code == 404 and _events() == []
    refused = send(foreign_path)
    assert refused.status_code == 404
    # The same page, but for the address it names (the language switch links back to it) and
    # the CSRF token of the logout form (signed with the time).
    page = refused.get_data(as_text=True).replace(foreign_path, missing_path)
    assert without_csrf_values(page) == without_csrf_values(missing.get_data(as_text=True))
    (event,) = _events()
    assert event.action == "access.denied" and event.actor_id == foreign.admin.id
    assert event.municipality_id == foreign.admin.municipality_id
    assert event.target_type == kind.replace("export", "exportfile")
    assert event.target_id == str(foreign.ids[kind])
    assert event.details["target_municipality_id"] == foreign.municipality_id


@pytest.mark.parametrize(("kind", "path"), PAGES)
def test_foreign_id_on_a_page_is_a_missing_id_that_is_logged(client, foreign, kind, path):
    login(client, foreign.admin)
    _compare(foreign, kind, lambda i: path.format(id=i), client.get)


@pytest.mark.parametrize(("kind", "path"), FORMS)
def test_foreign_id_in_a_form_is_a_missing_id_that_is_logged(client, foreign, kind, path):
    login(client, foreign.admin)
    token = csrf_token(client, "/werkplek")
    _compare(
        foreign,
        kind,
        lambda i: path.format(id=i),
        lambda url: client.post(url, data={"csrf_token": token}),
    )


def test_foreign_export_file_in_a_download_link_is_a_missing_file(client, foreign):
    login(client, foreign.admin)
    _compare(
        foreign,
        "export",
        lambda i: f"/werkplek/download/{exports.download_token(foreign.admin, file=i)}",
        client.get,
    )
