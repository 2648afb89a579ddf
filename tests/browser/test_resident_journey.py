"""A resident takes part: posts anonymously (no JavaScript) and confirms by e-mail; then,
logged in, supports, replies to and reports input."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import BrowserContext, Page, expect
from sqlalchemy import func, select

from dialogue.contributions.models import Contribution, ContributionStatus, Reply, Report, Support
from dialogue.extensions import db
from tests.browser.actions import flash_message, latest_link, log_in
from tests.browser.seed import Seed
from tests.browser.server import LiveServer

Check = Callable[[Page, str], None]


def test_anonymous_resident_posts_without_javascript_and_confirms_by_email(
    new_context: Callable[..., BrowserContext],
    live_server: LiveServer,
    seed_data: Seed,
    check: Check,
) -> None:
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/")
    check(page, "home")
    page.get_by_role("link", name=re.compile("Samen verder")).first.click()
    expect(page).to_have_url(re.compile(seed_data.consultation_path))
    check(page, "consultation")

    text = "Het fietspad langs de Vaart is 's avonds te donker. Graag meer lantaarnpalen."
    email = "anoniem.inwoner@example.org"
    form = page.locator("form", has=page.get_by_label("Uw inbreng", exact=True))
    form.get_by_label("Uw inbreng", exact=True).fill(text)
    form.get_by_label("Over welke kern gaat het?").select_option("Oosterwolde-Vaart")
    form.get_by_label("Naam bij uw inbreng").fill("Fietser uit de Vaart")
    form.get_by_label("Uw e-mailadres").fill(email)
    form.get_by_role("checkbox").check()
    form.get_by_role("button", name="Inbreng versturen").click()
    expect(page).to_have_url(re.compile("/inbreng/verstuurd"))
    check(page, "sent")

    with live_server.app.app_context():
        contribution = db.session.scalar(select(Contribution).filter_by(text=text))
        assert contribution is not None and contribution.status == ContributionStatus.PENDING
        db.session.remove()

    page.goto(latest_link(live_server.app, email))
    check(page, "confirm")
    page.get_by_role("button", name="Ja, dit is mijn inbreng").click()
    expect(page).to_have_url(re.compile(seed_data.consultation_path))
    assert "Dank u wel" in flash_message(page)
    check(page, "confirmed")

    with live_server.app.app_context():
        contribution = db.session.scalar(select(Contribution).filter_by(text=text))
        assert contribution.status == ContributionStatus.PUBLISHED
        assert contribution.display_name == "Fietser uit de Vaart"
        db.session.remove()
    # Newest first: the confirmed input is on the first page, the address is never shown.
    page.goto(seed_data.consultation_path)
    expect(page.get_by_text(text)).to_be_visible()
    assert email not in page.content()


def test_resident_supports_replies_and_reports(
    page: Page, live_server: LiveServer, seed_data: Seed, check: Check
) -> None:
    log_in(page, seed_data.resident_email, seed_data.password)
    check(page, "logged-in")
    page.goto(seed_data.consultation_path)
    first = (
        page.locator("[id^=inbreng-]")
        .filter(has=page.get_by_role("button", name="Ik steun dit"))
        .first
    )
    contribution_id = int(first.get_attribute("id").removeprefix("inbreng-"))

    first.get_by_role("button", name="Ik steun dit").click()
    assert "U steunt deze inbreng" in flash_message(page)
    check(page, "supported")

    page.locator(f"#inbreng-{contribution_id}").get_by_role(
        "link", name=re.compile("Reageer")
    ).click()
    check(page, "reply-form")
    page.get_by_label("Uw reactie", exact=True).fill("Dat zie ik ook zo, vooral in de winter.")
    page.locator("main form").get_by_role("button").last.click()
    assert "Uw reactie is geplaatst" in flash_message(page)
    check(page, "replied")

    page.goto(seed_data.consultation_path)
    page.locator(f"#inbreng-{contribution_id}").get_by_role(
        "link", name=re.compile("Meld ongepaste inhoud")
    ).click()
    check(page, "report-form")
    page.get_by_label("Reclame of spam").check()
    page.locator("main form").get_by_role("button").last.click()
    assert "Dank u wel voor uw melding" in flash_message(page)
    check(page, "reported")

    with live_server.app.app_context():
        for model, column in (
            (Support, Support.contribution_id),
            (Reply, Reply.contribution_id),
            (Report, Report.contribution_id),
        ):
            count = db.session.scalar(
                select(func.count()).select_from(model).where(column == contribution_id)
            )
            assert count == 1, model.__name__
        db.session.remove()

    # What Kernpunt holds about the resident, in words, reached from the account page.
    page.goto("/account/")
    page.get_by_role("link", name="Bekijk wat Kernpunt over u bewaart").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn gegevens")
    expect(page.get_by_role("heading", name=re.compile(r"Uw reacties \(1\)"))).to_be_visible()
    expect(page.get_by_text("Dat zie ik ook zo, vooral in de winter.")).to_be_visible()
    check(page, "own-data")
