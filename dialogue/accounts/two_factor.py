"""Officials' second factor: the code step of the login, recovery codes, setting up the app."""

from __future__ import annotations

from datetime import datetime, timedelta

import segno
from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wrappers import Response

from dialogue.accounts import services, throttle
from dialogue.accounts.failures import note_failure, wait_message
from dialogue.accounts.forms import CodeForm, LogoutForm, RecoveryCodeForm
from dialogue.accounts.models import MFA_ROLES, User
from dialogue.accounts.recovery import (
    new_recovery_codes,
    remaining_recovery_codes,
    use_recovery_code,
)
from dialogue.accounts.routes import _default_landing, _finish_login, auth_limited, bp
from dialogue.audit.services import record
from dialogue.extensions import db
from dialogue.main.routes import safe_next
from dialogue.security import login_required_view, role_required
from dialogue.sessions import end_session, load_user
from dialogue.timeutil import utcnow

#: How long the second login step may wait for its code.
PENDING_LOGIN_MAX_AGE = timedelta(minutes=5)
#: Below this many unused recovery codes the official is told to make new ones.
FEW_RECOVERY_CODES = 3


def _pending_user() -> User | None:
    pending, started = session.get("mfa_pending"), session.get("mfa_pending_at")
    if not pending or not started:
        return None
    try:
        started_at = datetime.fromisoformat(started)
    except ValueError:
        return None
    if utcnow() - started_at > PENDING_LOGIN_MAX_AGE:
        return None
    return load_user(pending)


def _code_page(code_form: CodeForm, recovery_form: RecoveryCodeForm, status: int = 200):
    page = render_template("accounts/login_code.html", form=code_form, recovery_form=recovery_form)
    return page, status


def _locked(user: User) -> tuple[str, int] | None:
    """Refuse the code step while the account waits after too many wrong codes."""
    wait = throttle.seconds_locked(throttle.CODE, str(user.id))
    if not wait:
        return None
    flash(wait_message(wait), "error")
    return _code_page(CodeForm(formdata=None), RecoveryCodeForm(formdata=None), 429)


def _no_pending_login() -> Response:
    session.pop("mfa_pending", None)
    flash(_("Log opnieuw in."), "info")
    return redirect(url_for("accounts.login"))


def _code_accepted(user: User) -> Response:
    throttle.clear_failures(throttle.CODE, str(user.id))
    target = session.get("mfa_next") or _default_landing(user)
    return _finish_login(user, mfa_ok=True, target=safe_next(target))


@bp.route("/inloggen/code", methods=["GET", "POST"])
@auth_limited
def login_code():
    user = _pending_user()
    if user is None:
        return _no_pending_login()
    form = CodeForm()
    if request.method == "POST" and (locked := _locked(user)):
        return locked
    if form.validate_on_submit():
        if services.check_totp(user, form.code.data):
            return _code_accepted(user)
        note_failure(throttle.CODE, str(user.id), user)
        db.session.commit()
        form.code.errors.append(
            _("Deze code klopt niet. Gebruik de nieuwste code uit uw app en probeer het opnieuw.")
        )
    return _code_page(form, RecoveryCodeForm(formdata=None))


@bp.post("/inloggen/herstelcode")
@auth_limited
def login_recovery():
    user = _pending_user()
    if user is None:
        return _no_pending_login()
    if locked := _locked(user):
        return locked
    form = RecoveryCodeForm()
    if form.validate_on_submit():
        if use_recovery_code(user, form.recovery_code.data):
            left = remaining_recovery_codes(user)
            record("official.recovery_code_used", user, actor=user, details={"left": left})
            if left < FEW_RECOVERY_CODES:
                flash(_recovery_codes_left_message(left), "warning")
            return _code_accepted(user)
        note_failure(throttle.CODE, str(user.id), user)
        db.session.commit()
        form.recovery_code.errors.append(
            _("Deze herstelcode klopt niet of is al gebruikt. Elke code werkt maar één keer.")
        )
    return _code_page(CodeForm(formdata=None), form)


def _recovery_codes_left_message(left: int) -> str:
    return ngettext(
        "U heeft nog %(num)d herstelcode. Maak nieuwe codes bij Tweestapsverificatie.",
        "U heeft nog %(num)d herstelcodes. Maak nieuwe codes bij Tweestapsverificatie.",
        left,
    )


def _qr_svg(uri: str) -> Markup:
    """Return the otpauth URI as an inline SVG QR code (generated here, no user markup)."""
    svg = segno.make(uri, error="m").svg_inline(
        scale=5, border=2, svgclass="kp-qr", title=_("QR-code voor uw app"), lineclass=None
    )
    return Markup(svg)  # noqa: S704  # nosec B704


def _show_recovery_codes(codes: list[str], next_url: str) -> str:
    return render_template("accounts/recovery_codes.html", codes=codes, next_url=next_url)


@bp.route("/tweestapsverificatie", methods=["GET", "POST"])
@login_required_view
@auth_limited
def mfa_setup():
    user: User = current_user._get_current_object()
    if not user.needs_mfa:
        return render_template("accounts/mfa_not_needed.html"), 403
    next_url = request.args.get("next")
    if user.totp_enabled:
        if not session.get("mfa_ok"):
            end_session(user, everywhere=False)
            return redirect(url_for("accounts.login"))
        return render_template(
            "accounts/mfa_enabled.html",
            recovery_left=remaining_recovery_codes(user),
            form=LogoutForm(),
        )
    if not user.totp_secret:
        services.new_totp_secret(user)
        db.session.commit()
    form = CodeForm()
    if form.validate_on_submit():
        if services.enable_totp(user, form.code.data):
            session["mfa_ok"] = True
            codes = new_recovery_codes(user)
            record("official.mfa_enabled", user, actor=user)
            db.session.commit()
            flash(_("Tweestapsverificatie staat nu aan."), "success")
            # Shown once, in this answer: only their digests are stored.
            return _show_recovery_codes(codes, safe_next(next_url, _default_landing(user)))
        form.code.errors.append(
            _("Deze code klopt niet. Controleer of de tijd op uw telefoon goed staat.")
        )
    uri = services.totp_uri(user)
    return render_template(
        "accounts/mfa_setup.html", form=form, secret=user.totp_secret, qr_svg=_qr_svg(uri)
    )


@bp.post("/tweestapsverificatie/herstelcodes")
@role_required(*MFA_ROLES)
def new_recovery_codes_view():
    user: User = current_user._get_current_object()
    form = LogoutForm()
    if not form.validate_on_submit():
        return redirect(url_for("accounts.mfa_setup"))
    codes = new_recovery_codes(user)
    record("official.recovery_codes_renewed", user, actor=user)
    db.session.commit()
    return _show_recovery_codes(codes, url_for("accounts.my_account"))
