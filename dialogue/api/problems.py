"""API errors that carry their own JSON body and headers."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException


class ApiProblem(HTTPException):
    """An HTTP error of the API with a JSON body (and headers such as WWW-Authenticate)."""

    def __init__(
        self, code: int, body: dict[str, Any], *, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__()
        self.code = code
        self.body = body
        self.extra_headers = headers or {}

    def as_response(self) -> Response:
        """Return the JSON response for this problem."""
        response = jsonify(self.body)
        response.status_code = self.code or 500
        response.headers.update(self.extra_headers)
        return response


#: Fields whose name in API v1 differs from the form's: the kern is `area` there.
V1_FIELDS = {"kern": "area"}


def invalid(errors: dict[str, object]) -> ApiProblem:
    """Return a 400 problem listing what is wrong per field, under the fields' v1 names."""
    return ApiProblem(
        400,
        {
            "errors": {
                V1_FIELDS.get(field, field): str(message) for field, message in errors.items()
            }
        },
    )


def problem(code: int, title: str, message: str, **headers: str) -> ApiProblem:
    """Return a problem with a title and a message for the whole request."""
    return ApiProblem(code, {"error": title, "message": message}, headers=headers)


def not_found() -> ApiProblem:
    """Return the 404 problem for an unknown (or invisible) consultation."""
    return problem(404, _("Niet gevonden"), _("Deze raadpleging bestaat niet of is niet openbaar."))
