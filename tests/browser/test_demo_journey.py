"""The real demo as a visitor and a new resident meet it: what the municipality did, the public
theme view, registering from the form and coming back to it, sorting, paging and supporting.

It runs on its own server with `flask demo load`'s data (not the fast browser seed), so the
screenshots show the demo with its answers, supports and replies.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from dialogue.demo.loader import load_demo
from dialogue.extensions import db
from tests.browser.actions import latest_link
from tests.browser.reflow import reflow_overflow
from tests.browser.server import LiveServer, build_app, database_url, serve

Check = Callable[[Page, str], None]
CONSULTATION = "/dijkzicht/samen-verder"


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Serve the app with the demo loaded the way `flask demo load` loads it."""
    folder: Path = tmp_path_factory.mktemp("demo-live")
    with database_url(folder) as url:
        app = build_app(url, folder)
        with app.app_context():
            load_demo()
            db.session.remove()
        with serve(app) as server:
            yield server


@pytest.fixture
def demo_page(browser: Browser, demo_server: LiveServer) -> Iterator[Callable[..., Page]]:
    """Return a function that opens a page in a fresh context on the demo server."""
    contexts = []

    def open_page(**options: object) -> Page:
        context = browser.new_context(base_url=demo_server.url, locale="nl-NL", **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def test_visitor_sees_what_the_municipality_did_and_the_themes(
    demo_page: Callable[..., Page], check: Check
) -> None:
    page = demo_page(viewport={"width": 1280, "height": 800})
    page.goto("/")
    card = page.locator(".kp-card", has=page.get_by_role("link", name=re.compile("Samen verder")))
    expect(card.get_by_text(re.compile(r"De gemeente gaf \d+ antwoorden"))).to_be_in_viewport()
    check(page, "home")

    card.get_by_role("link", name=re.compile("wat doet de gemeente")).click()
    expect(page).to_have_url(re.compile(f"{CONSULTATION}/themas$"))
    expect(page.locator(".kp-card .kp-answer").first).to_be_visible()
    expect(page.get_by_text("beantwoord").first).to_be_visible()
    check(page, "theme-view")

    page.goto(CONSULTATION)
    expect(page.get_by_text(re.compile(r"\d+ inwoners steunen dit")).first).to_be_visible()
    check(page, "consultation")

    page.goto("/dijkzicht/dorpshuis-holtum")
    expect(page.get_by_text("het dorpshuis blijft open")).to_be_visible()
    check(page, "closed-consultation")

    narrow = demo_page(viewport={"width": 390, "height": 844})
    narrow.goto(f"{CONSULTATION}/themas")
    check(narrow, "theme-view-390px")


def test_new_resident_registers_from_the_form_sorts_pages_and_supports(
    demo_page: Callable[..., Page], demo_server: LiveServer, check: Check
) -> None:
    page = demo_page(viewport={"width": 1280, "height": 800})
    page.goto(CONSULTATION)
    page.get_by_role("link", name="Log dan eerst in").click()
    page.get_by_role("link", name="Account maken").click()

    page.locator("main form").get_by_role("button", name="Account maken").click()
    expect(page.locator(".kp-error-summary-box")).to_be_focused()
    # One typography: labels, hints and the menu in the text font, never the browser's serif.
    fonts = page.evaluate(
        """(selectors) => selectors.map(
            (selector) => getComputedStyle(document.querySelector(selector)).fontFamily)""",
        ["main p.utrecht-paragraph", "label", ".utrecht-form-field-description", ".kp-nav a"],
    )
    assert len(set(fonts)) == 1 and "Times" not in fonts[0], fonts
    check(page, "register-errors")

    email = "nieuwe.inwoner@example.org"
    page.get_by_label("Naam", exact=True).fill("Nieuwe inwoner")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord", exact=True).fill("een lange zin als wachtwoord")
    page.get_by_label("Herhaal het wachtwoord").fill("een lange zin als wachtwoord")
    page.get_by_label("Ik ga akkoord met de privacyverklaring.").check()
    page.locator("main form").get_by_role("button", name="Account maken").click()
    expect(page).to_have_url(re.compile("/account/controleer-uw-e-mail"))

    page.goto(latest_link(demo_server.app, email))
    page.locator("main form").get_by_role("button", name="E-mailadres bevestigen").click()
    expect(page).to_have_url(re.compile(f"{CONSULTATION}#meedoen$"))
    expect(page.get_by_role("link", name="Mijn inbreng")).to_be_visible()
    expect(page.get_by_label("Uw inbreng", exact=True)).to_be_in_viewport()
    expect(page.get_by_text("U bent ingelogd")).to_be_in_viewport()
    check(page, "back-at-the-form")

    page.get_by_label("Volgorde").select_option("steun")
    page.locator("form.kp-filter").get_by_role("button", name="Toon").click()
    counts = [
        int(re.search(r"(\d+) inwoner", text).group(1))
        for text in page.locator(".kp-contribution .kp-meta").all_inner_texts()
        if "steun" in text
    ]
    assert counts[:3] == sorted(counts, reverse=True)[:3] and counts[0] > 1
    check(page, "most-supported-first")

    page.get_by_role("link", name="Volgende").click()
    expect(page).to_have_url(re.compile(r"page=2.*#inbreng$"))
    card = page.locator(".kp-contribution", has=page.get_by_role("button", name="Ik steun dit"))
    card.first.get_by_role("button", name="Ik steun dit").click()
    expect(page).to_have_url(re.compile(r"page=2.*#inbreng-\d+$"))
    expect(page.get_by_text("U steunt deze inbreng.")).to_be_in_viewport()
    check(page, "supported-in-view")


def test_accessibility_statement_and_algorithm_register(
    demo_page: Callable[..., Page], check: Check
) -> None:
    page = demo_page()
    page.goto("/")
    page.get_by_role("link", name="Toegankelijkheid").click()
    expect(page.get_by_role("heading", name="Nalevingsstatus")).to_be_visible()
    check(page, "accessibility-statement")
    page.get_by_role("link", name="Algoritmes", exact=True).click()
    for name in ("Persoonsgegevens herkennen", "Inbreng indelen in thema's", "Onvrede-score"):
        expect(page.get_by_role("heading", name=name)).to_be_visible()
    check(page, "algorithm-register")


def test_public_pages_of_the_real_demo_reflow_on_a_small_phone(
    demo_page: Callable[..., Page],
) -> None:
    """Real input, answers and long Dutch words at 320 px: nothing scrolls sideways."""
    page = demo_page()
    paths = [
        "/",
        CONSULTATION,
        f"{CONSULTATION}/themas",
        f"{CONSULTATION}?page=2",
        "/dijkzicht/dorpshuis-holtum",
        "/toegankelijkheid",
        "/algoritmeregister",
    ]
    too_wide = {}
    for path in paths:
        page.goto(path)
        if overflow := reflow_overflow(page):
            too_wide[path] = overflow
    assert not too_wide, f"pixels wider than the window: {too_wide}"
