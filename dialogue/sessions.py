"""Login sessions: loading users, server-side invalidation, idle and absolute timeouts."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import Flask, flash, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user, login_user, logout_user
from flask_login.config import COOKIE_NAME as REMEMBER_COOKIE

from dialogue.accounts.models import User
from dialogue.extensions import db
from dialogue.timeutil import utcnow


def load_user(session_id: str) -> User | None:
    """Load the user of a session; a rotated session token ends the session."""
    user_id, _, token = session_id.partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_token != token:
        return None
    return user


def start_session(user: User, *, mfa_ok: bool = False) -> None:
    """Log a user in with a fresh session (no data carried over from before the login)."""
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language
    login_user(user)
    now = utcnow().isoformat()
    session["login_at"] = now
    session["seen_at"] = now
    session["mfa_ok"] = mfa_ok
    user.last_login_at = utcnow()


def end_session(user: User | None = None, *, everywhere: bool = True) -> None:
    """Log out; by default every session of the user ends, server-side."""
    if user is not None and everywhere:
        user.end_all_sessions()
    language = session.get("lang")
    logout_user()
    session.clear()
    if language:
        session["lang"] = language


#: seen_at is rewritten at most this often, so the session cookie is not re-sent every time.
SEEN_AT_RESOLUTION = timedelta(minutes=1)


def session_timeouts(app: Flask, user: User) -> tuple[timedelta, timedelta]:
    """Return (idle, absolute) timeouts: short for officials, days for residents."""
    if user.needs_mfa:
        return app.config["OFFICIAL_IDLE_TIMEOUT"], app.config["OFFICIAL_ABSOLUTE_TIMEOUT"]
    return (
        timedelta(days=float(app.config["RESIDENT_IDLE_TIMEOUT_DAYS"])),
        timedelta(days=float(app.config["RESIDENT_ABSOLUTE_TIMEOUT_DAYS"])),
    )


def _enforce_timeouts(app: Flask):
    def check() -> object | None:
        if request.endpoint and request.endpoint.startswith("static"):
            return None
        if not _may_be_logged_in(app):
            return None
        if not current_user.is_authenticated:
            return None
        now = utcnow()
        login_at = _parse(session.get("login_at"))
        seen_at = _parse(session.get("seen_at"))
        idle, absolute = session_timeouts(app, current_user)
        if login_at is None or seen_at is None or now - seen_at > idle or now - login_at > absolute:
            end_session(current_user._get_current_object(), everywhere=False)
            db.session.commit()
            flash(_l("Uw sessie is verlopen. Log opnieuw in."), "warning")
            return redirect(url_for("accounts.login", next=request.full_path))
        if now - seen_at >= SEEN_AT_RESOLUTION:
            session["seen_at"] = now.isoformat()
        return None

    return check


def _may_be_logged_in(app: Flask) -> bool:
    """Whether the request carries a session or remember cookie. Without one nobody is logged
    in (API requests with a token, first visits); asking Flask-Login finds that out slower."""
    names = (
        app.config["SESSION_COOKIE_NAME"],
        app.config.get("REMEMBER_COOKIE_NAME", REMEMBER_COOKIE),
    )
    return any(name in request.cookies for name in names)


def _parse(value: object) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def init_app(app: Flask, login_manager: LoginManager) -> None:
    """Configure Flask-Login and the timeout check."""
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Log in om deze pagina te zien.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    app.before_request(_enforce_timeouts(app))
