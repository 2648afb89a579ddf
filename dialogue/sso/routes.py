"""Officials log in through their municipality's identity provider; the admin sets it up."""

from __future__ import annotations

import secrets

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from dialogue.accounts.models import Role
from dialogue.accounts.routes import _finish_login
from dialogue.audit.services import record
from dialogue.extensions import db, limiter
from dialogue.municipalities.models import Municipality
from dialogue.municipalities.services import municipality_by_slug
from dialogue.security import role_required
from dialogue.sso import oidc
from dialogue.sso.forms import SsoSettingsForm, split_values
from dialogue.sso.services import official_for_claims, record_refusal, refusal_message
from dialogue.sso.settings import (
    SsoSettings,
    client_secret,
    municipalities_with_sso,
    secret_file,
    secret_variable,
    sso_settings,
)

bp = Blueprint("sso", __name__)
PENDING = "sso_pending"
#: Login attempts started per IP address: each costs a request to the identity provider.
START_LIMIT = "30 per minute"


@bp.app_context_processor
def inject_sso_municipalities() -> dict:
    return {"sso_municipalities": municipalities_with_sso}


def _refuse(municipality: Municipality | None, reason: str):
    db.session.rollback()
    record_refusal(municipality, reason)
    db.session.commit()
    page = render_template("sso/refused.html", message=refusal_message(reason))
    return page, 403


@bp.get("/account/sso/<municipality_slug>")
@limiter.limit(START_LIMIT)
def start(municipality_slug: str):
    municipality = municipality_by_slug(municipality_slug)
    if municipality is None:
        abort(404)
    settings = sso_settings(municipality)
    if not settings.enabled:
        return _refuse(municipality, "not_configured")
    if client_secret(municipality) is None:
        return _refuse(municipality, "not_configured")
    try:
        document = oidc.discover(settings.issuer)
    except oidc.SsoRefused as refused:
        return _refuse(municipality, refused.reason)
    state, nonce = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
    session[PENDING] = {"state": state, "nonce": nonce, "municipality_id": municipality.id}
    redirect_uri = url_for(".callback", _external=True)
    return redirect(oidc.authorization_url(settings, document, redirect_uri, state, nonce))


@bp.get("/account/sso/terug")
def callback():
    pending = session.pop(PENDING, None)
    if not pending or not secrets.compare_digest(
        str(pending.get("state", "")), request.args.get("state", "")
    ):
        return _refuse(None, "no_pending")
    municipality = db.get_or_404(Municipality, pending["municipality_id"])
    if request.args.get("error") or not request.args.get("code"):
        return _refuse(municipality, "provider_error")
    settings = sso_settings(municipality)
    secret = client_secret(municipality)
    if not settings.enabled or secret is None:
        return _refuse(municipality, "not_configured")
    try:
        document = oidc.discover(settings.issuer)
        redirect_uri = url_for(".callback", _external=True)
        id_token = oidc.exchange_code(
            settings, secret, document, request.args["code"], redirect_uri
        )
        claims = oidc.verified_claims(settings, document, id_token, pending["nonce"])
        user = official_for_claims(municipality, settings, claims)
    except oidc.SsoRefused as refused:
        return _refuse(municipality, refused.reason)
    record("official.sso_login", user, actor=user, details={"role": user.role.value})
    return _finish_login(user, mfa_ok=True, target=url_for("officials.home"))


def _settings_from(form: SsoSettingsForm) -> SsoSettings:
    return SsoSettings(
        enabled=bool(form.enabled.data),
        issuer=(form.issuer.data or "").strip(),
        client_id=(form.client_id.data or "").strip(),
        role_claim=(form.role_claim.data or "").strip() or "roles",
        role_values={
            "moderator": split_values(form.moderator_values.data),
            "analyst": split_values(form.analyst_values.data),
            "admin": split_values(form.admin_values.data),
        },
    )


def _form_for(settings: SsoSettings) -> SsoSettingsForm:
    values = settings.role_values
    return SsoSettingsForm(
        formdata=None,
        enabled=settings.enabled,
        issuer=settings.issuer,
        client_id=settings.client_id,
        role_claim=settings.role_claim,
        moderator_values="\n".join(values.get("moderator", [])),
        analyst_values="\n".join(values.get("analyst", [])),
        admin_values="\n".join(values.get("admin", [])),
    )


@bp.route("/beheer/inloggen-via-gemeente", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def settings_page():
    municipality = current_user.municipality
    saved = sso_settings(municipality)
    form = SsoSettingsForm() if request.method == "POST" else _form_for(saved)
    status = 200
    if request.method == "POST":
        if form.validate():
            new = _settings_from(form)
            if new.as_dict() != saved.as_dict():
                municipality.settings = dict(municipality.settings or {}) | {"sso": new.as_dict()}
                record("municipality.sso", municipality, details=new.as_dict())
                db.session.commit()
                flash(
                    _("De instellingen voor inloggen via de gemeente zijn opgeslagen."), "success"
                )
            else:
                flash(_("U heeft niets veranderd."), "info")
            return redirect(url_for(".settings_page"))
        status = 400
    return render_template(
        "sso/settings.html",
        form=form,
        municipality=municipality,
        secret_found=client_secret(municipality) is not None,
        secret_variable=secret_variable(municipality),
        secret_file=secret_file(municipality),
        login_url=url_for(".start", municipality_slug=municipality.slug, _external=True),
        callback_url=url_for(".callback", _external=True),
    ), status
