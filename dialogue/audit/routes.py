"""The audit log page for admins: list, filter and export to CSV (never change)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask import Blueprint, Response, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import Select, distinct, func, select
from wtforms import DateField, Form, SelectField
from wtforms.validators import Optional

from dialogue.accounts.models import Role, User
from dialogue.audit.models import AuditEvent
from dialogue.audit.services import record
from dialogue.audit.spreadsheet import csv_text
from dialogue.audit.wording import describe, object_labels
from dialogue.extensions import db
from dialogue.moderation.forms import options
from dialogue.security import role_required
from dialogue.timeutil import utcnow

bp = Blueprint("audit", __name__, url_prefix="/werkplek/audit")

PAGE_SIZE = 50
#: Largest number of rows in one CSV export.
EXPORT_LIMIT = 100_000
CSV_HEADER = (
    "id",
    "tijd_utc",
    "actie",
    "medewerker_id",
    "medewerker",
    "rol",
    "object",
    "object_id",
    "reden",
    "details",
)


def _optional_int(value: object) -> int | None:
    try:
        number = int(value) if value not in (None, "", "None") else None
    except (TypeError, ValueError):
        return None
    # Ids fit a 32-bit column; anything larger cannot exist (and overflows SQLite).
    return number if number is not None and 0 < number < 2**31 else None


class AuditFilterForm(Form):
    """Filters of the audit log, read from the query string."""

    action = SelectField(_l("Actie"), validate_choice=False)
    actor = SelectField(_l("Medewerker"), coerce=_optional_int, validate_choice=False)
    date_from = DateField(_l("Vanaf"), validators=[Optional()])
    date_to = DateField(_l("Tot en met"), validators=[Optional()])


def _filter_form(municipality_id: int) -> AuditFilterForm:
    form = AuditFilterForm(request.args)
    actions = db.session.scalars(
        select(distinct(AuditEvent.action))
        .where(AuditEvent.municipality_id == municipality_id)
        .order_by(AuditEvent.action)
    ).all()
    officials = db.session.scalars(
        select(User).where(User.municipality_id == municipality_id).order_by(User.display_name)
    ).all()
    form.action.choices = options([("", _("Alle acties")), *((a, a) for a in actions)])
    form.actor.choices = options(
        [("", _("Iedereen")), *((u.id, u.display_name) for u in officials)]
    )
    form.validate()
    return form


def _query(municipality_id: int, form: AuditFilterForm) -> Select:
    query = select(AuditEvent).where(AuditEvent.municipality_id == municipality_id)
    if form.action.data:
        query = query.where(AuditEvent.action == form.action.data)
    if form.actor.data:
        query = query.where(AuditEvent.actor_id == form.actor.data)
    if isinstance(form.date_from.data, date) and not form.date_from.errors:
        query = query.where(AuditEvent.created_at >= datetime.combine(form.date_from.data, time()))
    if isinstance(form.date_to.data, date) and not form.date_to.errors:
        end = datetime.combine(form.date_to.data + timedelta(days=1), time())
        query = query.where(AuditEvent.created_at < end)
    return query


def _actor_names(events: list[AuditEvent]) -> dict[int, str]:
    ids = {event.actor_id for event in events if event.actor_id is not None}
    if not ids:
        return {}
    rows = db.session.execute(select(User.id, User.display_name).where(User.id.in_(ids)))
    return dict(rows.tuples().all())


def _actor_emails(events: list[AuditEvent]) -> dict[int, str]:
    """The e-mail address of each actor: the name officials know each other's accounts by."""
    ids = {event.actor_id for event in events if event.actor_id is not None}
    if not ids:
        return {}
    rows = db.session.execute(
        select(User.id, func.coalesce(User.email, User.display_name)).where(User.id.in_(ids))
    )
    return dict(rows.tuples().all())


@bp.get("")
@role_required(Role.ADMIN)
def log():
    form = _filter_form(current_user.municipality_id)
    query = _query(current_user.municipality_id, form)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    page = min(max(request.args.get("page", 1, type=int), 1), pages)
    events = db.session.scalars(
        query.order_by(AuditEvent.id.desc()).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    ).all()
    actors, labels = _actor_emails(list(events)), object_labels(list(events))
    return render_template(
        "audit/log.html",
        form=form,
        rows=[(event, describe(event, actors, labels)) for event in events],
        total=total,
        page=page,
        pages=pages,
        query_args={k: v for k, v in request.args.items() if k != "page"},
    )


@bp.get("/export.csv")
@role_required(Role.ADMIN)
def export():
    form = _filter_form(current_user.municipality_id)
    query = _query(current_user.municipality_id, form)
    events = db.session.scalars(query.order_by(AuditEvent.id).limit(EXPORT_LIMIT)).all()
    names = _actor_names(list(events))
    rows = (
        (
            event.id,
            event.created_at.isoformat(timespec="seconds"),
            event.action,
            event.actor_id or "",
            names.get(event.actor_id, "") if event.actor_id else "",
            event.actor_role or "",
            event.target_type or "",
            event.target_id or "",
            event.reason or "",
            "" if event.details is None else _details_text(event.details),
        )
        for event in events
    )
    body = csv_text(CSV_HEADER, rows)
    filters = {k: v for k, v in request.args.items() if v}
    record("audit.export", None, details={"rows": len(events), "filters": filters})
    db.session.commit()
    stamp = utcnow().strftime("%Y%m%d-%H%M")
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="auditlog-{stamp}.csv"'},
    )


def _details_text(details: object) -> str:
    import json

    return json.dumps(details, ensure_ascii=False, sort_keys=True)
