"""Parallel API posts: retries and double submits sent at the same moment store one row."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from dialogue.contributions.models import Contribution
from dialogue.extensions import db
from tests.api.helpers import bearer, contributions_url, fresh_text, token_for
from tests.factories import make_consultation, make_user

PARALLEL = 8


def post_in_parallel(app, consultation_id: int, token: str, bodies: list[dict]) -> list[int]:
    """POST every body from its own thread, released together; return the status codes."""
    barrier = threading.Barrier(len(bodies))
    codes: list[int] = []

    def send(body: dict) -> None:
        client = app.test_client()
        barrier.wait()
        response = client.post(contributions_url(consultation_id), json=body, headers=bearer(token))
        codes.append(response.status_code)

    threads = [threading.Thread(target=send, args=(body,)) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(codes)


@pytest.fixture
def setting(make_app):
    app = make_app()
    with app.app_context():
        consultation = make_consultation()
        author = make_user()
        db.session.commit()
        token = token_for(author)
        consultation_id, author_id = consultation.id, author.id
    return app, consultation_id, author_id, token


def stored_rows(app, author_id: int) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count(Contribution.id)).where(Contribution.author_id == author_id)
        )


@pytest.mark.slow
@pytest.mark.parametrize(
    "with_client_ref",
    [True, False],
    ids=["retries-with-one-client-ref", "double-click-without-client-ref"],
)
def test_parallel_identical_posts_store_one_row(setting, with_client_ref):
    """Without a client_ref only the double-submit check, run under the write lock, merges them."""
    app, consultation_id, author_id, token = setting
    body = {"text": fresh_text(), **({"client_ref": "retry-1"} if with_client_ref else {})}
    codes = post_in_parallel(app, consultation_id, token, [body] * PARALLEL)
    assert codes.count(201) == 1
    assert codes.count(200) == PARALLEL - 1
    assert stored_rows(app, author_id) == 1


@pytest.mark.slow
def test_parallel_different_texts_are_all_stored(setting):
    app, consultation_id, author_id, token = setting
    bodies = [{"text": fresh_text(), "client_ref": f"n{n}"} for n in range(PARALLEL)]
    codes = post_in_parallel(app, consultation_id, token, bodies)
    assert codes == [201] * PARALLEL
    assert stored_rows(app, author_id) == PARALLEL
