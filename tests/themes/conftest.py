"""Shared fixtures of the theme tests."""

from __future__ import annotations

from datetime import timedelta

import pytest

from dialogue.accounts.models import Role
from dialogue.themes.analysis import request_analysis
from dialogue.timeutil import utcnow
from tests.conftest import login
from tests.discontent_model_fixtures import (  # noqa: F401 (fixtures)
    discontent_model_file,
    discontent_model_setting,
    no_discontent_model_setting,
)
from tests.factories import make_consultation, make_contribution, make_user
from tests.themes.corpus import corpus


@pytest.fixture
def analysed(db, app, request):
    """A consultation with the test corpus, analysed with the lexicon score (no model set)."""
    request.getfixturevalue("no_discontent_model_setting")
    return analyse(db, app)


@pytest.fixture
def analysed_with_model(db, app, request):
    """The same, analysed with a discontent model set (KERNPUNT_DISCONTENT_MODEL)."""
    request.getfixturevalue("discontent_model_setting")
    return analyse(db, app)


def analyse(db, app):
    """Publish the test corpus in a new consultation and run its analysis."""
    analyst = make_user(Role.ANALYST)
    consultation = make_consultation(municipality=analyst.municipality)
    start = utcnow() - timedelta(days=90)
    topics = {}
    for topic, text, created in corpus(start):
        item = make_contribution(consultation=consultation, text=text, created_at=created)
        topics[item.id] = topic
    db.session.commit()
    with app.test_request_context():
        login(app.test_client(), analyst)
        job = request_analysis(consultation, requested_by=analyst)
    return consultation, analyst, topics, job
