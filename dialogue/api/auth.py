"""Bearer-token authentication for the API."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _

from dialogue.accounts.models import User
from dialogue.accounts.services import user_for_api_token
from dialogue.api.problems import ApiProblem
from dialogue.api.services import Poster, poster_for_api_token
from dialogue.ops.requestlog import note_token_user

#: Longest Authorization value looked at; real tokens are about 46 characters.
TOKEN_MAX_LENGTH = 200


def token_required(*, invalid: bool) -> ApiProblem:
    """Return the 401 problem with the WWW-Authenticate challenge RFC 6750 asks for."""
    if invalid:
        message = _("Dit token is onbekend, ingetrokken of hoort bij een geblokkeerd account.")
        challenge = 'Bearer realm="kernpunt", error="invalid_token"'
    else:
        message = _("Stuur een API-token mee: Authorization: Bearer <token>.")
        challenge = 'Bearer realm="kernpunt"'
    return ApiProblem(
        401,
        {"error": _("Inloggen nodig"), "message": message},
        headers={"WWW-Authenticate": challenge},
    )


def bearer_token() -> str | None:
    """Return the bearer token of the request, "" when the header is malformed, None if absent."""
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _sep, token = header.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or len(token) > TOKEN_MAX_LENGTH:
        return ""
    return token


def api_user(*, required: bool) -> User | None:
    """Return the user of the request's token; raise 401 for a bad token, or a missing one if required."""
    token = bearer_token()
    user = None
    if token is None:
        if required:
            raise token_required(invalid=False)
    else:
        user = user_for_api_token(token) if token else None
        if user is None:
            raise token_required(invalid=True)
        note_token_user(user.id)
    return user


def api_poster(consultation_id: int, client_ref: str | None, fingerprint: str | None) -> Poster:
    """api_user(required=True) for a post, with what the post reads first, from one query
    (dialogue.api.services.poster_for_api_token); raise 401 as api_user."""
    token = bearer_token()
    if token is None:
        raise token_required(invalid=False)
    found = poster_for_api_token(token, consultation_id, client_ref, fingerprint) if token else None
    if found is None:
        raise token_required(invalid=True)
    note_token_user(found.user.id)
    return found
