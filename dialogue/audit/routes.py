"""The audit log page for admins: list, filter and export to CSV (never change)."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from dialogue.accounts.models import Role
from dialogue.audit.forms import AuditFilterForm
from dialogue.audit.log import export_csv, filter_choices, log_page
from dialogue.audit.wording import describe, object_labels
from dialogue.extensions import db
from dialogue.forms import options
from dialogue.security import role_required
from dialogue.timeutil import utcnow

bp = Blueprint("audit", __name__, url_prefix="/werkplek/audit")


def _filter_form(municipality_id: int) -> AuditFilterForm:
    form = AuditFilterForm(request.args)
    actions, officials = filter_choices(municipality_id)
    form.action.choices = options([("", _("Alle acties")), *((a, a) for a in actions)])
    form.actor.choices = options(
        [("", _("Iedereen")), *((u.id, u.display_name) for u in officials)]
    )
    form.validate()
    return form


@bp.get("")
@role_required(Role.ADMIN)
def log():
    form = _filter_form(current_user.municipality_id)
    found = log_page(
        current_user.municipality_id, form.criteria(), request.args.get("page", 1, type=int)
    )
    labels = object_labels(found.events)
    return render_template(
        "audit/log.html",
        form=form,
        rows=[(event, describe(event, found.actors, labels)) for event in found.events],
        total=found.total,
        page=found.page,
        pages=found.pages,
        query_args={k: v for k, v in request.args.items() if k != "page"},
    )


@bp.get("/export.csv")
@role_required(Role.ADMIN)
def export():
    form = _filter_form(current_user.municipality_id)
    filters = {k: v for k, v in request.args.items() if v}
    body = export_csv(current_user.municipality_id, form.criteria(), filters)
    db.session.commit()
    stamp = utcnow().strftime("%Y%m%d-%H%M")
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="auditlog-{stamp}.csv"'},
    )
