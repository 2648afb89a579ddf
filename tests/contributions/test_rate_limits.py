"""Rate limits on posting input: per account, per e-mail address; refused posts do not count."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from dialogue.contributions.models import Contribution
from dialogue.extensions import db
from tests.conftest import login
from tests.factories import make_consultation, make_user
from tests.helpers import csrf_token, new_url

pytestmark = pytest.mark.slow


@pytest.fixture
def limited_app(make_app):
    return make_app(RATELIMIT_ENABLED=True, CONTRIBUTION_RATE_LIMIT="2 per 10 minutes")


def post(client, url, token, text, **extra):
    data = {"text": text, "consent": "y", "csrf_token": token, **extra}
    return client.post(url, data=data, headers={"Origin": "http://localhost"})


def stored(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Contribution.id)))


def test_account_limit_counts_only_accepted_posts(limited_app):
    app = limited_app
    with app.app_context():
        consultation = make_consultation()
        first, second = make_user(), make_user()
        db.session.commit()
        url = new_url(consultation)
        client = login(app.test_client(), first)
        other = login(app.test_client(), second)
    token = csrf_token(client)
    for _ in range(3):
        assert post(client, url, token, "kort").status_code == 200
    assert post(client, url, token, "Eerste goede inbreng hier").status_code == 302
    assert post(client, url, token, "Tweede goede inbreng hier").status_code == 302
    refused = post(client, url, token, "Derde goede inbreng <hier>")
    assert refused.status_code == 429
    page = refused.get_data(as_text=True)
    # The refused text is given back (escaped), so the resident can send it later.
    assert "te vaak" in page and "Derde goede inbreng &lt;hier&gt;</textarea>" in page
    assert stored(app) == 2
    # Another resident is not affected.
    assert post(other, url, csrf_token(other), "Inbreng van iemand anders").status_code == 302
    assert stored(app) == 3


def test_anonymous_limit_per_email_address(limited_app):
    app = limited_app
    with app.app_context():
        consultation = make_consultation()
        db.session.commit()
        url = new_url(consultation)
    client = app.test_client()
    token = csrf_token(client)
    for n in range(2):
        response = post(client, url, token, f"Anonieme inbreng nummer {n}", email="a@example.org")
        assert response.status_code == 302
    refused = post(client, url, token, "Anonieme inbreng nummer 3", email="A@example.org ")
    assert refused.status_code == 429
    assert (
        post(client, url, token, "Inbreng met ander adres", email="b@example.org").status_code
        == 302
    )
    assert stored(app) == 3


def test_web_and_api_input_count_against_one_limit(limited_app):
    from tests.api.helpers import bearer, contributions_url, token_for

    app = limited_app
    with app.app_context():
        consultation = make_consultation()
        user = make_user()
        db.session.commit()
        url, api_url = new_url(consultation), contributions_url(consultation.id)
        api_token = token_for(user)
        client = login(app.test_client(), user)
    token = csrf_token(client)

    def post_api(text):
        return client.post(api_url, json={"text": text}, headers=bearer(api_token))

    assert post_api("Eerste inbreng via de koppeling").status_code == 201
    assert post(client, url, token, "Tweede inbreng via het formulier").status_code == 302
    assert post_api("Derde inbreng via de koppeling").status_code == 429
    refused = post(client, url, token, "Derde inbreng via het formulier")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert stored(app) == 2


def test_replies_are_limited_per_account_and_refused_text_is_given_back(make_app):
    from dialogue.contributions.models import Reply
    from tests.factories import make_contribution

    app = make_app(RATELIMIT_ENABLED=True, REPLY_RATE_LIMIT="2 per 10 minutes")
    with app.app_context():
        contribution = make_contribution()
        first, second = make_user(), make_user()
        db.session.commit()
        url = f"/inbreng/{contribution.id}/reageren"
        client = login(app.test_client(), first)
        other = login(app.test_client(), second)
    token = csrf_token(client, url)
    assert post(client, url, token, "Eens, punt 1").status_code == 302
    # A double submit is answered as before and not counted twice.
    assert post(client, url, token, "Eens, punt 1").status_code == 302
    assert post(client, url, token, "Eens, punt 2").status_code == 302
    refused = post(client, url, token, "Nog een reactie <hier>")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert "Nog een reactie &lt;hier&gt;" in refused.get_data(as_text=True)
    assert post(other, url, csrf_token(other, url), "Ook eens").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count(Reply.id))) == 3
