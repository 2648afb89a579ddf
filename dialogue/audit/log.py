"""Reading the audit log of a municipality: filter choices, one page, the CSV export."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, distinct, func, select

from dialogue.accounts.models import User
from dialogue.audit.models import AuditEvent
from dialogue.audit.services import record
from dialogue.audit.spreadsheet import csv_text
from dialogue.extensions import db

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


@dataclass(frozen=True)
class AuditFilter:
    """What the admin filters the log on; None filters nothing."""

    action: str | None = None
    actor_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None


@dataclass
class LogPage:
    """One page of the log, newest first, with the actors' e-mail addresses."""

    events: list[AuditEvent]
    actors: dict[int, str]
    total: int
    page: int
    pages: int


def filter_choices(municipality_id: int) -> tuple[list[str], list[User]]:
    """Return the actions in the municipality's log and its officials, to filter on."""
    actions = db.session.scalars(
        select(distinct(AuditEvent.action))
        .where(AuditEvent.municipality_id == municipality_id)
        .order_by(AuditEvent.action)
    ).all()
    officials = db.session.scalars(
        select(User).where(User.municipality_id == municipality_id).order_by(User.display_name)
    ).all()
    return list(actions), list(officials)


def _query(municipality_id: int, criteria: AuditFilter) -> Select:
    query = select(AuditEvent).where(AuditEvent.municipality_id == municipality_id)
    if criteria.action:
        query = query.where(AuditEvent.action == criteria.action)
    if criteria.actor_id:
        query = query.where(AuditEvent.actor_id == criteria.actor_id)
    if criteria.date_from:
        query = query.where(AuditEvent.created_at >= datetime.combine(criteria.date_from, time()))
    if criteria.date_to:
        end = datetime.combine(criteria.date_to + timedelta(days=1), time())
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


def log_page(municipality_id: int, criteria: AuditFilter, page: int) -> LogPage:
    """Return page (clamped to the pages there are) of the filtered log, newest first."""
    query = _query(municipality_id, criteria)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    page = min(max(page, 1), pages)
    events = list(
        db.session.scalars(
            query.order_by(AuditEvent.id.desc()).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
        )
    )
    return LogPage(events, _actor_emails(events), total, page, pages)


def _details_text(details: object) -> str:
    return json.dumps(details, ensure_ascii=False, sort_keys=True)


def export_csv(municipality_id: int, criteria: AuditFilter, filters: dict[str, str]) -> str:
    """Return the filtered log as CSV, oldest first, and log the export (caller commits)."""
    query = _query(municipality_id, criteria)
    events = list(db.session.scalars(query.order_by(AuditEvent.id).limit(EXPORT_LIMIT)))
    names = _actor_names(events)
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
    record("audit.export", None, details={"rows": len(events), "filters": filters})
    return body
