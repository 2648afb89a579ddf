"""The "Onzeker" list: axe-clean with input on it, and placing input works without JavaScript."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from dialogue.contributions.models import Contribution, ContributionStatus
from dialogue.extensions import db
from dialogue.themes.models import Theme
from tests.browser.actions import log_in
from tests.browser.seed import Seed
from tests.browser.server import LiveServer


def test_analyst_places_uncertain_input(
    page: Page, live_server: LiveServer, seed_data: Seed, check: Callable[[Page, str], None]
) -> None:
    with live_server.app.app_context():
        consultation_id = seed_data.consultation_id
        item = (
            db.session.query(Contribution)
            .filter_by(consultation_id=consultation_id, status=ContributionStatus.PUBLISHED)
            .first()
        )
        theme = Theme(
            consultation_id=consultation_id,
            municipality_id=item.consultation.municipality_id,
            key="onzeker-test",
            label="Brug over de vaart",
        )
        db.session.add(theme)
        item.theme_key, item.theme_locked = None, False
        item.suggested_theme_key, item.theme_confidence = "onzeker-test", 0.04
        db.session.commit()
        item_id = item.id
        db.session.remove()
    log_in(
        page,
        seed_data.officials["job-analyst"],
        seed_data.password,
        totp_secret=seed_data.totp_secret,
    )
    page.goto(f"/werkplek/raadplegingen/{consultation_id}/onzeker")
    expect(page.get_by_text("Voorstel: Brug over de vaart (zekerheid 4%)")).to_be_visible()
    check(page, "uncertain-list")
    page.locator(f"#target-{item_id}").select_option(label="Brug over de vaart")
    page.locator(f"#target-{item_id}").locator("xpath=..").get_by_role("button").click()
    expect(page.get_by_text("De inbreng is geplaatst.")).to_be_visible()
    check(page, "uncertain-placed")
    with live_server.app.app_context():
        placed = db.session.get(Contribution, item_id)
        assert placed.theme_key == "onzeker-test" and placed.theme_locked
        db.session.remove()
