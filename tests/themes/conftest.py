"""Shared fixtures of the theme tests."""

from __future__ import annotations

from datetime import timedelta

import pytest

from dialogue.accounts.models import Role
from dialogue.themes.analysis import request_analysis
from dialogue.timeutil import utcnow
from tests.conftest import login
from tests.factories import make_consultation, make_contribution, make_user
from tests.themes.corpus import corpus


@pytest.fixture
def analysed(db, app):
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
