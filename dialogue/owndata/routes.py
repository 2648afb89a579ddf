"""Own data: see it in words, download it as JSON, delete the account."""

from __future__ import annotations

import json

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from dialogue.accounts.models import Role
from dialogue.contributions import labels
from dialogue.extensions import db
from dialogue.owndata.forms import DeleteAccountForm
from dialogue.owndata.services import collect_user_data, delete_account, export_user_data
from dialogue.security import role_required, verify_password
from dialogue.sessions import end_session

bp = Blueprint("owndata", __name__, url_prefix="/account/gegevens")

#: Every role may download and delete its own data.
ALL_ROLES = tuple(Role)
#: The overview lists an official's most recent actions; the download has all of them.
OVERVIEW_ACTIONS = 50


@bp.get("")
@role_required(*ALL_ROLES)
def overview():
    """Everything the platform holds about the user, in words (the download is the same data)."""
    return render_template(
        "owndata/overview.html",
        data=collect_user_data(current_user),
        status_labels=labels.STATUS_LABELS,
        shown_actions=OVERVIEW_ACTIONS,
    )


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
