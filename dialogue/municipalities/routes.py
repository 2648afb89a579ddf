"""The admin's settings page for their own municipality."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from dialogue.accounts.models import Role
from dialogue.extensions import db
from dialogue.municipalities.forms import MunicipalitySettingsForm
from dialogue.municipalities.services import set_in_network
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
