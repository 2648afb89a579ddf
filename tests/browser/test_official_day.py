"""An official's day after the fixes of issue 15: the home page cards, a theme of 67 inputs page
by page, the re-analysis with its steps (with and without JavaScript), the moderation queue on a
390 px phone with the next item after each decision, and the audit log in words. axe runs on
every step; the screenshots are in test-artifacts/browser/."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from sqlalchemy import select

from dialogue.contributions.models import Contribution, ContributionStatus
from dialogue.extensions import db
from dialogue.jobs import Job, JobStatus
from dialogue.municipalities.models import Municipality
from dialogue.themes.models import Theme
from dialogue.timeutil import utcnow
from tests.browser.actions import flash_message, log_in
from tests.browser.seed import Seed
from tests.browser.server import LiveServer
from tests.factories import make_consultation, make_contribution

Check = Callable[[Page, str], None]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
THEME_MEMBERS = 67
#: The analysis runs in a thread of the live server; its page polls every 3 s.
ANALYSIS_TIMEOUT_MS = 120_000


@pytest.fixture(scope="module")
def day_data(live_server: LiveServer, seed_data: Seed) -> dict[str, int]:
    """A consultation of its own with one theme of 67 inputs, and three old items in the queue."""
    with live_server.app.app_context():
        municipality = db.session.scalar(
            select(Municipality).filter_by(slug=seed_data.municipality_slug)
        )
        consultation = make_consultation(
            municipality=municipality,
            slug="parkeren-centrum",
            title="Parkeren in het centrum",
            question="Waar moet de gemeente parkeerplaatsen maken?",
        )
        theme = Theme(
            consultation_id=consultation.id,
            municipality_id=municipality.id,
            key="day-parkeren",
            label="Parkeren bij de school",
            size=THEME_MEMBERS,
        )
        other = Theme(
            consultation_id=consultation.id,
            municipality_id=municipality.id,
            key="day-fietsen",
            label="Fietsenstalling",
            size=0,
        )
        db.session.add_all([theme, other])
        start = utcnow() - timedelta(days=70)
        for n in range(THEME_MEMBERS):
            place = ("bij de school", "op het plein", "aan de dijk")[n % 3]
            make_contribution(
                consultation=consultation,
                theme_key="day-parkeren",
                text=f"Ouders parkeren {place} op de stoep, melding {n + 1}.",
                created_at=start + timedelta(days=n),
                published_at=start + timedelta(days=n),
            )
        # Older than everything else in the queue, so they come first (oldest first).
        waiting = [
            make_contribution(
                consultation=consultation,
                text=f"Graag een fietsenstalling bij het dorpshuis, vraag {n + 1}.",
                status=ContributionStatus.PENDING,
                hold_reason="pre_moderation",
                created_at=utcnow() - timedelta(days=400 - n),
                published_at=None,
            ).id
            for n in range(3)
        ]
        db.session.commit()
        data = {
            "consultation": consultation.id,
            "theme": theme.id,
            "other": other.id,
            "first": waiting[0],
            "second": waiting[1],
            "third": waiting[2],
        }
        db.session.remove()
    return data


def test_moderator_works_the_queue_on_a_phone(
    new_context: Callable[..., BrowserContext],
    live_server: LiveServer,
    seed_data: Seed,
    day_data: dict[str, int],
    check: Check,
) -> None:
    page = new_context(**PHONE).new_page()
    log_in(
        page,
        seed_data.officials["day-moderator"],
        seed_data.password,
        totp_secret=seed_data.totp_secret,
    )
    page.goto("/werkplek")
    check(page, "home-phone")
    page.goto("/werkplek/moderatie")
    check(page, "queue-390px")
    # Cards, not a crushed table: nothing sticks out sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    first_row = page.locator("table.kp-queue tbody tr").first
    assert first_row.bounding_box()["width"] <= 390
    for place in ("boven", "onder"):
        expect(
            page.locator(f"#bulk-{place}").get_by_role("button", name="Selectie afwijzen")
        ).to_be_visible()
    hint = page.get_by_text("Verplicht bij verbergen en afwijzen")
    expect(hint).to_be_visible()
    assert hint.bounding_box()["y"] < page.locator("#reason_id").bounding_box()["y"]

    page.goto(f"/werkplek/moderatie/bijdrage/{day_data['first']}")
    check(page, "item-phone")
    page.get_by_role("button", name="Goedkeuren").click()
    expect(page).to_have_url(re.compile(rf"/werkplek/moderatie/bijdrage/{day_data['second']}$"))
    assert "goedgekeurd" in flash_message(page)
    check(page, "next-item-phone")
    # Rejecting without a reason keeps the moderator on this item, with a message.
    page.get_by_role("button", name="Afwijzen").click()
    expect(page).to_have_url(re.compile(rf"/werkplek/moderatie/bijdrage/{day_data['second']}$"))
    assert "Kies een reden" in flash_message(page)
    page.get_by_label(re.compile("^Toelichting voor de schrijver")).fill(
        "Dit gaat over een andere raadpleging."
    )
    page.get_by_role("button", name="Afwijzen").click()
    expect(page).to_have_url(re.compile(rf"/werkplek/moderatie/bijdrage/{day_data['third']}$"))
    check(page, "after-reject-phone")

    # Published input is never offered for approval.
    with live_server.app.app_context():
        published = db.session.get(Contribution, day_data["first"])
        assert published.status == ContributionStatus.PUBLISHED
        db.session.remove()
    page.goto(f"/werkplek/moderatie/bijdrage/{day_data['first']}")
    expect(page.get_by_role("button", name="Goedkeuren")).to_have_count(0)
    check(page, "published-item-phone")


def test_analyst_pages_a_big_theme_and_follows_a_reanalysis(
    new_context: Callable[..., BrowserContext],
    live_server: LiveServer,
    seed_data: Seed,
    day_data: dict[str, int],
    check: Check,
) -> None:
    page = new_context().new_page()
    log_in(
        page,
        seed_data.officials["day-analyst"],
        seed_data.password,
        totp_secret=seed_data.totp_secret,
    )
    page.goto("/werkplek")
    expect(page.get_by_role("heading", name="Signalen zonder antwoord")).to_be_visible()
    check(page, "home-cards")

    page.goto(f"/werkplek/themas/{day_data['theme']}")
    expect(page.locator("#members-count")).to_have_text("Teksten 1–50 van 67, nieuwste eerst.")
    check(page, "theme-page-1")
    page.get_by_role("link", name="Volgende").click()
    expect(page.locator("#members-count")).to_have_text("Teksten 51–67 van 67, nieuwste eerst.")
    check(page, "theme-page-2")
    oldest = "Ouders parkeren bij de school op de stoep, melding 1."  # on the last page
    page.get_by_label("Inbreng", exact=True).select_option(label=oldest)
    page.locator("form.kp-move").get_by_label("Naar thema").select_option(label="Fietsenstalling")
    page.get_by_role("button", name="Verplaatsen").click()
    expect(page).to_have_url(re.compile(rf"/werkplek/themas/{day_data['theme']}\?page=2"))
    expect(page.locator("#members-count")).to_have_text("Teksten 51–66 van 66, nieuwste eerst.")
    check(page, "theme-page-2-after-move")

    # Re-analysis runs in a thread of the server: the page comes back at once with the steps.
    live_server.app.config["JOBS_IN_THREAD"] = True
    try:
        page.goto(f"/werkplek/raadplegingen/{day_data['consultation']}/themas")
        check(page, "themes-list")
        page.get_by_role("button", name="Opnieuw analyseren").click()
        expect(page).to_have_url(re.compile(r"/werkplek/taken/\d+$"))
        expect(page.locator(".kp-step")).to_have_count(3)
        check(page, "analysis-progress")
        job_url = page.url
        # Meanwhile the other pages work.
        page.goto(f"/werkplek/raadplegingen/{day_data['consultation']}/themas")
        check(page, "themes-list-while-running")
        page.goto(job_url)
        expect(page.get_by_role("status")).to_contain_text("klaar", timeout=ANALYSIS_TIMEOUT_MS)
        expect(page.locator(".kp-step--done")).to_have_count(3)
        check(page, "analysis-done")
    finally:
        live_server.app.config["JOBS_IN_THREAD"] = False
    job_id = int(job_url.rsplit("/", 1)[1])
    with live_server.app.app_context():
        assert db.session.get(Job, job_id).status == JobStatus.FINISHED
        db.session.remove()


def test_reanalysis_page_works_without_javascript(
    new_context: Callable[..., BrowserContext],
    live_server: LiveServer,
    seed_data: Seed,
    day_data: dict[str, int],
    check: Check,
) -> None:
    with live_server.app.app_context():
        municipality_id = db.session.scalar(
            select(Municipality.id).filter_by(slug=seed_data.municipality_slug)
        )
        job = Job(
            kind="analysis",
            municipality_id=municipality_id,
            subject=f"consultation:{day_data['consultation']}",
            status=JobStatus.RUNNING,
            progress=0.5,
        )
        db.session.add(job)
        db.session.commit()
        job_id = job.id
        db.session.remove()
    page = new_context(java_script_enabled=False).new_page()
    log_in(
        page,
        seed_data.officials["day-admin"],
        seed_data.password,
        totp_secret=seed_data.totp_secret,
    )
    page.goto(f"/werkplek/taken/{job_id}")
    expect(page.get_by_role("status")).to_have_text("bezig: thema's zoeken (50%)")
    check(page, "job-running-no-js")
    with live_server.app.app_context():
        stored = db.session.get(Job, job_id)
        stored.status, stored.progress, stored.result = JobStatus.FINISHED, 1.0, "3 thema's"
        db.session.commit()
        db.session.remove()
    page.get_by_role("link", name="Status bijwerken").click()
    expect(page.get_by_role("status")).to_have_text("klaar")
    expect(page.locator(".kp-step--done")).to_have_count(3)
    check(page, "job-finished-no-js")

    # The admin reads the audit log in words, objects as links, in local time.
    page.goto("/werkplek/audit")
    moderator = seed_data.officials["day-moderator"]
    expect(
        page.get_by_text(re.compile(rf"^{re.escape(moderator)} heeft .* goedgekeurd\.$")).first
    ).to_be_visible()
    expect(page.get_by_role("link", name=f"inbreng {day_data['first']}").first).to_be_visible()
    expect(page.get_by_role("columnheader", name="Tijd")).to_be_visible()
    check(page, "audit-log")
