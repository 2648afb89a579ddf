"""The public pages read without SQLite's write lock: a writer mid-transaction does not stop them."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text

from dialogue.accounts.models import User
from dialogue.extensions import db as _db
from tests.conftest import ON_POSTGRES, login
from tests.factories import make_consultation, make_user
from tests.helpers import autocommit_during_and_after


@pytest.mark.skipif(ON_POSTGRES, reason="SQLite's write lock")
@pytest.mark.parametrize("logged_in", [False, True])
def test_public_pages_answer_while_a_writer_holds_the_lock(make_app, logged_in):
    app = make_app()
    with app.app_context():
        consultation = make_consultation()
        resident = make_user()
        urls = [
            "/",
            f"/{consultation.municipality.slug}",
            f"/{consultation.municipality.slug}/{consultation.slug}",
        ]
        resident_id = resident.id
        _db.session.commit()
        # Fail within a second instead of waiting 30 s for the lock (the pool reuses this connection).
        with _db.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA busy_timeout=500")
        client = app.test_client()
        if logged_in:
            login(client, _db.session.get(User, resident_id))
        _db.session.remove()
        writer = sqlite3.connect(_db.engine.url.database, isolation_level=None)
        writer.execute("BEGIN IMMEDIATE")
        try:
            for url in urls:
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)
        finally:
            writer.execute("ROLLBACK")
            writer.close()
        assert _db.session.execute(text("SELECT count(*) FROM consultation")).scalar() == 1


@pytest.mark.postgres
@pytest.mark.parametrize("logged_in", [False, True])
def test_public_pages_read_without_a_transaction_on_postgresql(client, db, logged_in):
    """No BEGIN and no ROLLBACK round trips: each statement runs in autocommit mode."""
    consultation = make_consultation()
    resident = make_user()
    db.session.commit()
    if logged_in:
        login(client, resident)
    url = f"/{consultation.municipality.slug}/{consultation.slug}"

    def read() -> None:
        assert client.get(url).status_code == 200

    # The pooled connection goes back to transactions for whoever uses it next.
    read_only, modes = autocommit_during_and_after(read)
    assert read_only and all(read_only)
    assert modes == [False]
