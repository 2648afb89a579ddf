"""JSON API v1: see dialogue/api/ for the endpoints and /api/v1/openapi.json for the document."""

from __future__ import annotations

import json

from flask import Blueprint, current_app, jsonify, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.routing import IntegerConverter

from dialogue.accounts.models import Role, User
from dialogue.api.auth import api_poster, api_user
from dialogue.api.openapi import build_document, json_response, operation
from dialogue.api.problems import ApiProblem, invalid, not_found, problem
from dialogue.api.schemas import NEW_CONTRIBUTION, PAGE_SIZE, shape_errors
from dialogue.api.services import (
    consultation_item,
    contribution_for_client_ref,
    contribution_page,
    is_official_of,
    sees_every_status,
    visible_consultation,
    visible_consultations,
)
from dialogue.contributions import account_limits
from dialogue.contributions.fingerprint import text_fingerprint
from dialogue.contributions.models import Channel, Contribution
from dialogue.contributions.services import (
    ConsultationClosed,
    InvalidInput,
    prepare_contribution,
    store_contribution,
    validate_client_ref,
)
from dialogue.db import each_statement_commits, reads_before_write_lock
from dialogue.exports import downloads
from dialogue.exports import services as exports
from dialogue.exports.summary import SummaryOptions
from dialogue.extensions import csrf, db

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# The API authenticates with bearer tokens, never cookies, so CSRF does not apply.
csrf.exempt(bp)


class IdConverter(IntegerConverter):
    """A database id of at most 9 digits: longer numbers match no route (404, never 500/405)."""

    regex = r"\d{1,9}"


# Registered before the routes below are added to the app's URL map.
bp.record_once(lambda state: state.app.url_map.converters.setdefault("id", IdConverter))

#: Highest page number accepted, so that OFFSET stays reasonable.
MAX_PAGE = 100_000
_ERROR = json_response("Error", "Error")
_UNAUTHORIZED = json_response(
    "Missing, unknown or revoked token",
    "Error",
    **{"WWW-Authenticate": {"schema": {"type": "string"}}},
)
_OPTIONAL_TOKEN = [{}, {"bearerAuth": []}]


@bp.before_request
def limit_body_size() -> None:
    """Refuse API bodies above API_MAX_CONTENT_LENGTH with 413 (JSON, like every API error)."""
    request.max_content_length = current_app.config["API_MAX_CONTENT_LENGTH"]


@bp.errorhandler(ApiProblem)
def api_problem(error: ApiProblem):
    return error.as_response()


def _json_body() -> object:
    raw = request.get_data(cache=True)  # 413 above the limit
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, ValueError, RecursionError):  # RecursionError: [[[[…]]]]
        raise invalid(
            {"body": _l("Dit is geen geldige JSON. Stuur een JSON-object in UTF-8.")}
        ) from None


def _page_number() -> int:
    raw = request.args.get("page", "1")
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_PAGE:
        raise invalid({"page": _l("Gebruik een paginanummer van 1 tot %(max)s.", max=MAX_PAGE)})
    return int(raw)


@bp.get("/consultations")
@operation(
    summary="List consultations",
    description="Open and closed consultations; with an official's token also their drafts.",
    security=_OPTIONAL_TOKEN,
    responses={"200": json_response("The consultations", "ConsultationList"), "401": _UNAUTHORIZED},
)
def consultations():
    user = api_user(required=False)
    return {"items": [consultation_item(c) for c in visible_consultations(user)]}


@bp.get("/consultations/<id:consultation_id>/contributions")
@operation(
    summary="List a consultation's input",
    description=(
        f"Newest first, {PAGE_SIZE} per page. Published input only, or every status with a token "
        "of a moderator or admin of the consultation's municipality. A page past the last one "
        "has no items."
    ),
    security=_OPTIONAL_TOKEN,
    parameters=[
        {
            "name": "page",
            "in": "query",
            "required": False,
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
        }
    ],
    responses={
        "200": json_response("One page of input", "ContributionPage"),
        "400": json_response("Invalid page number", "Errors"),
        "401": _UNAUTHORIZED,
        "404": _ERROR,
    },
)
def contributions(consultation_id: int):
    user = api_user(required=False)
    page = _page_number()
    consultation = visible_consultation(consultation_id, user)
    if consultation is None:
        raise not_found()
    every_status = sees_every_status(user, consultation.municipality_id)
    items, pages = contribution_page(consultation, page, every_status=every_status)
    return {"items": items, "page": page, "pages": pages}


