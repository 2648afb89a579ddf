"""Language of the interface: Dutch first, English second."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from babel.lists import format_list
from flask import Flask, current_app, has_request_context, request, session
from flask_babel import format_date, format_datetime, get_locale
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


#: The one way the interface writes a moment: "4 december 2026, 21:13", in local time.
MOMENT_FORMAT = "d MMMM yyyy, HH:mm"
#: The one way it writes a day: "4 december 2026".
DAY_FORMAT = "d MMMM yyyy"


def moment(value: datetime | None) -> str:
    """Write a stored (naive UTC) datetime as a local moment: "4 december 2026, 21:13"."""
    return format_datetime(value, MOMENT_FORMAT) if value is not None else ""


def day(value: date | datetime | None) -> str:
    """Write a date, or the local day of a stored datetime: "4 december 2026"."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value, DAY_FORMAT)
    return format_date(value, DAY_FORMAT)


def names(values: Sequence[str]) -> str:
    """Join names the way the interface's language does: "Holtum, Dijkzicht en Oost"."""
    return format_list(list(values), locale=get_locale() or "nl") if values else ""


def init_app(app: Flask) -> None:
    """Add the filters every template uses (moment, day, names)."""
    app.add_template_filter(moment)
    app.add_template_filter(day)
    app.add_template_filter(names)
