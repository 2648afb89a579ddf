"""Home page, language switch, static information pages and the health check."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import text

from dialogue.consultations.models import Consultation, ConsultationStatus
from dialogue.consultations.page_keys import home_key
from dialogue.consultations.phases import public_listing
from dialogue.consultations.services import public_consultations
from dialogue.contributions.retention import unconfirmed_retention
from dialogue.db import without_write_lock
from dialogue.extensions import db, limiter
from dialogue.mail.delivery import sent_mail_retention
from dialogue.main.navigation import main_navigation
from dialogue.main.statements import accessibility_results, known_deviations
from dialogue.municipalities.services import list_municipalities, sole_municipality_name
from dialogue.pagecache import public_page
from dialogue.themes.public import answer_tallies

bp = Blueprint("main", __name__)

#: Closed consultations on the home page; older ones are on their municipality's page.
HOME_CLOSED = 6

STATUS_LABELS = {
    ConsultationStatus.DRAFT: _l("concept"),
    ConsultationStatus.OPEN: _l("open"),
    ConsultationStatus.CLOSED: _l("gesloten"),
}


def status_label(status: ConsultationStatus) -> str:
    """Return the Dutch (or English) name of a consultation status."""
    return str(STATUS_LABELS.get(status, status))


@bp.app_context_processor
def inject_layout_helpers() -> dict:
    return {
        "main_navigation": main_navigation,
        "current_locale": lambda: str(get_locale()),
        "has_endpoint": lambda endpoint: endpoint in current_app.view_functions,
        "status_label": status_label,
    }


def safe_next(target: str | None, default: str = "/") -> str:
    """Return target if it is a local path, else default (no open redirects).

    Control characters (CR/LF, tab, NUL …) are refused too: they would split the Location
    header, and browsers drop some of them (a tab between two slashes
    gives "//evil.example"); so is a backslash, which browsers read as a slash.
    """
    if not target or "\\" in target or any(ord(char) < 32 or ord(char) == 127 for char in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target.rstrip("?") or default


@bp.get("/")
@without_write_lock
def home():
    key, changed = home_key()
    return public_page(
        key,
        _render_home,
        changed=changed,
        personalise=lambda _parts: {},  # nothing of their own on it: residents share it
    )


def _render_home() -> str:
    municipalities = list_municipalities()
    consultations = public_consultations()
    listing = public_listing(consultations)
    # Most recently closed first (by the day the page says it closed: an admin may close one
    # before its last day); the rest stays on each municipality's own page.
    closed = sorted(
        listing.closed,
        key=lambda c: (listing.phases[c.id].day or date.min, _closing_moment(c)),
        reverse=True,
    )
    return render_template(
        "main/home.html",
        municipalities=municipalities,
        listing=listing,
        recently_closed=closed[:HOME_CLOSED],
        more_closed=len(closed) > HOME_CLOSED,
        answer_tallies=answer_tallies([c.id for c in consultations]),
    )


def _closing_moment(consultation: Consultation) -> datetime:
    return consultation.closes_at or consultation.updated_at or consultation.created_at


@bp.post("/taal")
def set_language():
    language = request.form.get("lang", "")
    if language in current_app.config["LANGUAGES"]:
        session["lang"] = language
    return redirect(safe_next(request.form.get("next")))


def _text_setting(name: str) -> str | None:
    """Return a setting as text (KERNPUNT_* variables holding digits arrive as numbers)."""
    value = current_app.config.get(name)
    if value is None:
        return None
    return str(value).strip() or None


@bp.get("/privacy")
def privacy():
    retention = unconfirmed_retention()
    return render_template(
        "main/privacy.html",
        controller=_text_setting("PRIVACY_CONTROLLER") or sole_municipality_name(),
        contact=_text_setting("PRIVACY_CONTACT"),
        officer=_text_setting("PRIVACY_OFFICER"),
        # The purge runs daily (docs/operations.md): a row goes at most a day after it is due.
        unconfirmed_days=math.ceil(retention / timedelta(days=1)) + 1,
        sent_mail_days=sent_mail_retention().days + 1,
    )


@bp.get("/toegankelijkheid")
def accessibility():
    results = accessibility_results()
    return render_template(
        "main/accessibility.html",
        organisation=_text_setting("PRIVACY_CONTROLLER") or sole_municipality_name(),
        contact=_text_setting("PRIVACY_CONTACT"),
        results=results,
        deviations=known_deviations(results),
    )


@bp.get("/algoritmeregister")
def algorithms():
    return render_template(
        "main/algorithms.html",
        organisation=_text_setting("PRIVACY_CONTROLLER") or sole_municipality_name(),
        contact=_text_setting("PRIVACY_CONTACT"),
        threshold=int(current_app.config["PRIVACY_THRESHOLD"]),
    )


@bp.get("/favicon.ico")
@limiter.exempt
def favicon():
    """Send browsers that ask for the classic address to the icon (an SVG)."""
    return redirect(url_for("static", filename="favicon.svg"), 301)


@bp.get("/health")
@limiter.exempt
def health():
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}
