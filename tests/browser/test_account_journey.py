"""A resident creates an account, opens the link in the e-mail and confirms the address with
its button (which logs them in), logs out and in again."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.actions import flash_message, latest_link, log_in
from tests.browser.keyboard import keyboard_problems, start_from_top
from tests.browser.server import LiveServer

Check = Callable[[Page, str], None]
EMAIL = "nieuwe.inwoner@example.org"
PASSWORD = "lange zin als wachtwoord 2026"


def fill_in_registration(page: Page, name: str, email: str) -> None:
    """Fill in and send the registration form; the page then asks to check the e-mail."""
    page.get_by_label("Naam", exact=True).fill(name)
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_label("Herhaal het wachtwoord").fill(PASSWORD)
    page.get_by_label("Ik ga akkoord met de privacyverklaring.").check()
    page.locator("main form").get_by_role("button").last.click()
    expect(page).to_have_url(re.compile("/account/controleer-uw-e-mail"))


def test_resident_registers_confirms_and_logs_in(
    page: Page,
    new_context: Callable[..., BrowserContext],
    live_server: LiveServer,
    check: Check,
) -> None:
    page.goto("/")
    page.locator("header").get_by_role("link", name="Registreren").click()
    expect(page).to_have_url(re.compile("/account/registreren"))
    check(page, "register")

    # A form with errors keeps the visitor on the page and says what is wrong.
    page.locator("main form").get_by_role("button").last.click()
    expect(page.locator("main")).to_contain_text("Vul een naam in")
    expect(page.locator(".kp-error-summary-box")).to_be_focused()
    check(page, "register-errors")
    start_from_top(page)
    assert not keyboard_problems(page)

    fill_in_registration(page, "Nieuwe Inwoner", EMAIL)
    check(page, "check-email")

    # The link only shows a button (mail scanners follow links); the button confirms and
    # logs in, also in a browser without JavaScript (the mail may open in another browser).
    mail_browser = new_context(java_script_enabled=False).new_page()
    mail_browser.goto(latest_link(live_server.app, EMAIL))
    expect(mail_browser.get_by_role("heading", level=1)).to_have_text("E-mailadres bevestigen")
    check(mail_browser, "confirm-email")
    mail_browser.locator("main form").get_by_role("button", name="E-mailadres bevestigen").click()
    expect(mail_browser).not_to_have_url(re.compile("/account/"))
    assert "U bent ingelogd" in flash_message(mail_browser)
    check(mail_browser, "confirmed")

    log_in(page, EMAIL, PASSWORD)
    page.goto("/account/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn account")
    expect(page.get_by_label("Naam", exact=True)).to_have_value("Nieuwe Inwoner")
    check(page, "my-account")

    page.get_by_role("button", name="Uitloggen", exact=True).first.click()
    expect(page.locator("header").get_by_role("link", name="Inloggen")).to_be_visible()
    check(page, "logged-out")
    response = page.goto("/account/")
    assert response is not None
    expect(page).to_have_url(re.compile("/account/inloggen"))


def test_a_double_click_on_the_confirm_button_sends_it_once(
    page: Page, new_context: Callable[..., BrowserContext], live_server: LiveServer
) -> None:
    """static/js/forms.js: the second click of a double click does not use the link again."""
    email = "dubbelklik@example.org"
    page.goto("/account/registreren")
    fill_in_registration(page, "Dubbel Klik", email)

    mail_browser = new_context().new_page()
    link = latest_link(live_server.app, email)
    posts: list[str] = []
    mail_browser.on(
        "request", lambda request: posts.append(request.url) if request.method == "POST" else None
    )
    mail_browser.goto(link)
    mail_browser.locator("main form").get_by_role(
        "button", name="E-mailadres bevestigen"
    ).dblclick()
    expect(mail_browser).not_to_have_url(re.compile("/account/"))
    assert "U bent ingelogd" in flash_message(mail_browser)
    assert len(posts) == 1, posts
