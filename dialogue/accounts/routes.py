"""Account pages: register, confirm, log in (with two-factor for officials), reset, settings."""

from __future__ import annotations

import time

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from dialogue.accounts import services, throttle
from dialogue.accounts.failures import note_failure, wait_message
from dialogue.accounts.forms import (
    AccountSettingsForm,
    ChangePasswordForm,
    ConfirmEmailForm,
    LoginForm,
    LogoutForm,
    RegisterForm,
    ResetPasswordForm,
    ResetRequestForm,
)
from dialogue.accounts.models import Role, User
from dialogue.audit.services import record
from dialogue.contributions.routes import FORM_ANCHOR, NOTICE_AT
from dialogue.extensions import db, limiter
from dialogue.main.routes import safe_next
from dialogue.security import login_required_view, role_required, verify_password
from dialogue.sessions import end_session, start_session
from dialogue.timeutil import utcnow

bp = Blueprint("accounts", __name__, url_prefix="/account")


def auth_rate_limit() -> str:
    """Return the configured limit for attempts on the login, register and reset forms."""
    return current_app.config["AUTH_RATE_LIMIT"]


auth_limited = limiter.limit(auth_rate_limit, methods=["POST"])


def _default_landing(user: User) -> str:
    if user.is_official and "officials.home" in current_app.view_functions:
        return url_for("officials.home")
    if user.role == Role.PLATFORM_ADMIN and "platform.index" in current_app.view_functions:
        return url_for("platform.index")
    return url_for("main.home")


def _finish_login(user: User, *, mfa_ok: bool, target: str) -> Response:
    start_session(user, mfa_ok=mfa_ok)
    if user.is_official or user.needs_mfa:
        record("official.login", user, actor=user, details={"mfa": mfa_ok})
    db.session.commit()
    return redirect(target)


@bp.route("/registreren", methods=["GET", "POST"])
@auth_limited
def register():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.my_account"))
    form = RegisterForm()
    next_url = safe_next(request.args.get("next"), "") or None
    if form.validate_on_submit():
        services.register_resident(
            form.email.data, form.password.data, form.display_name.data, next_url=next_url
        )
        db.session.commit()
        # Same answer for a new and a known address: the page does not reveal accounts.
        return redirect(url_for("accounts.check_email"))
    return render_template("accounts/register.html", form=form, next_url=next_url)


@bp.get("/controleer-uw-e-mail")
def check_email():
    hours = current_app.config["EMAIL_TOKEN_MAX_AGE"] // 3600
    return render_template("accounts/check_email.html", hours=hours)


@bp.route("/bevestigen/<token>", methods=["GET", "POST"])
def confirm_email(token: str):
    """The link in the mail shows a button; only pressing it (POST) confirms the address.

    Mail scanners follow links: a GET changes nothing, so it cannot use up the first login.
    """
    form = ConfirmEmailForm()
    if form.validate_on_submit():
        confirmation = services.confirm_email(token)
    else:
        confirmation = services.confirmation_for_token(token)
    if confirmation is None:
        return render_template("accounts/link_invalid.html"), 400
    if request.method == "GET" and confirmation.first_time:
        return render_template("accounts/confirm_email.html", form=form, token=token)
    return _after_confirming(confirmation)


def _after_confirming(confirmation: services.Confirmation) -> Response:
    """Log a resident in the first time, else send to the login page (or their account)."""
    user, target = confirmation.user, safe_next(confirmation.next_url, url_for("main.home"))
    # The first confirmation logs a resident in and goes back to where they were; officials
    # log in with their second step, and a link used before logs nobody in.
    if confirmation.first_time and not user.needs_mfa and not current_user.is_authenticated:
        start_session(user)
        db.session.commit()
        flash(_("Uw e-mailadres is bevestigd. U bent ingelogd."), "success")
        if target.endswith(f"#{FORM_ANCHOR}"):
            session[NOTICE_AT] = FORM_ANCHOR  # the message beside the form, where they land
        return redirect(target)
    db.session.commit()
    flash(_("Uw e-mailadres is bevestigd. U kunt nu inloggen."), "success")
    if current_user.is_authenticated:
        return redirect(url_for("accounts.my_account"))
    return redirect(url_for("accounts.login", next=confirmation.next_url))


@bp.route("/inloggen", methods=["GET", "POST"])
@auth_limited
def login():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.my_account"))
    form = LoginForm()
    next_url = request.args.get("next")
    if form.validate_on_submit():
        email = services.normalise_email(form.email.data)
        wait = throttle.seconds_locked(throttle.PASSWORD, email)
        if wait:
            flash(wait_message(wait), "error")
            return render_template("accounts/login.html", form=form), 429
        user = services.authenticate(email, form.password.data)
        if user is None:
            note_failure(throttle.PASSWORD, email, services.find_user_by_email(email))
            db.session.commit()
            flash(_("Het e-mailadres of het wachtwoord klopt niet."), "error")
            return render_template("accounts/login.html", form=form), 200
        throttle.clear_failures(throttle.PASSWORD, email)
        if user.email_confirmed_at is None:
            services.send_confirmation(user)
            db.session.commit()
            flash(
                _("Bevestig eerst uw e-mailadres. We hebben u een nieuwe link gestuurd."),
                "warning",
            )
            return render_template("accounts/login.html", form=form)
        target = safe_next(next_url, _default_landing(user))
        if user.needs_mfa and user.totp_enabled:
            language = session.get("lang")
            session.clear()  # nothing from before the login survives
            if language:
                session["lang"] = language
            session["mfa_pending"] = user.get_id()
            session["mfa_pending_at"] = utcnow().isoformat()
            session["mfa_next"] = target
            return redirect(url_for("accounts.login_code"))
        if user.needs_mfa:
            return _finish_login(
                user, mfa_ok=False, target=url_for("accounts.mfa_setup", next=target)
            )
        return _finish_login(user, mfa_ok=False, target=target)
    return render_template("accounts/login.html", form=form)


