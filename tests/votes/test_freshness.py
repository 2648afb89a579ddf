"""Votes and the public pages: the cached pages show nothing votes change, the live ones at once.

A vote does not raise the consultation's public version (dialogue/consultations/freshness.py):
the consultation and theme pages kept for every visitor only link to voting and to "Wat
verbindt ons", so a stream of votes must not make them render again for everyone. "Wat
verbindt ons" and the common-ground API are never kept as pages; their analysis is cached
per vote state (dialogue/votes/analysis.py), so the next request after a vote shows it.
"""

from __future__ import annotations

import re

from flask import Flask

from dialogue.consultations.models import Consultation
from dialogue.extensions import db
from dialogue.votes.models import VoteValue
from dialogue.votes.services import cast_vote
from tests.factories import make_consultation, make_contribution, make_user
from tests.helpers import show_url


def _get(app: Flask, url: str):
    response = app.test_client().get(url)
    assert response.status_code == 200
    return response


def _page(app: Flask, url: str) -> str:
    """The page a new logged-out visitor gets, without its per-visitor tokens."""
    html = _get(app, url).get_data(as_text=True)
    return re.sub(r'value="[A-Za-z0-9_.-]{16,}"', 'value=""', html)


def _shared_input(app: Flask, voters: int):
    consultation = make_consultation(voting=True)
    shared = make_contribution(consultation=consultation, text="Houd de bibliotheek open.")
    left = make_contribution(consultation=consultation, text="Meer parkeerplaatsen.")
    for number in range(voters):
        resident = make_user(display_name=f"Stemmer {number}")
        cast_vote(shared, resident, VoteValue.AGREE)
        cast_vote(left, resident, VoteValue.AGREE if number % 2 else VoteValue.DISAGREE)
    db.session.commit()
    return consultation, shared


def test_a_vote_keeps_the_cached_pages_and_shows_at_once_where_votes_are_counted(app, db):
    consultation, shared = _shared_input(app, voters=12)
    api_url = f"/api/v1/consultations/{consultation.id}/common-ground"
    page_url = f"{show_url(consultation)}/wat-verbindt-ons"
    version = consultation.public_version
    before = _page(app, show_url(consultation))
    themes = _page(app, f"{show_url(consultation)}/themas")
    counted = {s["id"]: s["agree"] for s in _get(app, api_url).json["statements"]}
    assert counted[shared.id] == 12
    _get(app, page_url)  # analysed and cached for this vote state

    cast_vote(shared, make_user(display_name="Nieuwe stemmer"), VoteValue.AGREE)
    db.session.commit()

    assert db.session.get(Consultation, consultation.id).public_version == version
    assert _page(app, show_url(consultation)) == before
    assert _page(app, f"{show_url(consultation)}/themas") == themes
    counted = {s["id"]: s["agree"] for s in _get(app, api_url).json["statements"]}
    assert counted[shared.id] == 13
    assert "Eens: 13" in _get(app, page_url).get_data(as_text=True)


def test_a_changed_vote_shows_at_once(app, db):
    consultation, shared = _shared_input(app, voters=12)
    api_url = f"/api/v1/consultations/{consultation.id}/common-ground"
    _get(app, api_url)
    voter = make_user(display_name="Twijfelaar")
    cast_vote(shared, voter, VoteValue.AGREE)
    db.session.commit()
    assert _agree(app, api_url, shared.id) == 13

    cast_vote(shared, voter, VoteValue.DISAGREE)  # same count of votes, another value
    db.session.commit()

    assert _agree(app, api_url, shared.id) == 12


def _agree(app: Flask, url: str, item: int) -> int:
    return next(s["agree"] for s in _get(app, url).json["statements"] if s["id"] == item)
