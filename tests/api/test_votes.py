"""PUT /api/v1/contributions/<id>/vote and GET /api/v1/consultations/<id>/common-ground."""

from __future__ import annotations

from sqlalchemy import select

from dialogue.accounts.models import Role
from dialogue.consultations.models import ConsultationStatus
from dialogue.contributions.models import ContributionStatus
from dialogue.extensions import db as database
from dialogue.votes.models import Vote, VoteValue
from dialogue.votes.services import cast_vote
from tests.api.helpers import bearer, token_for
from tests.api.test_openapi import _check
from tests.factories import make_consultation, make_contribution, make_user


def _url(contribution_id: int) -> str:
    return f"/api/v1/contributions/{contribution_id}/vote"


def test_a_resident_votes_and_changes_the_vote(client, db):
    contribution = make_contribution(consultation=make_consultation(voting=True))
    resident = make_user()
    token = token_for(resident)

    first = client.put(_url(contribution.id), json={"vote": "agree"}, headers=bearer(token))
    second = client.put(_url(contribution.id), json={"vote": "pass"}, headers=bearer(token))

    assert first.status_code == second.status_code == 200
    assert second.json == {"id": contribution.id, "vote": "pass"}
    votes = database.session.scalars(select(Vote)).all()
    assert [(v.user_id, v.value) for v in votes] == [(resident.id, VoteValue.PASS)]


def test_refusals(client, db):
    open_voting = make_consultation(voting=True)
    token = token_for(make_user())
    hidden = make_contribution(consultation=open_voting, status=ContributionStatus.HIDDEN)
    closed = make_contribution(
        consultation=make_consultation(voting=True, status=ConsultationStatus.CLOSED)
    )
    switched_off = make_contribution(consultation=make_consultation(voting=False))
    published = make_contribution(consultation=open_voting)
    draft = make_contribution(consultation=make_consultation(status=ConsultationStatus.DRAFT))
    database.session.commit()

    def put(contribution_id: int, body: object, token: str | None = token):
        headers = bearer(token) if token else {}
        return client.put(_url(contribution_id), json=body, headers=headers)

    assert put(hidden.id, {"vote": "agree"}).status_code == 404
    assert put(draft.id, {"vote": "agree"}).status_code == 404
    assert put(999999, {"vote": "agree"}).status_code == 404
    assert put(closed.id, {"vote": "agree"}).status_code == 409
    assert put(switched_off.id, {"vote": "agree"}).status_code == 409
    for bad in ({"vote": "yes"}, {"vote": 1}, {}, {"vote": "agree", "extra": 1}, ["agree"]):
        answer = put(published.id, bad)
        assert answer.status_code == 400, bad
        assert "errors" in answer.json
    assert put(published.id, {"vote": "agree"}, token=None).status_code == 401
    official = token_for(make_user(Role.MODERATOR))
    assert put(published.id, {"vote": "agree"}, token=official).status_code == 403
    assert database.session.scalars(select(Vote)).all() == []


def test_answers_match_the_openapi_document(client, db):
    document = client.get("/api/v1/openapi.json").json
    consultation = make_consultation(voting=True)
    contribution = make_contribution(consultation=consultation)
    token = token_for(make_user())
    path = "/api/v1/contributions/{contribution_id}/vote"
    for body in ({"vote": "disagree"}, {"vote": "nee"}):
        _check(
            document,
            path,
            "put",
            client.put(_url(contribution.id), json=body, headers=bearer(token)),
        )
    _check(
        document,
        path,
        "put",
        client.put(_url(999999), json={"vote": "agree"}, headers=bearer(token)),
    )

    for resident in [make_user() for _ in range(6)]:
        cast_vote(contribution, resident, VoteValue.AGREE)
    database.session.commit()
    ground = "/api/v1/consultations/{consultation_id}/common-ground"
    answer = client.get(f"/api/v1/consultations/{consultation.id}/common-ground")
    assert answer.status_code == 200
    _check(document, ground, "get", answer)
    assert answer.json["statements"][0]["agree"] == 6  # the seventh voter disagreed
    assert answer.json["statements"][0]["disagree"] is None  # 1 is below the threshold
    _check(document, ground, "get", client.get("/api/v1/consultations/999999/common-ground"))


def test_common_ground_per_kern_leaves_out_small_kernen(client, db):
    consultation = make_consultation(voting=True)
    shared = make_contribution(consultation=consultation, text="Houd de bibliotheek open.")
    split = make_contribution(consultation=consultation, text="Een autovrij plein.")
    big, small = consultation.kernen
    for number in range(12):
        resident = make_user()
        cast_vote(shared, resident, VoteValue.AGREE)
        cast_vote(split, resident, VoteValue.AGREE if number % 2 else VoteValue.DISAGREE)
        make_contribution(
            consultation=consultation,
            author_id=resident.id,
            kern=small if number == 0 else big,
            status=ContributionStatus.PENDING,
        )
    database.session.commit()
    document = client.get("/api/v1/openapi.json").json

    answer = client.get(f"/api/v1/consultations/{consultation.id}/common-ground")

    _check(document, "/api/v1/consultations/{consultation_id}/common-ground", "get", answer)
    assert answer.json["kernen"] == [
        {
            "kern": big.name,
            "voters": 11,
            "common_ground": [{"id": shared.id, "text": "Houd de bibliotheek open."}],
        }
    ]  # the small kern has one voter: below the privacy threshold
