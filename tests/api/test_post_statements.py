"""A post through the API costs a fixed, small number of SQL statements: a ceiling that fails
when a change adds a round trip to every post (docs/performance.md, "At scale")."""

from __future__ import annotations

from dialogue.accounts.models import Role
from tests.api.helpers import bearer, contributions_url, fresh_text, token_for
from tests.factories import make_user
from tests.helpers import sql_statements
from tests.themes.conftest import analyse

#: Token and user, consultation, client_ref, repeat flag, theme placement (latest analysis
#: and merges in one), double submit, SAVEPOINT, INSERT, RELEASE, public version. BEGIN and
#: COMMIT come on top (SQLite's BEGIN IMMEDIATE is a statement, so it is counted there).
POST_STATEMENTS = 10


def test_a_post_stays_within_its_statements(client, db, app):
    consultation, _analyst, _topics, job = analyse(db, app)  # every post is placed in a theme
    assert job.status.value == "finished"
    token = token_for(make_user(Role.RESIDENT))
    url = contributions_url(consultation.id)
    first = client.post(url, json={"text": fresh_text(), "client_ref": "a"}, headers=bearer(token))
    assert first.status_code == 201

    with sql_statements() as seen:
        response = client.post(
            url, json={"text": fresh_text(), "client_ref": "b"}, headers=bearer(token)
        )

    assert response.status_code == 201
    counted = [s for s in seen if s != "BEGIN IMMEDIATE"]
    assert any(s.startswith("INSERT INTO contribution") for s in counted)
    assert len(counted) <= POST_STATEMENTS, "\n".join(counted)
