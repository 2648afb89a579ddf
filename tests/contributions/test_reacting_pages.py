"""Replies, support, reports, editing and withdrawing in the browser."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from dialogue.consultations.models import ConsultationStatus
from dialogue.contributions.models import Contribution, ContributionStatus, Reply, Report, Support
from dialogue.extensions import db as _db
from dialogue.timeutil import utcnow
from tests.factories import make_consultation, make_contribution, make_user
from tests.helpers import count, post_form, show_url, text_of


def test_reply_shows_under_the_input(client, as_user):
    contribution = make_contribution(author=make_user())
    replier = make_user(display_name="Kees")
    _db.session.commit()
    as_user(replier)
    url = f"/inbreng/{contribution.id}/reageren"
    assert contribution.text in text_of(client.get(url))
    response = post_form(
        client, url, {"text": "<i>Eens</i>, en snel graag", "display_name": "Kees"}, page=url
    )
    assert response.status_code == 302
    page = text_of(client.get(show_url(contribution.consultation)))
    assert "&lt;i&gt;Eens&lt;/i&gt;, en snel graag" in page and "1 reactie" in page


def test_reply_bad_input(client, as_user):
    contribution = make_contribution()
    as_user(make_user())
    _db.session.commit()
    url = f"/inbreng/{contribution.id}/reageren"
    for text, message in (
        ("", "Dit veld is leeg"),
        ("a" * 1001, "te lang"),
    ):
        response = post_form(client, url, {"text": text}, page=url)
        assert response.status_code == 200 and message in text_of(response)
    assert count(Reply) == 0


def test_reply_name_with_personal_data_is_refused_with_a_message(client, as_user):
    contribution = make_contribution()
    as_user(make_user())
    _db.session.commit()
    url = f"/inbreng/{contribution.id}/reageren"
    for name in ("Jan Jansen 0612345678", "jan.jansen@example.nl"):
        response = post_form(
            client, url, {"text": "Eens, en snel graag", "display_name": name}, page=url
        )
        page = text_of(response)
        assert response.status_code == 200 and "In de naam staan persoonsgegevens" in page
        assert "Eens, en snel graag" in page  # the typed text is kept
    assert count(Reply) == 0


def test_reply_with_personal_data_waits_and_is_not_shown(client, as_user):
    contribution = make_contribution()
    as_user(make_user())
    _db.session.commit()
    url = f"/inbreng/{contribution.id}/reageren"
    response = post_form(client, url, {"text": "Mail mij: kees@voorbeeld.nl svp"}, page=url)
    assert response.status_code == 302
    page = text_of(client.get(response.headers["Location"]))
    assert "persoonsgegevens" in page and "moderator" in page
    assert "kees@voorbeeld.nl" not in page and "1 reactie" not in page
    mine = text_of(client.get("/mijn-inbreng"))
    assert "kees@voorbeeld.nl" in mine and "wacht op controle" in mine


def test_reply_on_hidden_input_is_404(client, as_user):
    hidden = make_contribution(status=ContributionStatus.HIDDEN)
    as_user(make_user())
    _db.session.commit()
    assert client.get(f"/inbreng/{hidden.id}/reageren").status_code == 404


def test_support_button_and_double_click(client, as_user):
    contribution = make_contribution(author=make_user())
    supporter = make_user()
    _db.session.commit()
    as_user(supporter)
    url = f"/inbreng/{contribution.id}/steun"
    for _ in range(2):
        assert post_form(client, url, {"action": "add"}).status_code == 302
    assert count(Support) == 1
    page = text_of(client.get(show_url(contribution.consultation)))
    assert "1 inwoner steunt dit" in page and 'aria-pressed="true"' in page
    post_form(client, url, {"action": "remove"})
    assert count(Support) == 0


def test_cannot_support_own_input_or_on_closed_consultation(client, as_user):
    author = make_user()
    own = make_contribution(author=author)
    closed = make_contribution(consultation=make_consultation(status=ConsultationStatus.CLOSED))
    _db.session.commit()
    as_user(author)
    response = post_form(client, f"/inbreng/{own.id}/steun", {"action": "add"})
    assert "eigen inbreng niet steunen" in text_of(client.get(response.location))
    response = post_form(client, f"/inbreng/{closed.id}/steun", {"action": "add"})
    assert "gesloten" in text_of(client.get(response.location))
    assert count(Support) == 0


def test_three_reports_hide_input(client, app, as_user):
    contribution = make_contribution(author=make_user())
    reporters = [make_user() for _ in range(app.config["REPORT_HIDE_THRESHOLD"])]
    _db.session.commit()
    url = f"/inbreng/{contribution.id}/melden"
    for reporter in reporters:
        as_user(reporter)
        response = post_form(client, url, {"reason": "beledigend", "explanation": ""}, page=url)
        assert response.status_code == 302
    _db.session.expire_all()
    assert (contribution.status, contribution.hold_reason) == (ContributionStatus.HIDDEN, "reports")
    assert contribution.text not in text_of(client.get(show_url(contribution.consultation)))
    assert {r.reason for r in _db.session.scalars(select(Report))} == {
        "Beledigend, kwetsend of discriminerend"
    }


def test_report_needs_reason_and_other_needs_explanation(client, as_user):
    contribution = make_contribution()
    as_user(make_user())
    _db.session.commit()
    url = f"/inbreng/{contribution.id}/melden"
    assert "Kies een reden" in text_of(post_form(client, url, {}, page=url))
    assert "Leg kort uit" in text_of(post_form(client, url, {"reason": "anders"}, page=url))
    assert "Ongeldige keuze" in text_of(post_form(client, url, {"reason": "verzonnen"}, page=url))
    post_form(
        client, url, {"reason": "anders", "explanation": "Reclame voor een bedrijf"}, page=url
    )
    again = post_form(client, url, {"reason": "spam"}, page=url)
    assert "al gemeld" in text_of(again)
    assert count(Report) == 1


def test_edit_within_window(client, as_user):
    author = make_user()
    contribution = make_contribution(author=author)
    _db.session.commit()
    as_user(author)
    url = f"/mijn-inbreng/{contribution.id}/wijzigen"
    assert contribution.text in text_of(client.get(url))
    assert "te kort" in text_of(post_form(client, url, {"text": "kort", "kern": ""}, page=url))
    response = post_form(
        client, url, {"text": "Een betere versie van mijn tekst", "kern": ""}, page=url
    )
    assert response.status_code == 302
    _db.session.expire_all()
    assert contribution.text == "Een betere versie van mijn tekst"


def test_no_edit_after_window_or_by_others(client, as_user):
    author = make_user()
    late = make_contribution(author=author, created_at=utcnow() - timedelta(minutes=20))
    theirs = make_contribution(author=make_user())
    _db.session.commit()
    as_user(author)
    response = client.get(f"/mijn-inbreng/{late.id}/wijzigen")
    assert response.status_code == 302
    assert "niet meer wijzigen" in text_of(client.get(response.location))
    assert "Wijzigen" not in text_of(client.get("/mijn-inbreng"))
    assert client.get(f"/mijn-inbreng/{theirs.id}/wijzigen").status_code == 404
    assert client.get(f"/mijn-inbreng/{theirs.id}/intrekken").status_code == 404


def test_withdraw_and_see_moderator_reason(client, as_user):
    author = make_user()
    contribution = make_contribution(author=author)
    rejected = make_contribution(
        author=author,
        text="Iets dat niet mocht",
        status=ContributionStatus.REJECTED,
        status_reason="Niet over dit onderwerp",
    )
    _db.session.commit()
    as_user(author)
    mine = text_of(client.get("/mijn-inbreng"))
    assert "niet geplaatst" in mine and "Niet over dit onderwerp" in mine
    url = f"/mijn-inbreng/{contribution.id}/intrekken"
    assert "Ja, intrekken" in text_of(client.get(url))
    assert post_form(client, url, {}, page=url).status_code == 302
    _db.session.expire_all()
    assert contribution.status == ContributionStatus.WITHDRAWN
    assert rejected.status == ContributionStatus.REJECTED
    assert contribution.text not in text_of(client.get(show_url(contribution.consultation)))
    assert "ingetrokken" in text_of(client.get("/mijn-inbreng"))
    assert _db.session.get(Contribution, contribution.id) is not None


def test_answers_of_the_municipality_are_shown(client):
    from dialogue.answers.models import OfficialResponse
    from dialogue.themes.models import Theme

    contribution = make_contribution()
    consultation = contribution.consultation
    _db.session.add(
        Theme(
            consultation_id=consultation.id,
            municipality_id=consultation.municipality_id,
            key="t-verkeer",
            label="Verkeer",
        )
    )
    for values in (
        {"text": "Algemeen antwoord <b>van</b> ons", "author_role": "admin"},
        {
            "text": "Antwoord op deze inbreng",
            "contribution_id": contribution.id,
            "author_role": "analyst",
        },
        {"text": "Antwoord over het verkeer", "theme_key": "t-verkeer", "author_role": "analyst"},
    ):
        _db.session.add(OfficialResponse(consultation_id=consultation.id, **values))
    _db.session.commit()
    page = text_of(client.get(show_url(consultation)))
    assert "Algemeen antwoord &lt;b&gt;van&lt;/b&gt; ons" in page
    assert "Over het thema: Verkeer" in page and "Antwoord over het verkeer" in page
    item = page[page.index(f'id="inbreng-{contribution.id}"') :]
    assert "Antwoord op deze inbreng" in item and "beleidsmedewerker" in item
