"""API: a resident's vote on input, and a consultation's common ground (public aggregates)."""

from __future__ import annotations

from flask import jsonify
from flask_babel import gettext as _

from dialogue.accounts.models import Role
from dialogue.api.auth import api_user
from dialogue.api.openapi import json_response, operation
from dialogue.api.problems import invalid, not_found, problem
from dialogue.api.routes import _UNAUTHORIZED, _json_body, bp
from dialogue.api.schemas import NEW_VOTE, shape_errors
from dialogue.api.services import visible_consultation
from dialogue.contributions import account_limits
from dialogue.contributions.validation import InvalidInput
from dialogue.extensions import db
from dialogue.votes.analysis import common_ground_view
from dialogue.votes.kernen import common_ground_per_kern
from dialogue.votes.services import (
    NotAResident,
    VoteNotPossible,
    VotingClosed,
    cast_vote,
    parse_vote,
    published_input,
)


def _not_published() -> Exception:
    return problem(404, _("Niet gevonden"), _("Deze inbreng bestaat niet of is niet openbaar."))


@bp.put("/contributions/<id:contribution_id>/vote")
@operation(
    summary="Vote on published input",
    description=(
        "Residents with a confirmed e-mail address only. One vote per resident per input; "
        "a new vote replaces the earlier one while the consultation is open and voting is on. "
        "Counts against VOTE_RATE_LIMIT per account, together with votes cast on the website."
    ),
    security=[{"bearerAuth": []}],
    requestBody={"required": True, "content": {"application/json": {"schema": "NewVote"}}},
    responses={
        "200": json_response("Stored", "VoteReceipt"),
        "400": json_response("Invalid JSON or vote", "Errors"),
        "401": _UNAUTHORIZED,
        "403": json_response("Not a resident with a confirmed e-mail address", "Error"),
        "404": json_response("No such published input", "Error"),
        "409": json_response("The consultation is closed or voting is off", "Error"),
        "429": json_response(
            "Too many votes", "Error", **{"Retry-After": {"schema": {"type": "integer"}}}
        ),
    },
)
def vote(contribution_id: int):
    user = api_user(required=True)
    contribution = published_input(contribution_id)
    if user is None or contribution is None:
        raise _not_published()
    if visible_consultation(contribution.consultation_id, user) is None:
        raise _not_published()
    if user.role != Role.RESIDENT:
        raise problem(403, _("Geen toegang"), _("Alleen inwoners kunnen stemmen."))
    body = _json_body()
    errors = shape_errors(NEW_VOTE, body)
    try:
        if errors or not isinstance(body, dict):
            raise InvalidInput(errors or {"vote": ""})
        value = parse_vote(body["vote"])
    except InvalidInput as error:
        raise invalid(error.errors) from None
    wait = account_limits.seconds_until_allowed(user, "vote")
    if wait:
        raise problem(
            429,
            _("Even geduld"),
            _("U heeft in korte tijd heel vaak gestemd. Wacht even en probeer het opnieuw."),
            **{"Retry-After": str(wait)},
        )
    try:
        cast_vote(contribution, user, value)
    except VoteNotPossible:
        raise _not_published() from None
    except VotingClosed as error:
        raise problem(409, _("Gesloten"), str(error.message)) from None
    except NotAResident as error:
        raise problem(403, _("Geen toegang"), str(error.message)) from None
    db.session.commit()
    account_limits.count_post(user, "vote")
    return jsonify({"id": contribution_id, "vote": value.value})


@bp.get("/consultations/<id:consultation_id>/common-ground")
@operation(
    summary="Opinion groups and common ground of a consultation",
    description=(
        "Public aggregates of the votes: the opinion groups (groups below the privacy "
        "threshold are left out), every voted input by group-informed consensus (highest "
        "first; counts below the threshold are null), and the input on which the groups' "
        "agreement lies 30 points or more apart; per kern with at least the privacy threshold "
        "of grouped voters, the input every sizeable group among them agrees with."
    ),
    responses={
        "200": json_response("The aggregates", "CommonGround"),
        "404": json_response("No such public consultation", "Error"),
    },
)
def common_ground(consultation_id: int):
    consultation = visible_consultation(consultation_id, None)
    if consultation is None:
        raise not_found()
    view = common_ground_view(consultation)
    return {
        "groups": [{"id": g.id, "size": g.size} for g in view.groups],
        "statements": [
            {
                "id": s.id,
                "text": s.text,
                "agree": s.agree,
                "disagree": s.disagree,
                "pass": s.passed,
                "consensus": s.consensus,
            }
            for s in view.statements
        ],
        "divisive": [
            {
                "id": s.id,
                "text": s.text,
                "groups": [
                    {"id": g, "agree_share": round(share, 4)} for g, share in s.group_shares
                ],
            }
            for s in view.divisive
        ],
        "kernen": [
            {
                "kern": k.kern,
                "voters": k.voters,
                "common_ground": [{"id": item, "text": text} for item, text in k.statements],
            }
            for k in common_ground_per_kern(consultation)
        ],
    }
