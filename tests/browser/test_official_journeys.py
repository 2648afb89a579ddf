"""Officials at work: a moderator clears the queue and redacts personal data; an admin
creates a consultation. Both log in with their second factor (TOTP)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from dialogue.consultations.models import Consultation, ConsultationStatus, ModerationMode
from dialogue.contributions.models import Contribution, ContributionStatus, Reply
from dialogue.extensions import db
from dialogue.municipalities.models import Municipality
from tests.browser.actions import flash_message, log_in
from tests.browser.keyboard import keyboard_problems
from tests.browser.seed import PHONE, PII_TEXTS, REPLY_PII_TEXT, Seed
from tests.browser.server import LiveServer

Check = Callable[[Page, str], None]
#: Bound on bulk rounds: the seeded queue fits on a few pages.
MAX_ROUNDS = 10


def pending_count(live_server: LiveServer, consultation_id: int) -> int:
    """Count input waiting for a moderator (not counting unconfirmed anonymous input)."""
    with live_server.app.app_context():
        count = db.session.scalar(
            select(func.count())
            .select_from(Contribution)
            .where(
                Contribution.consultation_id == consultation_id,
                Contribution.status == ContributionStatus.PENDING,
                Contribution.pending_email.is_(None),
            )
        )
        db.session.remove()
    return count


def test_moderator_redacts_personal_data_and_clears_queue_in_bulk(
    page: Page, live_server: LiveServer, seed_data: Seed, check: Check
) -> None:
    log_in(
        page,
        seed_data.officials["moderator"],
        seed_data.password,
        totp_secret=seed_data.totp_secret,
    )
    check(page, "logged-in")
    page.goto("/werkplek/moderatie")
    check(page, "queue")
    assert pending_count(live_server, seed_data.consultation_id) > 0

    # The held input shows its phone number highlighted; publish it without it.
    row = page.locator("tr", has=page.locator("mark.kp-pii"))
    expect(row.first).to_contain_text(PHONE)
    row.first.get_by_role("button", name=re.compile("Publiceer zonder persoonsgegevens")).click()
    check(page, "redacted")
    with live_server.app.app_context():
        redacted = db.session.scalar(select(Contribution).filter_by(text=PII_TEXTS[0]))
        assert redacted.status == ContributionStatus.PUBLISHED
        assert redacted.redacted_text and PHONE not in redacted.redacted_text
        db.session.remove()

    # A reply held for the same reason: decided from its own page.
    page.goto("/werkplek/moderatie?kind=reply&reason=pii")
    check(page, "queue-replies-pii")
    page.get_by_role("link", name=re.compile("Bekijk reactie")).first.click()
    expect(page.locator("mark.kp-pii")).to_contain_text(PHONE)
    check(page, "reply-pii")
    page.get_by_role("button", name="Publiceer zonder persoonsgegevens").click()
    assert flash_message(page), "no confirmation after publishing the reply redacted"
    with live_server.app.app_context():
        reply = db.session.scalar(select(Reply).filter_by(text=REPLY_PII_TEXT))
        assert reply.status == ContributionStatus.PUBLISHED
        assert reply.redacted_text and PHONE not in reply.redacted_text
        db.session.remove()
    page.goto("/werkplek/moderatie")

    # Bulk: select the whole page and approve it, until nothing waits.
    for _ in range(MAX_ROUNDS):
        if page.get_by_text("Er wacht niets").count():
            break
        # The bulk links and buttons stand above and below the list: use the top ones.
        page.get_by_role("link", name="Alles op deze pagina selecteren").first.click()
        boxes = page.locator("input[type=checkbox][name=ids]")
        assert boxes.count() > 0
        expect(boxes.first).to_be_checked()
        page.locator("#bulk-boven").get_by_role(
            "button", name=re.compile("^Selectie goedkeuren")
        ).click()
        assert flash_message(page), "no confirmation after the bulk action"
    check(page, "queue-empty")
    expect(page.get_by_text("Er wacht niets")).to_be_visible()
    assert pending_count(live_server, seed_data.consultation_id) == 0

    # The public page shows the redacted text, never the number.
    page.goto(seed_data.consultation_path + "?sort=nieuw")
    assert PHONE not in page.content()


def test_moderation_queue_works_with_keyboard_only(
    page: Page, seed_data: Seed, check: Check
) -> None:
    log_in(
        page,
        seed_data.officials["keyboard-moderator"],
        seed_data.password,
        totp_secret=seed_data.totp_secret,
    )
    page.goto("/werkplek/moderatie")
    check(page, "queue")
    problems = keyboard_problems(page)
    assert not problems, "\n".join(problems)


def test_admin_creates_and_opens_a_consultation(
    page: Page, live_server: LiveServer, seed_data: Seed, check: Check
) -> None:
    log_in(
        page, seed_data.officials["admin"], seed_data.password, totp_secret=seed_data.totp_secret
    )
    page.goto("/beheer/raadplegingen")
    check(page, "admin-index")
    page.goto("/beheer/raadplegingen/nieuw")
    check(page, "new-form")
    problems = keyboard_problems(page)
    assert not problems, "\n".join(problems)

    title = "Speeltuin aan de Dijk"
    page.get_by_label("Titel").fill(title)
    page.get_by_label("Korte naam in het webadres").fill("speeltuin-dijk")
    page.get_by_label("De vraag aan inwoners").fill("Wat moet er in de nieuwe speeltuin komen?")
    page.get_by_label("Uitleg").fill(
        "De oude speeltuin is versleten. De gemeente bouwt een nieuwe."
    )
    page.get_by_label("Dijkzicht", exact=True).check()
    page.get_by_label("Holtum").check()
    page.get_by_label("Open tot en met").fill((date.today() + timedelta(days=30)).isoformat())
    page.locator("main form").last.get_by_role("button").last.click()
    check(page, "saved")
    assert flash_message(page)

    with live_server.app.app_context():
        consultation = db.session.scalar(select(Consultation).filter_by(slug="speeltuin-dijk"))
        assert consultation is not None and consultation.title == title
        assert sorted(kern.name for kern in consultation.kernen) == ["Dijkzicht", "Holtum"]
        assert consultation.moderation_mode in set(ModerationMode)
        db.session.remove()

    if consultation.status != ConsultationStatus.OPEN:
        page.goto(f"/beheer/raadplegingen/{consultation.id}")
        page.get_by_role("button", name="Openen voor inbreng").click()
        check(page, "opened")
    page.goto(f"/{seed_data.municipality_slug}/speeltuin-dijk")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    check(page, "public-page")
    with live_server.app.app_context():
        assert db.session.get(Consultation, consultation.id).status == ConsultationStatus.OPEN
        db.session.remove()

    # The municipality's settings: sharing with the network partners, switched and back.
    page.goto("/werkplek")
    page.get_by_role("link", name="Instellingen van de gemeente").click()
    check(page, "municipality-settings")
    sharing = page.get_by_label(re.compile("Toon de thema's van onze gemeente"))
    was_shared = sharing.is_checked()
    for share in (not was_shared, was_shared):
        sharing.set_checked(share)
        page.get_by_role("button", name="Opslaan").click()
        assert "netwerkpartners" in flash_message(page)
        with live_server.app.app_context():
            place = db.session.scalar(
                select(Municipality).filter_by(slug=seed_data.municipality_slug)
            )
            assert place.in_network is share
            db.session.remove()
