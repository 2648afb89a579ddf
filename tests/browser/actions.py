"""Steps the journeys share: logging in through the forms, reading e-mail from the outbox."""

from __future__ import annotations

import re
import time

import pyotp
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from dialogue.extensions import db
from dialogue.mail import OutboxMessage

LINK = re.compile(r"https?://\S+")


def log_in(page: Page, email: str, password: str, *, totp_secret: str | None = None) -> None:
    """Log in through the login form (and the code form for officials)."""
    page.goto("/account/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.locator("main").get_by_role("button", name="Inloggen").click()
    if totp_secret is not None:
        expect(page).to_have_url(re.compile(r"/account/inloggen/code"))
        page.get_by_label("Code van 6 cijfers").fill(pyotp.TOTP(totp_secret).now())
        page.locator("main").get_by_role("button", name="Inloggen").click()
    expect(page).not_to_have_url(re.compile(r"/account/inloggen"))


def latest_link(app: Flask, recipient: str, *, timeout: float = 5.0) -> str:
    """Return the first link in the newest e-mail to recipient (waits briefly for it)."""
    deadline = time.monotonic() + timeout
    while True:
        with app.app_context():
            message = db.session.scalar(
                select(OutboxMessage)
                .filter_by(recipient=recipient)
                .order_by(OutboxMessage.id.desc())
            )
            db.session.remove()
        if message is not None:
            match = LINK.search(message.body)
            assert match, f"no link in the e-mail to {recipient}: {message.body}"
            return match.group(0)
        assert time.monotonic() < deadline, f"no e-mail to {recipient} in the outbox"
        time.sleep(0.1)


def flash_message(page: Page) -> str:
    """Return the text of the flash messages on the page."""
    return " ".join(page.locator(".kp-messages").all_inner_texts())
