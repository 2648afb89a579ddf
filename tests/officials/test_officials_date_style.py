"""Officials' pages write dates the one way the app does: "5 maart 2026, 11:00", never 05-03-2026."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest

from dialogue.accounts.models import Role
from dialogue.answers.models import OfficialResponse
from dialogue.audit.models import AuditEvent
from dialogue.contributions.models import ContributionStatus
from dialogue.themes.models import Theme
from tests.factories import make_consultation, make_contribution, make_signal, make_user

#: 10:00 UTC on 5 March 2026 is 11:00 in Amsterdam (winter time).
POSTED = datetime(2026, 3, 5, 10, 0)
#: A number date (05-03-2026, 5/3/2026) or an ISO date shown as text.
NUMBER_DATE = re.compile(r"\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b")


@pytest.fixture
def dated(db):
    """A consultation with dated input (published and held), a theme answer, signal and audit."""
    admin = make_user(Role.ADMIN)
    consultation = make_consultation(municipality=admin.municipality)
    theme = Theme(
        consultation_id=consultation.id,
        municipality_id=consultation.municipality_id,
        key="t1",
        label="Verkeer in het dorp",
        size=6,
        negative_share=0.5,
    )
    db.session.add(theme)
    for n in range(6):
        make_contribution(
            consultation=consultation,
            text=f"Inbreng {n} over het verkeer in het dorp, met genoeg tekst.",
            theme_key="t1",
            created_at=POSTED,
            published_at=POSTED,
        )
    held = make_contribution(
        consultation=consultation,
        text="Inbreng die nog wacht op de moderator, met genoeg tekst.",
        status=ContributionStatus.PENDING,
        published_at=None,
        created_at=POSTED,
    )
    db.session.add(
        OfficialResponse(
            consultation_id=consultation.id,
            theme_key="t1",
            author_id=admin.id,
            author_role="analyst",
            text="Wij kijken naar een drempel bij de school.",
            created_at=POSTED,
        )
    )
    signal = make_signal(consultation, period_start=date(2026, 3, 2), period_end=date(2026, 3, 8))
    db.session.add(
        AuditEvent(
            municipality_id=consultation.municipality_id,
            actor_id=admin.id,
            actor_role="admin",
            action="contribution.hide",
            target_type="contribution",
            target_id=str(held.id),
            created_at=POSTED,
        )
    )
    db.session.commit()
    return {
        "admin": admin,
        "consultation": consultation,
        "theme": theme,
        "signal": signal,
        "held": held,
    }


def shown_text(page: str) -> str:
    """Return what a reader sees: the page without tags (so no `datetime` attributes)."""
    body = page.split("<main", 1)[-1]
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r"<[^>]+>", " ", body)
    # A date field's hint shows the format it accepts (ISO, the machine format): not a date.
    return re.sub(r"Bijvoorbeeld \d{4}-\d{2}-\d{2}", " ", body)


def test_officials_pages_show_no_number_dates(client, as_user, dated) -> None:
    as_user(dated["admin"])
    consultation, signal = dated["consultation"], dated["signal"]
    pages = [
        "/werkplek",
        "/werkplek/moderatie",
        "/werkplek/audit",
        f"/werkplek/themas/{dated['theme'].id}",
        f"/werkplek/raadplegingen/{consultation.id}/dashboard",
        f"/werkplek/raadplegingen/{consultation.id}/signalen",
        f"/werkplek/signalen/{signal.id}",
        f"/werkplek/raadplegingen/{consultation.id}/export",
        f"/werkplek/raadplegingen/{consultation.id}/samenvatting",
        f"/werkplek/moderatie/bijdrage/{dated['held'].id}",
    ]
    seen_local_style = False
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        text = shown_text(response.get_data(as_text=True))
        assert not NUMBER_DATE.findall(text), (url, NUMBER_DATE.findall(text))
        seen_local_style |= "5 maart 2026" in text
    assert seen_local_style


def test_moderation_and_audit_show_local_date_and_time(client, as_user, dated) -> None:
    as_user(dated["admin"])
    for url in ("/werkplek/moderatie", "/werkplek/audit"):
        text = shown_text(client.get(url).get_data(as_text=True))
        assert "5 maart 2026, 11:00" in text, url
    signal_page = shown_text(client.get(f"/werkplek/signalen/{dated['signal'].id}").get_data(True))
    assert "2 maart 2026 – 8 maart 2026" in signal_page
