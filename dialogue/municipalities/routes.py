"""The admin's settings page for their own municipality, and its public branding files."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from dialogue.accounts.models import Role
from dialogue.extensions import db
from dialogue.municipalities.branding import branding_css
from dialogue.municipalities.forms import MunicipalitySettingsForm
from dialogue.municipalities.services import logo_of, municipality_by_slug, set_in_network
from dialogue.security import role_required

bp = Blueprint("municipalities", __name__)


@bp.route("/beheer/gemeente", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def settings():
    municipality = current_user.municipality
    form = MunicipalitySettingsForm(obj=municipality)
    if form.validate_on_submit():
        if set_in_network(municipality, bool(form.in_network.data)):
            db.session.commit()
            if municipality.in_network:
                flash(_("De netwerkpartners zien nu de thema's van uw gemeente."), "success")
            else:
                flash(_("De netwerkpartners zien de thema's van uw gemeente niet meer."), "success")
        else:
            flash(_("U heeft niets veranderd."), "info")
        return redirect(url_for(".settings"))
    return render_template("municipalities/settings.html", municipality=municipality, form=form)


@bp.get("/huisstijl/<municipality_slug>.css")
def branding_stylesheet(municipality_slug: str):
    municipality = municipality_by_slug(municipality_slug)
    css = branding_css(municipality) if municipality is not None else ""
    if not css:
        abort(404)
    return Response(css, mimetype="text/css", headers={"Cache-Control": "public, max-age=300"})


@bp.get("/huisstijl/<municipality_slug>/logo")
def logo(municipality_slug: str):
    found = logo_of(municipality_slug)
    if found is None:
        abort(404)
    return Response(
        found.data,
        mimetype=found.content_type,
        headers={"Cache-Control": "public, max-age=300"},
    )