@bp.post("/uitloggen")
def logout():
    if current_user.is_authenticated:
        end_session(current_user._get_current_object())
        db.session.commit()
    else:
        end_session()
    flash(_("U bent uitgelogd."), "info")
    return redirect(url_for("main.home"))


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
@auth_limited
def reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        started = time.monotonic()
        services.request_password_reset(form.email.data)
        db.session.commit()
        # Known and unknown addresses answer after the same time (the config says why).
        floor = float(current_app.config["RESET_REQUEST_MIN_SECONDS"])
        time.sleep(max(0.0, floor - (time.monotonic() - started)))
        flash(
            _(
                "Als er een account is met dit e-mailadres, krijgt u binnen een paar minuten "
                "een e-mail met een link om een nieuw wachtwoord te kiezen."
            ),
            "info",
        )
        return redirect(url_for("accounts.reset_request"))
    return render_template("accounts/reset_request.html", form=form)


@bp.route("/wachtwoord-herstellen/<token>", methods=["GET", "POST"])
@auth_limited
def reset_password(token: str):
    user = services.user_for_reset_token(token)
    if user is None:
        return render_template("accounts/link_invalid.html"), 400
    form = ResetPasswordForm(
        email=user.email or "", name=user.display_name, official=user.needs_mfa
    )
    if form.validate_on_submit():
        services.set_password(user, form.password.data)
        if user.email_confirmed_at is None:
            user.email_confirmed_at = utcnow()  # the link proved access to the mailbox
        if current_user.is_authenticated:
            end_session(current_user._get_current_object(), everywhere=False)
        db.session.commit()
        flash(_("Uw wachtwoord is gewijzigd. Log in met uw nieuwe wachtwoord."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form)


@bp.route("/wachtwoord-wijzigen", methods=["GET", "POST"])
@login_required_view
def change_password():
    user: User = current_user._get_current_object()
    form = ChangePasswordForm(
        email=user.email or "", name=user.display_name, official=user.needs_mfa
    )
    if form.validate_on_submit():
        if not verify_password(user.password_hash, form.current_password.data):
            form.current_password.errors.append(_("Uw huidige wachtwoord klopt niet."))
        else:
            services.set_password(user, form.password.data)
            login_at, mfa_ok = session.get("login_at"), bool(session.get("mfa_ok"))
            # Every other session ends; this one continues with the new session token.
            start_session(user, mfa_ok=mfa_ok)
            if login_at:
                session["login_at"] = login_at
            db.session.commit()
            flash(_("Uw wachtwoord is gewijzigd. Op andere apparaten bent u uitgelogd."), "success")
            return redirect(url_for("accounts.my_account"))
    return render_template("accounts/change_password.html", form=form)


@bp.route("/", methods=["GET", "POST"])
@login_required_view
def my_account():
    user: User = current_user._get_current_object()
    form = AccountSettingsForm(obj=user)
    if request.method == "GET":
        form.locale.data = user.locale or session.get("lang") or "nl"
    if form.validate_on_submit():
        user.display_name = form.display_name.data
        user.notify_by_email = form.notify_by_email.data
        user.locale = form.locale.data
        session["lang"] = form.locale.data
        db.session.commit()
        flash(_("Uw gegevens zijn opgeslagen."), "success")
        return redirect(url_for("accounts.my_account"))
    return render_template(
        "accounts/my_account.html", form=form, user=user, logout_form=LogoutForm()
    )


@bp.get("/api-tokens")
@role_required(*Role)
def api_tokens():
    user: User = current_user._get_current_object()
    return render_template(
        "accounts/api_tokens.html", tokens=services.api_tokens_of(user), form=LogoutForm()
    )


@bp.post("/api-tokens/<int:token_id>/intrekken")
@role_required(*Role)
def revoke_api_token(token_id: int):
    user: User = current_user._get_current_object()
    token = services.own_api_token(user, token_id)
    if token is None:
        abort(404)
    services.revoke_api_token(token)
    if user.needs_mfa:
        record("api_token.revoke", user, actor=user, details={"prefix": token.prefix})
    db.session.commit()
    flash(_("Het token %(prefix)s werkt niet meer.", prefix=token.prefix), "success")
    return redirect(url_for("accounts.api_tokens"))


# The two-factor views live in their own module and register on this blueprint.
from dialogue.accounts import two_factor  # noqa: E402, F401
