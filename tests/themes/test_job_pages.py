"""Job pages (analysis, export): no automatic reload, a manual refresh, no technical errors."""

from __future__ import annotations

import re

import pytest

from dialogue.accounts.models import Role
from dialogue.extensions import db as _db
from dialogue.jobs import Job, JobStatus
from tests.factories import make_consultation, make_user

TECHNICAL = "OperationalError: no such table /srv/kernpunt/instance/kernpunt.sqlite"
PAGES = {
    "analysis": ("analysis", "/werkplek/taken/{id}", "De analyse is mislukt."),
    "export": ("export", "/werkplek/export-taken/{id}", "De export is mislukt."),
}


def job_page(client, as_user, page: str, status: JobStatus, **fields) -> str:
    kind, url, _failed = PAGES[page]
    analyst = make_user(Role.ANALYST)
    consultation = make_consultation(municipality=analyst.municipality)
    job = Job(
        kind=kind,
        municipality_id=analyst.municipality_id,
        subject=f"consultation:{consultation.id}",
        status=status,
        **fields,
    )
    _db.session.add(job)
    _db.session.commit()
    as_user(analyst)
    response = client.get(url.format(id=job.id))
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize("page", sorted(PAGES))
def test_running_job_page_does_not_reload_itself_and_offers_a_refresh(client, as_user, page):
    html = job_page(client, as_user, page, JobStatus.RUNNING, progress=0.4)
    assert 'http-equiv="refresh"' not in html
    assert "data-job-running" in html and "Status bijwerken" in html
    assert re.search(r"js/job-status\.[0-9a-f]{12}\.js", html)  # content-hashed name


@pytest.mark.parametrize("page", sorted(PAGES))
def test_failed_job_page_explains_in_dutch_without_the_technical_error(client, as_user, page):
    html = job_page(client, as_user, page, JobStatus.FAILED, error=TECHNICAL)
    assert PAGES[page][2] in html and "taaknummer" in html
    assert "OperationalError" not in html and "/srv/kernpunt" not in html
    assert "data-job-running" not in html and "Status bijwerken" not in html
