"""A post through the API costs a fixed, small number of SQL statements: a ceiling that fails
when a change adds a round trip to every post (docs/performance.md, "At scale")."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dialogue.accounts.models import Role
from dialogue.consultations.models import Consultation
from dialogue.contributions.models import Contribution
from tests.api.helpers import bearer, contributions_url, fresh_text, token_for
from tests.factories import make_user
from tests.helpers import autocommit_during_and_after, sql_statements
from tests.themes.conftest import analyse

#: One query for the token with its user, the consultation, the client_ref's earlier row, the
#: repeat flag and the theme placement's state (the latest analysis and merges); the INSERT
#: (no SAVEPOINT), which raises the public version in its WITH clause. BEGIN and COMMIT come
#: on top. Ten until round 5, three until round 7 (docs/performance.md).
POST_STATEMENTS = 2
#: SQLite also looks for a double submit under its write lock (PostgreSQL skips that lookup
#: when the repeat flag's lookup, a superset of it, found nothing) and raises the public
#: version with an UPDATE of its own at the commit. Its BEGIN IMMEDIATE is left out.
POST_STATEMENTS_SQLITE = POST_STATEMENTS + 2


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
    assert any("INSERT INTO contribution" in s for s in counted)
    ceiling = POST_STATEMENTS if db.engine.dialect.name == "postgresql" else POST_STATEMENTS_SQLITE
    assert len(counted) <= ceiling, "\n".join(counted)
    assert not any(s.startswith("SAVEPOINT") for s in counted)


def test_a_post_reads_only_the_columns_it_uses(client, db, app):
    """The first query loads the token, user and consultation columns a post reads (round 6):
    not the password hash, the TOTP secret or the consultation's texts; and the version
    UPDATE names its one consultation without an IN list expanded at each execution."""
    consultation, _analyst, _topics, _job = analyse(db, app)
    token = token_for(make_user(Role.RESIDENT))
    url = contributions_url(consultation.id)

    with sql_statements() as seen:
        response = client.post(url, json={"text": fresh_text()}, headers=bearer(token))

    assert response.status_code == 201
    first = next(s for s in seen if s.startswith("SELECT"))
    for column in ("password_hash", "totp_secret", "session_token", "description", "question"):
        assert column not in first, column
    raise_version = [s for s in seen if "UPDATE consultation" in s]
    assert len(raise_version) == 1
    assert " IN (" not in raise_version[0]


@pytest.mark.postgres
def test_a_post_on_postgresql_sends_no_begin_or_commit(client, db, app):
    """The post is stored by one statement (the INSERT raises the public version in its WITH
    clause), so every statement runs in autocommit mode: no BEGIN and COMMIT round trips.
    Input that is held (a phone number) too; the pooled connection goes back to
    transactions afterwards."""
    consultation, _analyst, _topics, _job = analyse(db, app)
    token = token_for(make_user(Role.RESIDENT))
    url = contributions_url(consultation.id)
    version = consultation.public_version
    texts = [fresh_text(), fresh_text() + " Bel me op 06-12345678."]

    def post_both() -> None:
        for number, posted in enumerate(texts):
            response = client.post(
                url, json={"text": posted, "client_ref": f"auto-{number}"}, headers=bearer(token)
            )
            assert response.status_code == 201, response.get_json()

    in_posts, modes = autocommit_during_and_after(post_both)
    assert in_posts and all(in_posts)
    assert modes == [False]
    stored = db.session.scalars(
        select(Contribution.status).where(Contribution.client_ref.in_(["auto-0", "auto-1"]))
    ).all()
    assert len(stored) == 2
    assert db.session.get(Consultation, consultation.id).public_version > version
