"""POST /api/v1/consultations/<id>/contributions: every status code, idempotent retries."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from dialogue.accounts.models import ApiToken, Role
from dialogue.consultations.models import ConsultationStatus, ModerationMode
from dialogue.contributions.models import Channel, Contribution
from dialogue.timeutil import utcnow
from tests.api.helpers import bearer, contributions_url, fresh_text, token_for
from tests.factories import make_consultation, make_user


def count_rows() -> int:
    from dialogue.extensions import db

    return db.session.scalar(select(func.count(Contribution.id)))


@pytest.fixture
def resident(db):
    return make_user(Role.RESIDENT)


@pytest.fixture
def token(resident):
    return token_for(resident)


@pytest.fixture
def consultation(db):
    consultation = make_consultation()
    db.session.commit()
    return consultation


def post(client, consultation_id, body, token=None, **kwargs):
    headers = bearer(token) if token else {}
    if isinstance(body, (dict, list)):
        return client.post(contributions_url(consultation_id), json=body, headers=headers, **kwargs)
    return client.post(
        contributions_url(consultation_id),
        data=body,
        headers=headers,
        content_type="application/json",
        **kwargs,
    )


def test_201_stores_input_from_the_api_channel(client, db, consultation, token, resident):
    kern = consultation.municipality.kernen[1]
    text = fresh_text()

    response = post(
        client, consultation.id, {"text": text, "area": kern.name, "client_ref": "r-1"}, token
    )

    assert response.status_code == 201
    assert response.json == {"id": response.json["id"], "status": "published", "client_ref": "r-1"}
    stored = db.session.get(Contribution, response.json["id"])
    assert stored.text == text
    assert stored.author_id == resident.id
    assert stored.kern_id == kern.id
    assert stored.channel == Channel.API
    assert stored.consultation_id == consultation.id


def test_kern_and_client_ref_may_be_null_or_absent(client, db, consultation, token):
    first = post(client, consultation.id, {"text": fresh_text(), "area": None}, token)
    second = post(client, consultation.id, {"text": fresh_text(), "client_ref": None}, token)

    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json["client_ref"] is None
    assert count_rows() == 2


def test_repeated_client_ref_returns_the_first_result_with_200(client, db, consultation, token):
    first = post(client, consultation.id, {"text": fresh_text(), "client_ref": "abc"}, token)
    # A retry, even with a different text, must not create a second contribution.
    again = post(client, consultation.id, {"text": fresh_text(), "client_ref": "abc"}, token)

    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json == first.json
    assert count_rows() == 1


def test_same_client_ref_from_different_users_are_different_contributions(
    client, db, consultation, token
):
    other = token_for(make_user())

    first = post(client, consultation.id, {"text": fresh_text(), "client_ref": "same"}, token)
    second = post(client, consultation.id, {"text": fresh_text(), "client_ref": "same"}, other)

    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json["id"] != second.json["id"]


def test_retry_is_answered_even_after_the_consultation_closed(client, db, consultation, token):
    first = post(client, consultation.id, {"text": fresh_text(), "client_ref": "late"}, token)
    consultation.status = ConsultationStatus.CLOSED
    db.session.commit()

    again = post(client, consultation.id, {"text": fresh_text(), "client_ref": "late"}, token)

    assert again.status_code == 200
    assert again.json["id"] == first.json["id"]


def test_pre_moderated_input_is_pending(client, db, token):
    consultation = make_consultation(moderation_mode=ModerationMode.PRE)
    db.session.commit()

    response = post(client, consultation.id, {"text": fresh_text()}, token)

    assert response.status_code == 201
    assert response.json["status"] == "pending"


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.ANALYST, Role.ADMIN, Role.NETWORK])
def test_officials_cannot_post_as_residents(client, db, consultation, role):
    """As in the web form: officials record letters and notes through the intake instead."""
    official = make_user(role, municipality=consultation.municipality)
    token = token_for(official)

    response = post(client, consultation.id, {"text": fresh_text()}, token)

    assert response.status_code == 403
    assert response.is_json and "inwoners" in response.json["message"]
    assert count_rows() == 0


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ("{not json", {"body"}),
        ("", {"body"}),
        (b"\xff\xfe\x00garbage", {"body"}),
        ("[1, 2]", {"body"}),
        ('"just a string"', {"body"}),
        ("null", {"body"}),
        ("[" * 5000 + "]" * 5000, {"body"}),
        ('{"text": ' + "[" * 5000 + "]" * 5000 + "}", {"body"}),
        ('{"text": ' + "9" * 5000 + "}", {"body"}),
        ({}, {"text"}),
        ({"text": 42}, {"text"}),
        ({"text": None}, {"text"}),
        ({"text": ["a"]}, {"text"}),
        ({"text": True}, {"text"}),
        ({"text": "Een goede tekst van genoeg lengte.", "area": 5}, {"area"}),
        ({"text": "Een goede tekst van genoeg lengte.", "client_ref": {"a": 1}}, {"client_ref"}),
        ({"text": "Een goede tekst van genoeg lengte.", "colour": "rood"}, {"colour"}),
        ({"text": "kort"}, {"text"}),
        ({"text": "   \n\t   "}, {"text"}),
        ({"text": "x" * 2001}, {"text"}),
        ({"text": "Tekst met een \x00 nul-teken erin."}, {"text"}),
        ({"text": "Een goede tekst van genoeg lengte.", "area": "Atlantis"}, {"area"}),
        ({"text": "Een goede tekst van genoeg lengte.", "client_ref": "r" * 101}, {"client_ref"}),
    ],
)
def test_bad_input_is_400_with_errors_per_field(client, db, consultation, token, body, fields):
    response = post(client, consultation.id, body, token)

    assert response.status_code == 400
    assert response.is_json
    assert set(response.json) == {"errors"}
    assert set(response.json["errors"]) == fields
    assert all(isinstance(message, str) and message for message in response.json["errors"].values())
    assert count_rows() == 0


def test_html_in_text_is_stored_as_text_and_returned_as_json(client, db, consultation, token):
    text = '<script>alert("x")</script> graag een zebrapad bij school'

    response = post(client, consultation.id, {"text": text}, token)
    listed = client.get(contributions_url(consultation.id))

    assert response.status_code == 201
    assert listed.mimetype == "application/json"
    assert listed.json["items"][0]["text"] == text


def test_missing_token_is_401_with_challenge(client, db, consultation):
    response = post(client, consultation.id, {"text": fresh_text()})

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="kernpunt"'
    assert response.is_json
    assert count_rows() == 0


def test_unknown_token_is_401_invalid_token(client, db, consultation):
    response = post(client, consultation.id, {"text": fresh_text()}, "kp_wrong")

    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_revoked_token_and_blocked_account_are_401(client, db, consultation, resident, token):
    row = db.session.scalar(select(ApiToken).filter_by(user_id=resident.id))
    row.revoked_at = utcnow()
    db.session.commit()
    assert post(client, consultation.id, {"text": fresh_text()}, token).status_code == 401

    blocked = make_user(active=False)
    blocked_token = token_for(blocked)
    assert post(client, consultation.id, {"text": fresh_text()}, blocked_token).status_code == 401


def test_session_cookie_does_not_authenticate_the_api(client, db, consultation, resident, as_user):
    as_user(resident)

    assert post(client, consultation.id, {"text": fresh_text()}).status_code == 401


def test_unconfirmed_account_is_403(client, db, consultation):
    token = token_for(make_user(email_confirmed_at=None))

    response = post(client, consultation.id, {"text": fresh_text()}, token)

    assert response.status_code == 403
    assert response.is_json
    assert count_rows() == 0


def test_unknown_or_draft_consultation_is_404(client, db, token):
    draft = make_consultation(status=ConsultationStatus.DRAFT)
    db.session.commit()

    assert post(client, 987654, {"text": fresh_text()}, token).status_code == 404
    assert post(client, draft.id, {"text": fresh_text()}, token).status_code == 404


@pytest.mark.parametrize(
    "changes",
    [
        {"status": ConsultationStatus.CLOSED},
        {"closes_at": utcnow() - timedelta(minutes=1)},
        {"opens_at": utcnow() + timedelta(days=1)},
    ],
)
def test_consultation_not_accepting_input_is_409(client, db, token, changes):
    consultation = make_consultation(**changes)
    db.session.commit()

    response = post(client, consultation.id, {"text": fresh_text()}, token)

    assert response.status_code == 409
    # Before the first day the message says when it opens, after it that it is closed.
    expected = "begint op" if "opens_at" in changes else "gesloten"
    assert expected in response.json["message"]
    assert count_rows() == 0


def test_body_above_the_api_limit_is_413(client, db, app, consultation, token):
    limit = app.config["API_MAX_CONTENT_LENGTH"]
    body = json.dumps({"text": "a" * limit})

    response = post(client, consultation.id, body, token)

    assert response.status_code == 413
    assert response.is_json
    assert count_rows() == 0


def test_longest_text_fully_escaped_fits_the_limit(client, db, consultation, token):
    body = json.dumps({"text": "é" * 2000}, ensure_ascii=True)

    assert post(client, consultation.id, body, token).status_code == 201


def test_wrong_method_and_unknown_api_path_answer_json(client, db, consultation):
    wrong_method = client.delete(contributions_url(consultation.id))
    unknown = client.get("/api/v1/does-not-exist")

    assert wrong_method.status_code == 405
    assert set(wrong_method.headers["Allow"].split(", ")) >= {"GET", "POST"}
    assert unknown.status_code == 404
    assert wrong_method.is_json and unknown.is_json


@pytest.mark.parametrize("consultation_id", ["1234567890", "9223372036854775808", "99" * 20])
def test_ids_beyond_the_database_range_are_404_not_500(client, db, token, consultation_id):
    url = f"/api/v1/consultations/{consultation_id}/contributions"

    posted = client.post(url, json={"text": fresh_text()}, headers=bearer(token))
    listed = client.get(url)

    assert (posted.status_code, listed.status_code) == (404, 404)
    assert posted.is_json and listed.is_json


def test_429_after_the_limit_per_account_and_retries_still_answered(make_app):
    from dialogue.extensions import db

    app = make_app(RATELIMIT_ENABLED=True, CONTRIBUTION_RATE_LIMIT="2 per 10 minutes")
    with app.app_context():
        consultation = make_consultation()
        first_user = make_user()
        second_user = make_user()
        db.session.commit()
        first, second = token_for(first_user), token_for(second_user)
        client = app.test_client()

        codes = [
            post(client, consultation.id, {"text": fresh_text(), "client_ref": f"n{n}"}, first)
            for n in range(3)
        ]
        retry = post(client, consultation.id, {"text": fresh_text(), "client_ref": "n0"}, first)
        other = post(client, consultation.id, {"text": fresh_text()}, second)
        stored = db.session.scalar(select(func.count(Contribution.id)))

    assert [response.status_code for response in codes] == [201, 201, 429]
    limited = codes[2]
    assert limited.is_json
    assert int(limited.headers["Retry-After"]) > 0
    assert retry.status_code == 200
    assert retry.json["id"] == codes[0].json["id"]
    assert other.status_code == 201  # the limit is per account, not global
    assert stored == 3


def test_retries_do_not_count_against_the_limit(make_app):
    from dialogue.extensions import db

    app = make_app(RATELIMIT_ENABLED=True, CONTRIBUTION_RATE_LIMIT="2 per 10 minutes")
    with app.app_context():
        consultation = make_consultation()
        user = make_user()
        db.session.commit()
        token = token_for(user)
        client = app.test_client()
        body = {"text": fresh_text(), "client_ref": "same"}
        codes = [post(client, consultation.id, body, token).status_code for _ in range(4)]
        fresh = post(client, consultation.id, {"text": fresh_text()}, token).status_code

    assert codes == [201, 200, 200, 200]
    assert fresh == 201
