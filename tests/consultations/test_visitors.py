"""What differs per visitor stays correct on cached pages: login, token, form, language, flash."""

from __future__ import annotations

import os
import re

import pytest
from flask import Flask
from redis import Redis

from dialogue.consultations.services import ConsultationData, update_consultation
from dialogue.contributions.models import Contribution
from dialogue.extensions import cache
from dialogue.extensions import db as _db
from tests.conftest import login
from tests.factories import make_consultation

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
FORM_REF = re.compile(r'name="form_ref"[^>]*value="([^"]+)"')
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def test_logged_in_resident_never_gets_the_cached_page(app: Flask, scene):
    anonymous = app.test_client().get(scene.url).get_data(as_text=True)
    assert 'name="email"' in anonymous and "Uitloggen" not in anonymous
    resident = login(app.test_client(), scene.resident)
    html = resident.get(scene.url).get_data(as_text=True)
    assert "Uitloggen" in html and 'name="email"' not in html
    assert scene.resident.display_name in html  # the form is filled in for this resident
    assert FORM_REF.search(html).group(1) != FORM_REF.search(anonymous).group(1)
    # Nor is the resident's page kept for the next logged-out visitor.
    again = app.test_client().get(scene.url).get_data(as_text=True)
    assert "Uitloggen" not in again and scene.resident.display_name not in again


def test_each_visitor_gets_own_token_and_form_reference(app: Flask, scene):
    first, second = app.test_client(), app.test_client()
    one = first.get(scene.url).get_data(as_text=True)
    two = second.get(scene.url).get_data(as_text=True)
    assert "kp-slot-" not in one
    assert CSRF.search(one).group(1) != CSRF.search(two).group(1)
    assert FORM_REF.search(one).group(1) != FORM_REF.search(two).group(1)
    for client, html, email in ((first, one, "een@example.org"), (second, two, "twee@example.org")):
        response = client.post(
            f"{scene.url}/inbreng",
            data={
                "csrf_token": CSRF.search(html).group(1),
                "form_ref": FORM_REF.search(html).group(1),
                "text": f"Mijn eigen inbreng over de dijk, van {email}.",
                "email": email,
                "consent": "y",
            },
        )
        assert response.status_code == 302, response.get_data(as_text=True)
    # Both are stored: the cached page did not hand both visitors one form reference.
    assert (
        _db.session.query(Contribution).filter(Contribution.pending_email.isnot(None)).count() == 2
    )


def test_unchanged_page_answers_304(app: Flask, scene):
    client = app.test_client()
    first = client.get(scene.url)
    assert first.headers["Cache-Control"] == "private, no-cache"
    etag = first.headers["ETag"]
    assert client.get(scene.url, headers={"If-None-Match": etag}).status_code == 304
    since = first.headers["Last-Modified"]
    assert client.get(scene.url, headers={"If-Modified-Since": since}).status_code == 304
    with client.session_transaction() as session:
        session["lang"] = "en"
    english = client.get(scene.url, headers={"If-None-Match": etag})
    assert english.status_code == 200 and "Contributions from residents" in english.get_data(
        as_text=True
    )


def test_changed_page_answers_200(app: Flask, scene):
    client = app.test_client()
    first = client.get(scene.url)
    with app.test_request_context():
        from dialogue.contributions.authoring import withdraw_contribution

        withdraw_contribution(scene.first, scene.resident)
        _db.session.commit()
    again = client.get(
        scene.url,
        headers={
            "If-None-Match": first.headers["ETag"],
            "If-Modified-Since": first.headers["Last-Modified"],
        },
    )
    assert again.status_code == 200
    assert "Eerste inbreng over de dijk." not in again.get_data(as_text=True)


def test_flash_message_shows_on_a_cached_page(app: Flask, scene):
    app.test_client().get(scene.url)
    client = app.test_client()
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Bedankt voor uw inbreng.")]
    assert "Bedankt voor uw inbreng." in client.get(scene.url).get_data(as_text=True)
    assert "Bedankt voor uw inbreng." not in client.get(scene.url).get_data(as_text=True)


def test_language_is_part_of_the_key(app: Flask, scene):
    assert "Inbreng van inwoners" in app.test_client().get(scene.url).get_data(as_text=True)
    client = app.test_client()
    with client.session_transaction() as session:
        session["lang"] = "en"
    assert "Contributions from residents" in client.get(scene.url).get_data(as_text=True)


def test_unknown_query_arguments_are_rendered_but_not_kept(app: Flask, scene):
    client = app.test_client()
    assert client.get(f"{scene.url}?utm_source=krant").status_code == 200
    assert client.get(f"{scene.url}?page=2&sort=steun").status_code == 200
    keys = list(cache.cache._cache)  # SimpleCache in the tests
    assert len(keys) == 1


def test_home_and_municipality_pages_follow_a_new_title(app: Flask, scene):
    municipality_url = f"/{scene.consultation.municipality.slug}"
    for url in ("/", municipality_url):
        assert scene.consultation.title in app.test_client().get(url).get_data(as_text=True)
    consultation = scene.consultation
    with app.test_request_context():
        update_consultation(
            consultation,
            ConsultationData(
                title="Samen over de dijk",
                question=consultation.question,
                description=consultation.description,
                kern_ids=[kern.id for kern in consultation.kernen],
                opens_on=None,
                closes_on=None,
                moderation_mode=consultation.moderation_mode,
            ),
        )
        _db.session.commit()
    for url in ("/", municipality_url):
        assert "Samen over de dijk" in app.test_client().get(url).get_data(as_text=True)


def test_new_consultation_appears_on_the_home_page(app: Flask, scene):
    app.test_client().get("/")
    make_consultation(title="Een tweede vraag")
    _db.session.commit()
    assert "Een tweede vraag" in app.test_client().get("/").get_data(as_text=True)


@pytest.fixture
def redis_app(make_app):
    # Redis runs wherever this suite runs (as for the job and rate-limit tests): no skip.
    Redis.from_url(REDIS_URL).ping()
    application = make_app(REDIS_URL=REDIS_URL, CACHE_KEY_PREFIX="kernpunt-test-pages:")
    yield application
    with application.app_context():
        cache.clear()


def test_redis_backend_shares_pages_and_follows_changes(redis_app: Flask):
    assert redis_app.config["CACHE_TYPE"] == "RedisCache"
    with redis_app.app_context():
        consultation = make_consultation()
        _db.session.commit()
        url = f"/{consultation.municipality.slug}/{consultation.slug}"
        assert "Er is nog geen inbreng" in redis_app.test_client().get(url).get_data(as_text=True)
        keys = Redis.from_url(REDIS_URL).keys("kernpunt-test-pages:*")
        assert keys, "the page was not kept in Redis"
        from tests.factories import make_contribution

        make_contribution(consultation=consultation, text="Inbreng via de Redis-pagina.")
        _db.session.commit()
        html = redis_app.test_client().get(url).get_data(as_text=True)
        assert "Inbreng via de Redis-pagina." in html
