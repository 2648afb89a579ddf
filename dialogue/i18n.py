"""Language of the interface: Dutch first, English second."""

from __future__ import annotations

from flask import current_app, has_request_context, request, session
from flask_login import current_user


def select_locale() -> str:
    """Pick the interface language: the visitor's choice, their account, then the browser.

    Outside a request (background jobs, CLI commands, e-mail sent by a job) it is the default.
    """
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return languages[0]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    return request.accept_languages.best_match(languages) or languages[0]