def _receipt(contribution: Contribution) -> dict[str, object]:
    return {
        "id": contribution.id,
        "status": contribution.status.value,
        "client_ref": contribution.client_ref,
    }


@bp.post("/consultations/<id:consultation_id>/contributions")
@operation(
    summary="Post input",
    description=(
        "Residents only (officials get 403, as in the web form). A repeated `client_ref` from "
        "the same account returns the first "
        "contribution with 200 instead of storing a duplicate; so does the same text sent "
        "again within seconds. Counts against CONTRIBUTION_RATE_LIMIT per account, together "
        "with input posted through the web form."
    ),
    security=[{"bearerAuth": []}],
    requestBody={
        "required": True,
        "content": {"application/json": {"schema": "NewContribution"}},
    },
    responses={
        "201": json_response("Stored", "ContributionReceipt"),
        "200": json_response(
            "Stored before (same client_ref): the first result", "ContributionReceipt"
        ),
        "400": json_response("Invalid JSON or fields", "Errors"),
        "401": _UNAUTHORIZED,
        "403": json_response(
            "Not a resident, or the account's e-mail address is not confirmed", "Error"
        ),
        "404": _ERROR,
        "409": json_response("The consultation does not accept input", "Error"),
        "413": json_response("Body larger than API_MAX_CONTENT_LENGTH", "Error"),
        "429": json_response(
            "Too many contributions", "Error", **{"Retry-After": {"schema": {"type": "integer"}}}
        ),
    },
)
def post_contribution(consultation_id: int):
    # PostgreSQL: the post is stored by one statement (the INSERT raises the consultation's
    # version in its WITH clause), so no BEGIN and COMMIT are needed around it.
    each_statement_commits()
    # Everything up to storing only reads: on SQLite, other writers may go on meanwhile.
    with reads_before_write_lock(db.session):
        user, prepared = _prepare_posted_contribution(consultation_id)
    if not isinstance(prepared, Contribution):  # over the rate limit: the earlier receipt
        return prepared
    # Alone: the transaction holds only this post (a lost client_ref race may roll it all
    # back) and is committed next.
    contribution, created = store_contribution(prepared, alone=True)
    receipt = _receipt(contribution)  # before commit, which expires the attributes
    db.session.commit()
    if created:
        account_limits.count_post(user, "contribution")
    return jsonify(receipt), 201 if created else 200


def _read_ahead() -> tuple[dict | None, str | None, str | None]:
    """The body if it is a JSON object, its client_ref as it would be stored and the
    fingerprint of its text, for the post's first query; None for each that cannot be read
    yet without a 413 (_json_body() then answers) or is not valid."""
    length = request.content_length
    if length is None or length > (request.max_content_length or 0):
        return None, None, None
    try:
        body = json.loads(request.get_data(cache=True))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None, None, None
    if not isinstance(body, dict):
        return None, None, None
    try:
        client_ref = validate_client_ref(body.get("client_ref"))
    except (InvalidInput, TypeError):
        client_ref = None
    text = body.get("text")
    return body, client_ref, text_fingerprint(text) if isinstance(text, str) else None


def _sent_before(
    user: User, body: dict, client_ref: str | None, earlier_id: int | None
) -> Contribution | None:
    """The user's input sent before with the body's client_ref (a retry over the limit)."""
    if earlier_id is not None:
        return db.session.get(Contribution, earlier_id)
    if client_ref is not None:  # read ahead and looked up with the first query: none
        return None
    return contribution_for_client_ref(user, body.get("client_ref"))  # not read ahead


