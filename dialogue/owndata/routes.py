"""Download all own data as JSON; delete the account."""

from __future__ import annotations

import json

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from dialogue.accounts.models import Role
from dialogue.extensions import db
from dialogue.owndata.forms import DeleteAccountForm
from dialogue.owndata.services import delete_account, export_user_data
from dialogue.security import role_required, verify_password
from dialogue.sessions import end_session

bp = Blueprint("owndata", __name__, url_prefix="/account/gegevens")

#: Every role may download and delete its own data.
ALL_ROLES = tuple(Role)


@bp.get("/download")
@role_required(*ALL_ROLES)
def download():
    data = export_user_data(current_user)
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="kernpunt-mijn-gegevens.json"'},
    )


@bp.route("/verwijderen", methods=["GET", "POST"])
@role_required(*ALL_ROLES)
def delete():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if not verify_password(current_user.password_hash, form.password.data):
            form.password.errors = [_("Dit wachtwoord klopt niet.")]
        else:
            user = current_user._get_current_object()
            delete_account(user, keep_content=form.content.data != "delete")
            end_session()
            db.session.commit()
            flash(_("Uw account en uw gegevens zijn verwijderd."), "success")
            return redirect(url_for("main.home"))
    return render_template("owndata/delete.html", form=form)
