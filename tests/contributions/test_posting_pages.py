"""Posting input in the browser: logged in, anonymous with confirmation, and every bad input."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from dialogue.accounts.models import Role
from dialogue.consultations.models import ConsultationStatus, ModerationMode
from dialogue.contributions.models import Contribution, ContributionStatus, Support
from dialogue.extensions import db as _db
from dialogue.mail import OutboxMessage
from tests.factories import make_consultation, make_contribution, make_user
from tests.helpers import count, csrf_token, new_url, post_form, show_url, text_of

GOOD = "De stoep bij de school is te smal voor kinderwagens."


def form_data(**overrides):
    data = {"text": GOOD, "kern": "", "display_name": "", "consent": "y", "website": ""}
    data.update(overrides)
    return data


def test_resident_posts_and_sees_it_published(client, as_user):
    consultation = make_consultation()
    user = make_user(display_name="Anna")
    _db.session.commit()
    as_user(user)
    kern = consultation.kernen[0].name
    response = post_form(
        client, new_url(consultation), form_data(kern=kern, display_name="Anna uit het dorp")
    )
    assert response.status_code == 302 and "/mijn-inbreng" in response.location
    contribution = _db.session.scalars(select(Contribution)).one()
    assert contribution.status == ContributionStatus.PUBLISHED
    assert contribution.author_id == user.id and contribution.kern.name == kern
    page = text_of(client.get(show_url(consultation)))
    assert GOOD in page and "Anna uit het dorp" in page
    mine = text_of(client.get("/mijn-inbreng"))
    assert GOOD in mine and "staat online" in mine


def test_a_name_that_reads_like_a_greeting_is_still_a_name(client, as_user):
    consultation = make_consultation()
    user = make_user()
    _db.session.commit()
    as_user(user)
    response = post_form(client, new_url(consultation), form_data(display_name="Groetjes Lotte"))
    assert response.status_code == 302
    assert _db.session.scalars(select(Contribution)).one().display_name == "Groetjes Lotte"


def test_empty_name_shows_inwoner_van_kern(client, as_user):
    consultation = make_consultation()
    user = make_user()
    _db.session.commit()
    as_user(user)
    post_form(client, new_url(consultation), form_data(kern=consultation.kernen[1].name))
    page = text_of(client.get(show_url(consultation)))
    assert f"Inwoner van {consultation.kernen[1].name}" in page


def test_anonymous_posts_confirms_by_link_and_address_is_never_shown(client):
    consultation = make_consultation()
    _db.session.commit()
    email = "anoniem.inwoner@example.org"
    response = post_form(client, new_url(consultation), form_data(email=email))
    assert response.status_code == 302 and response.location.endswith("/inbreng/verstuurd")
    assert "e-mail" in text_of(client.get(response.location))
    contribution = _db.session.scalars(select(Contribution)).one()
    assert contribution.hold_reason == "unconfirmed"
    assert GOOD not in text_of(client.get(show_url(consultation)))

    (mail,) = _db.session.scalars(select(OutboxMessage)).all()
    assert mail.recipient == email
    link = re.search(r"https?://[^/\s]+(/inbreng/bevestigen/\S+)", mail.body).group(1)
    # Opening the link does not confirm (mail scanners open links); the button does.
    assert "Ja, dit is mijn inbreng" in text_of(client.get(link))
    _db.session.expire_all()
    assert contribution.status == ContributionStatus.PENDING
    confirmed = client.post(link, data={"csrf_token": csrf_token(client, link)})
    assert confirmed.status_code == 302
    _db.session.expire_all()
    assert contribution.status == ContributionStatus.PUBLISHED
    assert contribution.pending_email is None
    page = text_of(client.get(show_url(consultation)))
    assert GOOD in page and email not in page and "Inwoner van" in page
    # The link again: a clear message, nothing changes.
    assert "al bevestigd" in text_of(client.get(link))
    assert text_of(client.get(link[:-3] + "xyz")).count("klopt niet") == 1


def test_anonymous_replayed_form_sends_one_mail(client):
    consultation = make_consultation()
    _db.session.commit()
    token = csrf_token(client, new_url(consultation))
    data = form_data(email="een@example.org", form_ref="vaste-ref", csrf_token=token)
    for _ in range(3):
        assert client.post(new_url(consultation), data=data).status_code == 302
    assert count(Contribution) == 1
    assert count(OutboxMessage) == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"text": ""}, "Dit veld is leeg"),
        ({"text": "   \n   "}, "Dit veld is leeg"),
        ({"text": "kort"}, "te kort"),
        ({"text": "x" * 2001}, "te lang"),
        ({"text": "Tekst met een \x00 nul-byte erin"}, "stuurtekens"),
        ({"text": "Tekst met een \x1b[31m kleurcode"}, "stuurtekens"),
        ({"kern": "Atlantis"}, "hoort niet bij deze raadpleging"),
        ({"consent": ""}, "Geef toestemming"),
        ({"website": "http://spam.example"}, "Laat dit veld leeg"),
        ({"display_name": "x"}, "naam van 2 tot 80"),
        ({"display_name": "Naam\x07"}, "tekens die niet kunnen"),
        ({"display_name": "Jan Jansen 0612345678"}, "In de naam staan persoonsgegevens"),
        ({"display_name": "jan.jansen@example.nl"}, "In de naam staan persoonsgegevens"),
        ({"display_name": "Jan, Kerkstr. 12"}, "In de naam staan persoonsgegevens"),
    ],
)
def test_bad_input_gives_clear_message_and_saves_nothing(client, as_user, overrides, message):
    consultation = make_consultation()
    user = make_user()
    _db.session.commit()
    as_user(user)
    response = post_form(client, new_url(consultation), form_data(**overrides))
    assert response.status_code == 200
    page = text_of(response)
    assert message in page
    assert "Controleer de velden hieronder" in page
    assert count(Contribution) == 0


@pytest.mark.parametrize("email", ["", "geen-adres", "a@b", "iemand@example.org\nBcc: x@y.nl"])
def test_anonymous_needs_valid_email(client, email):
    consultation = make_consultation()
    _db.session.commit()
    response = post_form(client, new_url(consultation), form_data(email=email))
    assert response.status_code == 200
    assert "e-mailadres" in text_of(response)
    assert count(Contribution) == 0 and count(OutboxMessage) == 0


def test_missing_or_forged_csrf_token_is_refused(client, as_user):
    consultation = make_consultation()
    as_user(make_user())
    _db.session.commit()
    for data in (form_data(), form_data(csrf_token="vervalst")):
        response = client.post(new_url(consultation), data=data)
        assert response.status_code == 400
        assert "formulier is verlopen" in text_of(response)
    assert count(Contribution) == 0


def test_replayed_form_and_double_submit_store_once(client, as_user):
    consultation = make_consultation()
    as_user(make_user())
    _db.session.commit()
    page = client.get(new_url(consultation))
    ref = re.search(r'name="form_ref"[^>]*value="([^"]+)"', text_of(page)).group(1)
    data = form_data(form_ref=ref, csrf_token=csrf_token(client))
    first = client.post(new_url(consultation), data=data)
    replay = client.post(new_url(consultation), data=data)
    assert first.status_code == replay.status_code == 302
    assert "al ontvangen" in text_of(client.get(replay.location))
    # A double click without the hidden reference (another tab) is caught by the text check.
    client.post(new_url(consultation), data={**data, "form_ref": ""})
    assert count(Contribution) == 1


def test_consultation_closed_while_form_open_refuses_with_message(client, as_user):
    consultation = make_consultation()
    user = make_user()
    _db.session.commit()
    as_user(user)
    token = csrf_token(client, new_url(consultation))
    consultation.status = ConsultationStatus.CLOSED
    _db.session.commit()
    data = form_data(csrf_token=token, text="Mijn verhaal over de <b>bushalte</b> in de kern.")
    response = client.post(new_url(consultation), data=data, headers={"Origin": "http://localhost"})
    # The resident's text comes back (escaped) with the reason, and no form to send it again.
    assert response.status_code == 409
    page = text_of(response)
    assert "Deze raadpleging is gesloten" in page
    assert "Mijn verhaal over de &lt;b&gt;bushalte&lt;/b&gt; in de kern.</textarea>" in page
    assert 'action="' + new_url(consultation) not in page
    assert count(Contribution) == 0
    # Opening the form of a closed consultation leads back to the consultation.
    assert client.get(new_url(consultation)).headers["Location"].endswith(show_url(consultation))


def test_error_summary_links_to_each_wrong_field(client, as_user):
    consultation = make_consultation()
    as_user(make_user())
    _db.session.commit()
    response = post_form(client, new_url(consultation), form_data(consent=""))
    page = text_of(response)
    start = page.index("Controleer de velden hieronder")
    summary = page[start : page.index("</div>", start)]
    assert 'href="#consent"' in summary and "Geef toestemming" in summary
    assert 'id="consent"' in page  # the link leads to the field


def test_unknown_consultation_and_draft_are_404(client, as_user):
    draft = make_consultation(status=ConsultationStatus.DRAFT)
    _db.session.commit()
    assert client.get("/nergens/niets").status_code == 404
    assert client.get(f"/{draft.municipality.slug}/bestaat-niet").status_code == 404
    assert client.get(show_url(draft)).status_code == 404
    assert (
        client.post(new_url(draft), data=form_data(csrf_token=csrf_token(client))).status_code
        == 404
    )
    admin = make_user(Role.ADMIN, municipality=draft.municipality)
    _db.session.commit()
    as_user(admin)
    assert client.get(show_url(draft)).status_code == 200


def test_officials_cannot_post_as_resident(client, as_user):
    consultation = make_consultation()
    moderator = make_user(Role.MODERATOR, municipality=consultation.municipality)
    _db.session.commit()
    as_user(moderator)
    response = post_form(client, new_url(consultation), form_data())
    assert response.status_code == 403
    assert count(Contribution) == 0


def test_html_and_script_are_shown_escaped(client, as_user):
    consultation = make_consultation()
    user = make_user()
    _db.session.commit()
    as_user(user)
    script = "<script>alert('x')</script> maakt de stoep niet breder"
    post_form(client, new_url(consultation), form_data(text=script, display_name="<b>Bob</b>"))
    page = text_of(client.get(show_url(consultation)))
    assert "<script>alert" not in page and "<b>Bob</b>" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "&lt;b&gt;Bob&lt;/b&gt;" in page


def test_personal_data_is_held_and_author_is_told(client, as_user):
    consultation = make_consultation()
    user = make_user()
    _db.session.commit()
    as_user(user)
    text = "Bel mij op 06-12345678 over de stoep bij school."
    response = post_form(client, new_url(consultation), form_data(text=text))
    page = text_of(client.get(response.location))
    assert "persoonsgegevens" in page
    assert text not in text_of(client.get(show_url(consultation)))
    assert _db.session.scalars(select(Contribution)).one().hold_reason == "pii"


def test_pre_moderated_input_waits(client, as_user):
    consultation = make_consultation(moderation_mode=ModerationMode.PRE)
    as_user(make_user())
    _db.session.commit()
    response = post_form(client, new_url(consultation), form_data())
    assert "moderator" in text_of(client.get(response.location))
    assert GOOD not in text_of(client.get(show_url(consultation)))


def test_sort_filter_and_paginate(client):
    consultation = make_consultation()
    kern_a, kern_b = consultation.kernen
    popular = make_contribution(
        consultation=consultation, text="Populair idee over de brug", kern=kern_b
    )
    for n in range(25):
        make_contribution(
            consultation=consultation, text=f"Inbreng nummer {n:02d} hier", kern=kern_a
        )
    for _ in range(3):
        _db.session.add(Support(contribution_id=popular.id, user_id=make_user().id))
    make_contribution(
        consultation=consultation, text="Verborgen tekst", status=ContributionStatus.HIDDEN
    )
    _db.session.commit()
    url = show_url(consultation)
    first = text_of(client.get(url))
    assert "Inbreng nummer 24" in first and "Populair idee" not in first
    assert "Pagina 1 van 2" in first and "Verborgen tekst" not in first
    assert "Populair idee" in text_of(client.get(url + "?page=2"))
    by_support = text_of(client.get(url + "?sort=steun"))
    assert by_support.index("Populair idee") < by_support.index("Inbreng nummer")
    assert "3 inwoners steunen dit" in by_support
    only_b = text_of(client.get(f"{url}?kern={kern_b.id}"))
    assert "Populair idee" in only_b and "Inbreng nummer" not in only_b
    # Nonsense parameters fall back to defaults instead of failing.
    for query in ("?page=abc", "?page=999", "?sort=x", "?kern=zzz", "?page=-1"):
        assert client.get(url + query).status_code == 200


def test_municipality_page_lists_open_and_closed(client):
    open_one = make_consultation(title="Open vraag")
    make_consultation(
        municipality=open_one.municipality, title="Oude vraag", status=ConsultationStatus.CLOSED
    )
    make_consultation(
        municipality=open_one.municipality, title="Geheim concept", status=ConsultationStatus.DRAFT
    )
    _db.session.commit()
    page = text_of(client.get(f"/{open_one.municipality.slug}"))
    assert page.index("Open vraag") < page.index("Gesloten") < page.index("Oude vraag")
    assert "Geheim concept" not in page
    assert client.get("/onbekende-gemeente/").status_code == 404
