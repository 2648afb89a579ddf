"""A job page follows its job without reloading itself (static/js/job-status.js)."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect
from sqlalchemy import select

from dialogue.extensions import db
from dialogue.jobs import Job, JobStatus
from dialogue.municipalities.models import Municipality
from tests.browser.actions import log_in
from tests.browser.seed import Seed
from tests.browser.server import LiveServer

#: The script polls every 3 s; allow a few rounds on a busy machine.
UPDATE_TIMEOUT_MS = 15_000


def test_job_page_updates_in_place_and_announces_the_end(
    page: Page, live_server: LiveServer, seed_data: Seed, check: Callable[[Page, str], None]
) -> None:
    with live_server.app.app_context():
        municipality = db.session.scalar(
            select(Municipality).filter_by(slug=seed_data.municipality_slug)
        )
        job = Job(
            kind="analysis",
            municipality_id=municipality.id,
            subject=f"consultation:{seed_data.consultation_id}",
            status=JobStatus.RUNNING,
            progress=0.25,
        )
        db.session.add(job)
        db.session.commit()
        job_id = job.id
        db.session.remove()
    log_in(
        page,
        seed_data.officials["job-analyst"],
        seed_data.password,
        totp_secret=seed_data.totp_secret,
    )
    page.goto(f"/werkplek/taken/{job_id}")
    status = page.get_by_role("status")
    expect(status).to_contain_text("bezig")
    # With JavaScript the manual refresh link is not needed while the page follows the job.
    expect(page.locator("[data-job-refresh]")).to_be_hidden()
    check(page, "job-running")
    page.evaluate("window.kpNotReloaded = true")

    with live_server.app.app_context():
        stored = db.session.get(Job, job_id)
        stored.status, stored.progress, stored.result = JobStatus.FINISHED, 1.0, "12 thema's"
        db.session.commit()
        db.session.remove()
    expect(status).to_contain_text("klaar", timeout=UPDATE_TIMEOUT_MS)
    expect(page.get_by_text("12 thema's")).to_be_visible()
    assert page.evaluate("window.kpNotReloaded === true"), "the page reloaded itself"
    expect(page.locator("progress")).to_have_count(0)
    check(page, "job-finished")
