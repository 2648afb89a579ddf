"""Voting with the keyboard alone, and the "Wat verbindt ons" page, checked with axe."""

from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.sync_api import Page, expect
from sqlalchemy import select

from dialogue.accounts.models import User
from dialogue.consultations.models import Consultation
from dialogue.contributions.models import Contribution, ContributionStatus
from dialogue.extensions import db
from dialogue.timeutil import utcnow
from dialogue.votes.anonymous import find_voter, voting_link_token
from dialogue.votes.models import VoteValue
from dialogue.votes.own_votes import manage_link
from dialogue.votes.services import cast_vote
from tests.browser.actions import flash_message, log_in
from tests.browser.seed import Seed
from tests.browser.server import LiveServer


def _tab_to(page: Page, name: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement && document.activeElement.textContent")
        if focused and focused.strip() == name:
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_a_resident_votes_with_the_keyboard_alone(page: Page, seed_data: Seed, check) -> None:
    log_in(page, seed_data.resident_email, seed_data.password)
    page.goto(seed_data.consultation_path)
    link = page.get_by_role("link", name="Begin met stemmen")
    link.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/stemmen$"))
    check(page, "stemmen")
    first = page.locator("#stem-tekst").inner_text()

    _tab_to(page, "Eens")
    page.keyboard.press("Enter")

    expect(page.locator(".kp-messages")).to_be_visible()
    assert "Uw stem is opgeslagen" in flash_message(page)
    assert page.locator("#stem-tekst").inner_text() != first  # the next input
    check(page, "stemmen-na-stem")


def test_what_connects_us_is_accessible_with_and_without_script(
    new_context, seed_data: Seed, check
) -> None:
    for scripts in (True, False):
        page = new_context(java_script_enabled=scripts).new_page()
        page.goto(f"{seed_data.consultation_path}/wat-verbindt-ons")
        expect(
            page.get_by_role("heading", name="Waar alle groepen het over eens zijn")
        ).to_be_visible()
        expect(page.get_by_role("heading", name="Waar de meningen verschillen")).to_be_visible()
        assert page.locator("svg[role=img]").count() >= 1
        check(page, f"wat-verbindt-ons-{'js' if scripts else 'zonder-js'}")


def test_voting_without_an_account_asks_for_an_address_accessibly(
    page: Page, seed_data: Seed, check
) -> None:
    page.goto(seed_data.consultation_path)
    page.get_by_role("link", name="Begin met stemmen").click()
    expect(page).to_have_url(re.compile(r"/stemmen/e-mail$"))
    check(page, "stemmen-zonder-account")
    page.get_by_role("button", name="Stuur mij de link").click()
    expect(page.get_by_text("Vul uw e-mailadres in.").first).to_be_visible()
    check(page, "stemmen-zonder-account-fout")
    page.get_by_label("Uw e-mailadres").fill("stemmer@example.org")
    page.get_by_role("button", name="Stuur mij de link").click()
    assert "Wij hebben u een e-mail gestuurd" in flash_message(page)


def _anonymous_voter_link(live_server: LiveServer, seed_data: Seed, email: str) -> str:
    """Make a confirmed voter without an account with one vote; return its own-votes path."""
    with live_server.app.app_context():
        consultation = db.session.get(Consultation, seed_data.consultation_id)
        _address, _token = voting_link_token(consultation, email)
        voter = find_voter(consultation, email)
        user = db.session.get(User, voter.user_id)
        user.email_confirmed_at = utcnow()
        contribution = db.session.scalars(
            select(Contribution)
            .where(
                Contribution.consultation_id == consultation.id,
                Contribution.status == ContributionStatus.PUBLISHED,
            )
            .order_by(Contribution.id)
        ).first()
        cast_vote(contribution, user, VoteValue.AGREE)
        _address, token = manage_link(consultation, email)
        db.session.commit()
    return f"/stemmen/mijn-stemmen/{token}"


def test_a_voter_without_an_account_sees_and_erases_their_votes_accessibly(
    page: Page, live_server: LiveServer, seed_data: Seed, check
) -> None:
    page.goto(f"{seed_data.consultation_path}/stemmen/e-mail")
    page.get_by_role("link", name="Mijn stemmen bekijken of wissen").click()
    expect(page).to_have_url(re.compile(r"/stemmen/mijn-stemmen$"))
    check(page, "mijn-stemmen-aanvragen")
    page.get_by_label("Uw e-mailadres").fill("eigen-stemmen@example.org")
    page.get_by_role("button", name="Stuur mij de link").click()
    assert "krijgt u een e-mail met een link" in flash_message(page)

    page.goto(_anonymous_voter_link(live_server, seed_data, "eigen-stemmen@example.org"))
    expect(page.get_by_text("Eens").first).to_be_visible()
    check(page, "mijn-stemmen")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download")).click()
    assert json.loads(Path(download.value.path()).read_text("utf-8"))["votes"]
    page.get_by_role("button", name=re.compile("wis", re.IGNORECASE)).click()
    assert "Uw stemmen zijn gewist." in flash_message(page)
    check(page, "mijn-stemmen-gewist")