def _prepare_posted_contribution(
    consultation_id: int,
) -> tuple[User, Contribution | ResponseReturnValue]:
    """Authenticate, validate and screen a posted contribution; raise ApiProblem when refused.

    Returns (user, contribution to store), or (user, response) for a retry over the limit.
    """
    read_body, client_ref, fingerprint = _read_ahead()
    poster = api_poster(consultation_id, client_ref, fingerprint)
    user, consultation, earlier_id = poster.user, poster.consultation, poster.earlier_id
    if user.role != Role.RESIDENT:
        raise problem(
            403,
            _("Geen toegang"),
            _(
                "Alleen inwoners kunnen inbreng geven. Medewerkers van de gemeente leggen "
                "brieven en verslagen vast op de werkplek."
            ),
        )
    if consultation is None:
        raise not_found()
    if user.email_confirmed_at is None:
        raise problem(
            403,
            _("Geen toegang"),
            _("Bevestig eerst uw e-mailadres. Daarna kunt u inbreng geven."),
        )
    body = read_body if read_body is not None else _json_body()
    errors = shape_errors(NEW_CONTRIBUTION, body)
    if errors or not isinstance(body, dict):
        raise invalid(errors)
    wait = account_limits.seconds_until_allowed(user, "contribution")
    if wait:
        earlier = _sent_before(user, body, client_ref, earlier_id)
        if earlier is not None:
            return user, (jsonify(_receipt(earlier)), 200)
        raise problem(
            429,
            _("Even geduld"),
            _("U heeft in korte tijd veel inbreng gestuurd. Wacht even en probeer het opnieuw."),
            **{"Retry-After": str(wait)},
        )
    try:
        prepared = prepare_contribution(
            consultation,
            text=body["text"],
            author=user,
            kern=body.get("area"),
            channel=Channel.API,
            client_ref=body.get("client_ref"),
            prefetched=poster.facts,
        )
    except InvalidInput as error:
        raise invalid(error.errors) from None
    except ConsultationClosed as error:
        raise problem(409, _("Gesloten"), str(error.message)) from None
    return user, prepared


@bp.get("/openapi.json")
@operation(
    summary="This OpenAPI document",
    responses={
        "200": {
            "description": "OpenAPI 3.1",
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    },
)
def openapi_document():
    return build_document(current_app)


_FILE_TYPES = {
    "text/csv": {"schema": {"type": "string"}},
    "application/json": {"schema": {"type": "object"}},
    "application/pdf": {"schema": {"type": "string", "format": "binary"}},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {
        "schema": {"type": "string", "format": "binary"}
    },
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
        "schema": {"type": "string", "format": "binary"}
    },
}


@bp.get("/consultations/<id:consultation_id>/export.<fmt>")
@operation(
    summary="Export a consultation",
    description=(
        "For analysts and admins of the consultation's municipality. `fmt` is csv or json "
        "(published input, streamed), xlsx (input, themes, signals), pdf or docx (the council "
        "summary). Files are cached until the data changes; when a background worker builds "
        "the file, the answer is 202 with the job id: ask again later. Every export is audited."
    ),
    security=[{"bearerAuth": []}],
    responses={
        "200": {"description": "The file", "content": _FILE_TYPES},
        "202": json_response("The file is being built; ask again later", "Error"),
        "401": _UNAUTHORIZED,
        "403": json_response("Not an analyst or admin of this municipality", "Error"),
        "404": _ERROR,
    },
)
def export(consultation_id: int, fmt: str):
    user = api_user(required=True)
    consultation = visible_consultation(consultation_id, user)
    if consultation is None or user is None or fmt not in exports.FORMATS:
        raise not_found()
    if not is_official_of(user, consultation.municipality_id) or user.role not in (
        Role.ANALYST,
        Role.ADMIN,
    ):
        raise problem(
            403,
            _("Geen toegang"),
            _("Alleen analisten en beheerders van deze gemeente kunnen exporteren."),
        )
    options = SummaryOptions()
    if fmt in exports.STREAM_FORMATS:
        exports.record_stream_export(consultation, fmt, options, user, via="api")
        db.session.commit()
        name = f"{consultation.slug}-bijdragen.{fmt}"
        return downloads.stream_export(consultation, fmt, options, name)
    built = exports.request_file_export(consultation, fmt, options, user)
    if built.path:
        return downloads.send_export_file(built, f"{consultation.slug}.{fmt}")
    return jsonify({"status": "queued", "job": built.job_id}), 202


# The vote and common-ground endpoints live with their domain; importing them adds them to bp.
from dialogue.votes import api as _votes_api  # noqa: E402,F401
