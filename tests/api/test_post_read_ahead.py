"""What an API post reads with its first query (dialogue/contributions/prefetch.py) decides as
the screening's and placement's own lookups did: repeats, double submits, merged themes."""

from __future__ import annotations

import pytest

from dialogue.contributions.models import Contribution, ContributionStatus
from dialogue.contributions.prefetch import Prefetched, attach, prefetched
from dialogue.moderation.flags import FLAG_REPEATED
from dialogue.themes.models import Theme
from tests.api.helpers import bearer, contributions_url, fresh_text, token_for
from tests.factories import make_consultation, make_user
from tests.themes.conftest import analyse
from tests.themes.test_placement import NEW_WIND_TEXT, topic_theme


def post(client, consultation_id: int, body: dict, token: str):
    return client.post(contributions_url(consultation_id), json=body, headers=bearer(token))


def test_the_same_words_in_another_consultation_are_held_as_a_repeat(client, db):
    first, second = make_consultation(), make_consultation()
    db.session.commit()
    token = token_for(make_user())
    text = fresh_text()

    earlier = post(client, first.id, {"text": text, "client_ref": "a"}, token)
    again = post(
        client, second.id, {"text": text.upper().replace(" ", "  "), "client_ref": "b"}, token
    )

    assert (earlier.status_code, again.status_code) == (201, 201)
    assert earlier.json["status"] == "published"
    assert again.json["status"] == "pending"
    held = db.session.get(Contribution, again.json["id"])
    assert held.hold_reason == "flagged" and FLAG_REPEATED in held.flags


def test_a_double_submit_without_client_ref_returns_the_first(client, db):
    consultation = make_consultation()
    db.session.commit()
    token = token_for(make_user())
    body = {"text": fresh_text()}

    first = post(client, consultation.id, body, token)
    second = post(client, consultation.id, body, token)

    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json == first.json
    assert db.session.query(Contribution).count() == 1


def test_new_words_are_not_a_repeat(client, db):
    consultation = make_consultation()
    db.session.commit()
    token = token_for(make_user())

    codes = [post(client, consultation.id, {"text": fresh_text()}, token) for _ in range(3)]

    assert [(r.status_code, r.json["status"]) for r in codes] == [(201, "published")] * 3


@pytest.mark.slow
def test_a_post_is_placed_in_the_theme_its_theme_was_merged_into(client, db, app):
    consultation, _analyst, topics, _job = analyse(db, app)
    wind = topic_theme(db, topics, "wind")
    active = [t for t in Theme.query.filter_by(consultation_id=consultation.id, active=True)]
    middle, final = [t for t in active if t.key != wind][:2]
    # Two merges, followed in order: wind → middle → final.
    Theme.query.filter_by(
        consultation_id=consultation.id, key=wind
    ).one().merged_into_key = middle.key
    middle.merged_into_key = final.key
    db.session.commit()
    token = token_for(make_user())

    response = post(client, consultation.id, {"text": NEW_WIND_TEXT}, token)

    assert response.status_code == 201
    assert db.session.get(Contribution, response.json["id"]).theme_key == final.key


def test_answers_read_for_other_words_are_not_used(db):
    consultation, author = make_consultation(), make_user()
    db.session.commit()
    contribution = Contribution(
        consultation_id=consultation.id,
        author_id=author.id,
        text=fresh_text(),
        status=ContributionStatus.PENDING,
    )
    facts = Prefetched(
        author_id=author.id,
        consultation_id=consultation.id,
        fingerprint=contribution.text_fingerprint,
        repeated=True,
        analysis_id=None,
    )
    attach(contribution, facts)
    assert prefetched(contribution) is facts
    contribution.text = fresh_text()  # other words: the answers are not about them
    assert prefetched(contribution) is None
