"""An official sets up two-factor, keeps the recovery codes, and later logs in with one."""

from __future__ import annotations

import re
from collections.abc import Callable

import pyotp
from playwright.sync_api import Page, expect

from dialogue.accounts.models import Role
from dialogue.extensions import db
from tests.browser.server import LiveServer
from tests.factories import PASSWORD, make_user

Check = Callable[[Page, str], None]
EMAIL = "nieuwe.moderator@example.org"


def _log_in_with_password(page: Page) -> None:
    page.goto("/account/inloggen")
    page.get_by_label("E-mailadres").fill(EMAIL)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Inloggen").click()


def test_official_enrols_and_logs_in_with_a_recovery_code(
    page: Page, live_server: LiveServer, check: Check
) -> None:
    with live_server.app.app_context():
        make_user(Role.MODERATOR, email=EMAIL, totp_secret=None, totp_enabled=False)
        db.session.commit()

    _log_in_with_password(page)
    expect(page).to_have_url(re.compile("/account/tweestapsverificatie"))
    secret = page.locator("code.kp-secret").inner_text().strip()
    page.get_by_label("Code van 6 cijfers").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Tweestapsverificatie aanzetten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw herstelcodes")
    codes = page.locator("main li code").all_inner_texts()
    assert len(codes) == 10
    check(page, "recovery-codes")
    page.get_by_role("link", name="Ik heb de codes bewaard. Verder.").click()
    expect(page).not_to_have_url(re.compile("/account/"))

    page.goto("/account/")
    page.get_by_role("button", name="Uitloggen", exact=True).first.click()
    _log_in_with_password(page)
    expect(page).to_have_url(re.compile("/account/inloggen/code"))
    check(page, "code-step-with-recovery")
    page.get_by_label("Herstelcode").fill(codes[0])
    page.get_by_role("button", name="Herstelcode gebruiken").click()
    expect(page).not_to_have_url(re.compile("/account/inloggen"))

    page.goto("/account/tweestapsverificatie")
    expect(page.locator("main")).to_contain_text("U heeft nog 9 herstelcodes")
    check(page, "two-factor-enabled")
