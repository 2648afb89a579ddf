"""Parallel requests: concurrent supports and client_ref retries leave exactly one row."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from dialogue.contributions import reactions
from dialogue.contributions.models import Contribution, Support
from dialogue.contributions.reactions import add_support
from dialogue.extensions import db
from tests.conftest import login
from tests.factories import make_contribution, make_user
from tests.helpers import csrf_token

PARALLEL = 8


def run_in_parallel(app, user_id: int, send) -> list[int]:
    """Send one request per thread as a logged-in user, released together; return the codes."""
    with app.app_context():
        from dialogue.accounts.models import User

        user = db.session.get(User, user_id)
        clients = [login(app.test_client(), user) for _ in range(PARALLEL)]
        tokens = [csrf_token(client) for client in clients]
    return release_together(list(zip(clients, tokens, strict=True)), send)


def release_together(sessions: list[tuple], send) -> list[int]:
    """Call send(client, token) for every session from its own thread, all at the same moment."""
    barrier = threading.Barrier(len(sessions))
    codes: list[int] = []

    def worker(client, token) -> None:
        barrier.wait()
        codes.append(send(client, token).status_code)

    threads = [threading.Thread(target=worker, args=pair) for pair in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return codes


@pytest.mark.slow
def test_parallel_support_clicks_leave_one_row(make_app):
    app = make_app()
    with app.app_context():
        contribution = make_contribution(author=make_user())
        supporter = make_user()
        db.session.commit()
        contribution_id, supporter_id = contribution.id, supporter.id

    codes = run_in_parallel(
        app,
        supporter_id,
        lambda client, token: client.post(
            f"/inbreng/{contribution_id}/steun", data={"csrf_token": token, "action": "add"}
        ),
    )
    assert codes == [302] * PARALLEL
    with app.app_context():
        assert db.session.scalar(select(func.count(Support.id))) == 1


@pytest.mark.slow
def test_parallel_posts_with_one_form_ref_leave_one_row(make_app):
    app = make_app()
    with app.app_context():
        contribution = make_contribution()
        consultation = contribution.consultation
        author = make_user()
        db.session.commit()
        url = f"/{consultation.municipality.slug}/{consultation.slug}/inbreng"
        author_id = author.id

    data = {"text": "Tegelijk verstuurd vanuit acht tabbladen", "consent": "y", "form_ref": "ref-1"}
    codes = run_in_parallel(
        app, author_id, lambda client, token: client.post(url, data={**data, "csrf_token": token})
    )
    assert codes == [302] * PARALLEL
    with app.app_context():
        rows = db.session.scalar(
            select(func.count(Contribution.id)).where(Contribution.author_id == author_id)
        )
        assert rows == 1


def test_support_lost_race_counts_as_already_supported(db, monkeypatch):
    """When the pre-check misses a parallel insert, the unique key decides (PostgreSQL path)."""
    contribution = make_contribution(author=make_user())
    user = make_user()
    db.session.add(Support(contribution_id=contribution.id, user_id=user.id))
    db.session.flush()
    monkeypatch.setattr(reactions, "has_supported", lambda *_args: False)
    assert add_support(contribution, user) is False
    assert db.session.scalar(select(func.count(Support.id))) == 1
    # The session is still usable after the rolled-back savepoint.
    assert db.session.get(Contribution, contribution.id) is contribution


def test_integrity_errors_other_than_the_race_are_not_hidden(db, monkeypatch):
    contribution = make_contribution()
    monkeypatch.setattr(reactions, "has_supported", lambda *_args: False)

    class Ghost:
        id = 999_999

    with pytest.raises(IntegrityError):
        add_support(contribution, Ghost())  # type: ignore[arg-type]


@pytest.mark.postgres
def test_parallel_support_clicks_on_postgres(app, db):
    """On PostgreSQL transactions really overlap: the unique key must decide."""
    contribution = make_contribution(author=make_user())
    supporter = make_user()
    db.session.commit()
    contribution_id, supporter_id = contribution.id, supporter.id
    codes = run_in_parallel(
        app,
        supporter_id,
        lambda client, token: client.post(
            f"/inbreng/{contribution_id}/steun", data={"csrf_token": token, "action": "add"}
        ),
    )
    assert codes == [302] * PARALLEL
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Support.id))) == 1


@pytest.mark.slow
def test_parallel_anonymous_double_submit_stores_one_row_and_sends_one_mail(make_app):
    """Two tabs, one text, one address, at the same moment: one row, one confirmation mail."""
    from dialogue.mail import OutboxMessage
    from tests.helpers import new_url

    app = make_app()
    with app.app_context():
        consultation = make_contribution().consultation
        db.session.commit()
        url = new_url(consultation)
        clients = [app.test_client() for _ in range(PARALLEL)]
        tokens = [csrf_token(client, url) for client in clients]
    data = {
        "text": "Tegelijk verstuurd vanuit acht tabbladen, zonder account",
        "consent": "y",
        "email": "twee.tabbladen@example.org",
    }
    # Each tab has its own form_ref, so only the double-submit check can merge them.
    codes = release_together(
        list(zip(clients, tokens, strict=True)),
        lambda client, token: client.post(url, data={**data, "csrf_token": token}),
    )
    assert codes == [302] * PARALLEL
    with app.app_context():
        assert db.session.scalar(select(func.count(Contribution.id))) == 2  # with the fixture's
        assert db.session.scalar(select(func.count(OutboxMessage.id))) == 1
