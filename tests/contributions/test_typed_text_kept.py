"""A form POST that fails as a whole (expired form, consultation closed by date) gives the text back.

The consultation closed by an admin: tests/contributions/test_posting_pages.py; the rate limit:
tests/contributions/test_rate_limits.py.
"""

from __future__ import annotations

from datetime import timedelta

from dialogue.extensions import db as _db
from dialogue.timeutil import utcnow
from tests.factories import PASSWORD, make_consultation, make_user
from tests.helpers import csrf_token, new_url

TEXT = "Mijn lange verhaal over de <b>bushalte</b> in de kern, met veel details."
#: What a browser sends with a form from one of our own pages (the test client's host).
OWN_SITE = {"Origin": "http://localhost"}


def test_closed_by_date_while_writing_gives_the_text_back(client, as_user):
    consultation = make_consultation()
    as_user(make_user())
    _db.session.commit()
    url = new_url(consultation)
    token = csrf_token(client, url)
    consultation.closes_at = utcnow() - timedelta(minutes=1)
    _db.session.commit()
    data = {"text": TEXT, "consent": "y", "csrf_token": token}
    response = client.post(url, data=data, headers=OWN_SITE)
    assert response.status_code == 409
    assert "bushalte" in response.get_data(as_text=True)


def test_expired_form_gives_the_text_back_but_never_a_password(client):
    consultation = make_consultation()
    _db.session.commit()
    response = client.post(
        new_url(consultation),
        data={"text": TEXT, "email": "a@example.org", "csrf_token": "verlopen"},
        headers=OWN_SITE,
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "verlopen" in page
    assert "bushalte" in page and 'id="ingevuld-1"' in page
    login = client.post(
        "/account/inloggen",
        data={"email": "a@example.org", "password": PASSWORD, "csrf_token": "verlopen"},
        headers=OWN_SITE,
    )
    assert login.status_code == 400
    assert PASSWORD not in login.get_data(as_text=True)
    assert "ingevuld" not in login.get_data(as_text=True)


def test_a_form_sent_from_another_site_gets_no_text_back(client):
    """Another site must not make our error page show its text as if the visitor typed it."""
    consultation = make_consultation()
    _db.session.commit()
    for headers in (
        {"Origin": "https://elders.example"},
        {"Referer": "https://elders.example/"},
        {},
    ):
        response = client.post(
            new_url(consultation), data={"text": TEXT, "csrf_token": "x"}, headers=headers
        )
        page = response.get_data(as_text=True)
        assert response.status_code == 400 and "bushalte" not in page, headers
    same_site = client.post(
        new_url(consultation),
        data={"text": TEXT, "csrf_token": "x"},
        headers={"Referer": f"http://localhost{new_url(consultation)}"},
    )
    assert "bushalte" in same_site.get_data(as_text=True)
