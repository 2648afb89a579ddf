"""The public phase of a consultation (binnenkort, open, gesloten) is the same on every page."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from babel.dates import format_date

from dialogue.accounts.models import Role
from dialogue.consultations.models import Consultation, ConsultationPhase, ConsultationStatus
from dialogue.consultations.services import local_date, start_of_day_utc
from dialogue.contributions.models import Contribution
from dialogue.extensions import db as _db
from dialogue.timeutil import utcnow
from tests.factories import make_consultation, make_municipality, make_user
from tests.helpers import count, csrf_token, new_url, post_form, show_url, text_of


def dutch(day: date) -> str:
    return format_date(day, "d MMMM yyyy", locale="nl")


def local_today() -> date:
    return local_date(utcnow())


def card(page: str, title: str) -> str:
    """Return the list item of the page that holds title."""
    start = page.index(f">{title}<")
    return page[page.rindex("<li", 0, start) : page.index("</li>", start)]


def badge(phase: str) -> str:
    return f'<span class="kp-badge">{phase}</span>'


def upcoming_consultation(**overrides) -> Consultation:
    opens_at = start_of_day_utc(local_today() + timedelta(days=10))
    return make_consultation(title="Nieuwe speeltuin", opens_at=opens_at, **overrides)


def expired_consultation(**overrides) -> Consultation:
    """Return a consultation still "open" for the admin whose last day was the day before yesterday."""
    return make_consultation(
        title="Oude vraag",
        opens_at=start_of_day_utc(local_today() - timedelta(days=30)),
        closes_at=start_of_day_utc(local_today() - timedelta(days=1)),
        **overrides,
    )


@pytest.mark.parametrize(
    ("status", "opens_in_days", "closes_in_days", "phase"),
    [
        (ConsultationStatus.DRAFT, None, None, ConsultationPhase.DRAFT),
        (ConsultationStatus.DRAFT, -5, 5, ConsultationPhase.DRAFT),
        (ConsultationStatus.OPEN, None, None, ConsultationPhase.OPEN),
        (ConsultationStatus.OPEN, -5, 5, ConsultationPhase.OPEN),
        (ConsultationStatus.OPEN, 5, 10, ConsultationPhase.UPCOMING),
        (ConsultationStatus.OPEN, -10, -5, ConsultationPhase.CLOSED),
        (ConsultationStatus.CLOSED, -5, 5, ConsultationPhase.CLOSED),
        (ConsultationStatus.CLOSED, 5, 10, ConsultationPhase.CLOSED),
    ],
)
def test_phase_follows_status_then_dates(status, opens_in_days, closes_in_days, phase):
    now = datetime(2027, 3, 1, 12, 0)

    def moment(days: int | None) -> datetime | None:
        return None if days is None else now + timedelta(days=days)

    consultation = Consultation(
        status=status, opens_at=moment(opens_in_days), closes_at=moment(closes_in_days)
    )
    assert consultation.phase_at(now) == phase
    assert consultation.is_open == (consultation.phase == ConsultationPhase.OPEN)


def test_upcoming_consultation_is_listed_as_upcoming_with_its_opening_date(client):
    upcoming = upcoming_consultation()
    place = upcoming.municipality
    make_consultation(municipality=place, title="Open vraag")
    make_consultation(municipality=place, title="Klaar", status=ConsultationStatus.CLOSED)
    _db.session.commit()
    opening = f"Opent op {dutch(local_today() + timedelta(days=10))}."

    page = text_of(client.get(f"/{place.slug}"))
    assert (
        page.index("Nu open")
        < page.index("Open vraag")
        < page.index("Binnenkort open")
        < page.index("Nieuwe speeltuin")
        < page.index("Gesloten")
        < page.index("Klaar")
    )
    assert opening in card(page, "Nieuwe speeltuin")

    home = text_of(client.get("/"))
    assert f"{place.name}</a> · binnenkort" in card(home, "Nieuwe speeltuin")
    assert opening in card(home, "Nieuwe speeltuin")
    assert home.index("Open vraag") < home.index("Nieuwe speeltuin") < home.index("Klaar")


def test_upcoming_page_shows_no_form_and_does_not_say_closed(client, as_user):
    consultation = upcoming_consultation()
    resident = make_user()
    _db.session.commit()
    first_day = dutch(local_today() + timedelta(days=10))
    for visitor in (None, resident):
        if visitor:
            as_user(visitor)
        page = text_of(client.get(show_url(consultation)))
        assert badge("binnenkort") in page
        assert f"Deze raadpleging begint op {first_day}." in page
        assert 'action="' + new_url(consultation) not in page
        assert 'name="text"' not in page
        assert "gesloten" not in page.lower()


def test_posting_to_upcoming_consultation_is_refused(client, as_user):
    consultation = upcoming_consultation()
    as_user(make_user())
    _db.session.commit()
    response = client.post(
        new_url(consultation),
        data={"text": "De stoep is te smal.", "consent": "y", "csrf_token": csrf_token(client)},
        follow_redirects=True,
    )
    page = text_of(response)
    first_day = dutch(local_today() + timedelta(days=10))
    assert f"Deze raadpleging begint op {first_day}. Vanaf die dag kunt u uw inbreng geven." in page
    assert "gesloten" not in page.lower()
    assert count(Contribution) == 0


def test_past_end_date_is_closed_everywhere_even_with_status_open(client, as_user):
    consultation = expired_consultation()
    place = consultation.municipality
    _db.session.commit()
    assert consultation.status == ConsultationStatus.OPEN
    since = f"Gesloten sinds {dutch(local_today() - timedelta(days=1))}."

    home = text_of(client.get("/"))
    assert f"{place.name}</a> · gesloten" in card(home, "Oude vraag")
    assert since in card(home, "Oude vraag")

    listing = text_of(client.get(f"/{place.slug}"))
    assert listing.index("Gesloten") < listing.index("Oude vraag")
    assert since in card(listing, "Oude vraag")

    as_user(make_user())
    page = text_of(client.get(show_url(consultation)))
    assert badge("gesloten") in page and badge("open") not in page
    assert since in page
    assert "Deze raadpleging is gesloten." in page
    assert 'action="' + new_url(consultation) not in page


def test_consultation_closed_by_admin_says_since_when(client, as_user):
    consultation = make_consultation(closes_at=start_of_day_utc(local_today() + timedelta(days=20)))
    admin = make_user(Role.ADMIN, municipality=consultation.municipality)
    _db.session.commit()
    as_user(admin)
    edit = f"/beheer/raadplegingen/{consultation.id}"
    post_form(client, f"{edit}/status", {"status": "closed"}, page=edit)

    page = text_of(client.get(show_url(consultation)))
    assert badge("gesloten") in page
    assert f"Gesloten sinds {dutch(local_today())}." in page
    assert f"Gesloten sinds {dutch(local_today() + timedelta(days=19))}." not in page


def test_open_consultation_is_unchanged(client, as_user):
    consultation = make_consultation(
        title="Open vraag",
        opens_at=start_of_day_utc(local_today() - timedelta(days=3)),
        closes_at=start_of_day_utc(local_today() + timedelta(days=15)),
    )
    place = consultation.municipality
    _db.session.commit()
    until = f"U kunt inbreng geven tot en met {dutch(local_today() + timedelta(days=14))}."

    home = text_of(client.get("/"))
    assert f"{place.name}</a> · open" in card(home, "Open vraag")
    listing = text_of(client.get(f"/{place.slug}"))
    assert listing.index("Nu open") < listing.index("Open vraag") < listing.index("Gesloten")
    assert until in card(listing, "Open vraag")

    as_user(make_user())
    page = text_of(client.get(show_url(consultation)))
    assert badge("open") in page and until in page
    assert 'action="' + new_url(consultation) in page
    assert "gesloten" not in page.lower()


def test_open_data_link_only_when_published_and_only_for_that_consultation(client):
    published = make_consultation(
        slug="zelfde", status=ConsultationStatus.CLOSED, open_data_published_at=utcnow()
    )
    neighbour = make_consultation(
        municipality=published.municipality, status=ConsultationStatus.CLOSED
    )
    elsewhere = make_consultation(
        municipality=make_municipality(), slug="zelfde", status=ConsultationStatus.CLOSED
    )
    _db.session.commit()

    page = text_of(client.get(show_url(published)))
    link = f'href="/open-data/{published.id}"'
    assert link in page
    assert client.get(f"/open-data/{published.id}").status_code == 200
    for other in (neighbour, elsewhere):
        other_page = text_of(client.get(show_url(other)))
        assert "/open-data/" not in other_page and "Open data" not in other_page


@pytest.mark.parametrize(("seconds", "shown"), [(2 * 24 * 3600, "48 uur"), (6 * 3600, "6 uur")])
def test_sent_page_shows_the_configured_link_lifetime(app, client, monkeypatch, seconds, shown):
    monkeypatch.setitem(app.config, "EMAIL_TOKEN_MAX_AGE", seconds)
    page = text_of(client.get("/inbreng/verstuurd"))
    assert f"De link werkt {shown}." in page
    assert "twee dagen" not in page


def test_home_lists_current_ones_recent_closed_ones_and_the_municipalities(client):
    first, second = make_municipality(name="Westerdorp"), make_municipality(name="Oosterdorp")
    make_consultation(municipality=first, title="Lopende vraag")
    for n in range(8):
        make_consultation(
            municipality=second,
            title=f"Gesloten vraag {n}",
            status=ConsultationStatus.CLOSED,
            closes_at=utcnow() - timedelta(days=10 + n),
        )
    _db.session.commit()
    home = text_of(client.get("/"))
    assert "Lopende vraag" in home
    # The six most recently closed, newest first; the rest is on the municipality's page.
    shown = [n for n in range(8) if f"Gesloten vraag {n}<" in home]
    assert shown == [0, 1, 2, 3, 4, 5]
    assert home.index("Gesloten vraag 0<") < home.index("Gesloten vraag 5<")
    assert "Eerdere raadplegingen staan op de pagina van uw gemeente." in home
    assert f'href="/{first.slug}"' in home and f'href="/{second.slug}"' in home
    older = text_of(client.get(f"/{second.slug}"))
    assert "Gesloten vraag 7" in older


def test_closed_early_by_the_admin_sorts_by_the_day_it_closed(client):
    from dialogue.audit.models import AuditEvent

    place = make_municipality()
    early = make_consultation(
        municipality=place,
        title="Vroeg gesloten",
        status=ConsultationStatus.CLOSED,
        closes_at=utcnow() + timedelta(days=30),
    )
    make_consultation(
        municipality=place,
        title="Gisteren afgelopen",
        status=ConsultationStatus.CLOSED,
        closes_at=utcnow() - timedelta(days=1),
    )
    _db.session.add(
        AuditEvent(
            municipality_id=place.id,
            action="consultation.closed",
            target_type="consultation",
            target_id=str(early.id),
            created_at=utcnow() - timedelta(days=60),
        )
    )
    _db.session.commit()
    home = text_of(client.get("/"))
    assert home.index("Gisteren afgelopen") < home.index("Vroeg gesloten")
