"""The platform admin sets up a new municipality in the browser: create it, import its kernen
from CSV (a wrong file first), set its branding (a too-light colour first), invite its first
admin, and see the public page in the municipality's colour with its logo. axe runs on every
step; the screenshots are in test-artifacts/browser/."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from dialogue.accounts.models import Role, User
from dialogue.extensions import db
from dialogue.municipalities.models import Municipality
from tests.browser.actions import flash_message, latest_link, log_in
from tests.browser.server import LiveServer
from tests.factories import PASSWORD, TOTP_SECRET, make_user
from tests.municipalities.test_branding import png

Check = Callable[[Page, str], None]
EMAIL = "platform@browser.example.org"
ADMIN_EMAIL = "beheer@stadskanaal.example.org"


@pytest.fixture(scope="module")
def platform_admin(live_server: LiveServer) -> str:
    """A platform admin with two-factor authentication set up."""
    with live_server.app.app_context():
        make_user(Role.PLATFORM_ADMIN, email=EMAIL, display_name="Platformbeheer")
        db.session.commit()
        db.session.remove()
    return EMAIL


def csv_file(text: str) -> dict:
    return {"name": "kernen.csv", "mimeType": "text/csv", "buffer": text.encode()}


def test_platform_admin_sets_up_a_municipality(
    page: Page, live_server: LiveServer, platform_admin: str, check: Check
) -> None:
    log_in(page, platform_admin, PASSWORD, totp_secret=TOTP_SECRET)
    expect(page).to_have_url(re.compile(r"/platform$"))
    check(page, "platform-home")

    page.get_by_label("Naam van de gemeente").fill("Stadskanaal")
    page.get_by_role("button", name="Gemeente aanmaken").click()
    expect(page).to_have_url(re.compile(r"/platform/gemeenten/\d+$"))
    assert "Stadskanaal is aangemaakt" in flash_message(page)
    check(page, "created")

    page.get_by_label("CSV-bestand met kernen").set_input_files(
        csv_file("kern\nMusselkanaal\nOnstwedde\nmusselkanaal\n")
    )
    page.get_by_role("button", name="Kernen inlezen").click()
    expect(page.get_by_role("alert")).to_contain_text("staat ook op regel 2")
    expect(page.get_by_text("Deze gemeente heeft nog geen kernen.")).to_be_visible()
    check(page, "kernen-refused")
    page.get_by_label("CSV-bestand met kernen").set_input_files(
        csv_file("kern\nMusselkanaal\nOnstwedde\nVlagtwedde\n")
    )
    page.get_by_role("button", name="Kernen inlezen").click()
    assert "3 kernen ingelezen" in flash_message(page)
    expect(page.get_by_role("listitem").filter(has_text="Vlagtwedde")).to_be_visible()
    check(page, "kernen-imported")

    page.get_by_label("Hoofdkleur").fill("#ffcc00")
    page.get_by_role("button", name="Huisstijl opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("Hoofdkleur")
    expect(page.locator("#primary_colour-error")).to_contain_text("slecht leesbaar")
    check(page, "colour-refused")
    page.get_by_label("Hoofdkleur").fill("#1f5c99")
    page.get_by_label("Logo (PNG of JPEG)").set_input_files(
        {"name": "logo.png", "mimeType": "image/png", "buffer": png(40, 20)}
    )
    page.get_by_role("button", name="Huisstijl opslaan").click()
    assert "huisstijl is opgeslagen" in flash_message(page)
    check(page, "branding-saved")

    page.get_by_label("E-mailadres").fill(ADMIN_EMAIL)
    page.get_by_label("Naam", exact=True).fill("Beheer Stadskanaal")
    page.get_by_role("button", name="Beheerder uitnodigen").click()
    assert "uitnodiging is verstuurd" in flash_message(page)
    expect(page.get_by_text(f"Beheer Stadskanaal ({ADMIN_EMAIL})")).to_be_visible()
    check(page, "admin-invited")
    assert latest_link(live_server.app, ADMIN_EMAIL).startswith(live_server.url)

    # The platform admin sees no residents' input.
    assert page.goto("/werkplek/moderatie").status == 403

    page.goto("/stadskanaal")
    expect(page.get_by_role("img", name="Logo van Stadskanaal")).to_be_visible()
    check(page, "public-page-branded")
    with live_server.app.app_context():
        municipality = db.session.scalar(select(Municipality).filter_by(slug="stadskanaal"))
        admin = db.session.scalar(select(User).filter_by(email=ADMIN_EMAIL))
        assert admin.role == Role.ADMIN and admin.municipality_id == municipality.id
        assert municipality.settings["primary_colour"] == "#1f5c99"
        db.session.remove()
