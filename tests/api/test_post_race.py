"""A post that loses its client_ref race at the INSERT answers with the winner's row.

The API stores without a SAVEPOINT (docs/performance.md, "API post, round 5"): the lost
race rolls back the request's whole transaction, and the row that won is returned with 200.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dialogue.api import routes as api_routes
from dialogue.contributions.models import Channel, Contribution, ContributionStatus
from dialogue.timeutil import utcnow
from tests.api.helpers import bearer, contributions_url, fresh_text, token_for
from tests.factories import make_consultation, make_user


def test_a_client_ref_race_lost_at_the_insert_returns_the_winner(client, db, monkeypatch):
    consultation = make_consultation()
    author = make_user()
    db.session.commit()
    token = token_for(author)
    consultation_id, author_id = consultation.id, author.id
    winner: dict[str, int] = {}
    prepare = api_routes.prepare_contribution

    def prepare_while_a_retry_commits(*args, **fields):
        prepared = prepare(*args, **fields)
        # The same client_ref from another request, committed between the lookup and the
        # INSERT (its own connection, as another worker's).
        with Session(db.engine) as other:
            row = Contribution(
                consultation_id=consultation_id,
                author_id=author_id,
                text=fresh_text(),
                channel=Channel.API,
                client_ref="retry-7",
                status=ContributionStatus.PUBLISHED,
                published_at=utcnow(),
            )
            other.add(row)
            other.commit()
            winner["id"] = row.id
        return prepared

    monkeypatch.setattr(api_routes, "prepare_contribution", prepare_while_a_retry_commits)
    response = client.post(
        contributions_url(consultation_id),
        json={"text": fresh_text(), "client_ref": "retry-7"},
        headers=bearer(token),
    )

    assert response.status_code == 200
    assert response.get_json() == {
        "id": winner["id"],
        "status": "published",
        "client_ref": "retry-7",
    }
    stored = db.session.scalar(
        select(func.count(Contribution.id)).where(Contribution.author_id == author_id)
    )
    assert stored == 1
