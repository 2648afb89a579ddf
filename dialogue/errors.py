"""Error pages in plain language, JSON for the API; never a stack trace."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (
            _("Verzoek niet begrepen"),
            _("Er ging iets mis met uw verzoek. Probeer het opnieuw."),
        ),
        401: (_("Inloggen nodig"), _("U moet inloggen om dit te doen.")),
        403: (_("Geen toegang"), _("U heeft geen toegang tot deze pagina.")),
        404: (_("Pagina niet gevonden"), _("Deze pagina bestaat niet (meer).")),
        405: (_("Niet toegestaan"), _("Deze actie is hier niet mogelijk.")),
        409: (_("Conflict"), _("Dit kan nu niet. Vernieuw de pagina en probeer het opnieuw.")),
        413: (
            _("Te groot"),
            _("Wat u stuurde is te groot. Maak het kleiner en probeer het opnieuw."),
        ),
        429: (
            _("Even geduld"),
            _("U heeft dit te vaak geprobeerd. Wacht even en probeer het dan opnieuw."),
        ),
        500: (
            _("Er ging iets mis"),
            _(
                "Er ging bij ons iets mis. Uw gegevens zijn niet verloren. Probeer het later opnieuw."
            ),
        ),
    }


def wants_json() -> bool:
    """Whether the request is for the JSON API."""
    return request.path.startswith("/api/")


#: Free-text form fields the error page gives back after a failed POST, so nothing typed is
#: lost (an expired form, a rate limit, a consultation that closed while the resident wrote).
#: Passwords, codes and hidden fields are never echoed.
RETURNED_FIELDS = {
    "text": _l("Uw tekst"),
    "note": _l("Uw toelichting"),
    "reason": _l("Uw reden"),
    "title": _l("Titel"),
    "question": _l("Vraag"),
    "description": _l("Toelichting"),
}
#: At most this many characters per field are given back (the longest form field allows 5,000).
RETURNED_MAX_CHARS = 10_000


def _from_this_site() -> bool:
    """Whether the request came from a page of this site (Origin, else Referer, is ours).

    Only then is typed text given back: another site must not be able to make our error page
    show its text as if the visitor had typed it.
    """
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    return bool(source) and urlsplit(source).netloc == request.host


def typed_text() -> list[tuple[str, str]]:
    """Return (label, text) for the free-text fields of a failed form POST from this site."""
    if request.method != "POST" or wants_json() or not _from_this_site():
        return []
    try:
        form = request.form
    except HTTPException:  # the body itself was refused (too large): nothing to give back
        return []
    typed = []
    for name, label in RETURNED_FIELDS.items():
        value = form.get(name, "")
        if isinstance(value, str) and value.strip():
            typed.append((str(label), value[:RETURNED_MAX_CHARS]))
    return typed


def render_error(code: int, detail: str | None = None):
    """Render the error page (or JSON body) for an HTTP status code."""
    title, message = _messages().get(code, _messages()[500])
    if detail:
        message = detail
    if wants_json():
        return jsonify({"error": title, "message": message}), code
    page = render_template(
        "errors.html", code=code, title=title, message=message, typed=typed_text()
    )
    return page, code


def init_app(app: Flask) -> None:
    """Register handlers for HTTP errors, CSRF failures and unexpected exceptions."""

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_error(
            400,
            _(
                "Het formulier is verlopen of ongeldig. Laad de pagina opnieuw en probeer het nog eens."
            ),
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        body, code = render_error(error.code)
        # Keep the headers the error carries, such as Allow on 405 (RFC 9110).
        headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
        return body, code, headers

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        from dialogue.extensions import db

        db.session.rollback()
        return render_error(InternalServerError.code)
