"""After a decision on one item, the next item of the queue (oldest first, as the queue lists it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import literal, select, tuple_, union_all

from dialogue.contributions.models import Contribution, Reply
from dialogue.extensions import db
from dialogue.moderation.services import (
    QueueFilters,
    _contribution_conditions,
    _reply_conditions,
)


@dataclass(frozen=True)
class QueuePlace:
    """Where an item stands in the queue's default order: oldest first, input before replies."""

    created_at: datetime
    kind: str
    id: int


def place_of(item: Contribution | Reply) -> QueuePlace:
    """Return the place of a contribution or a reply in the queue's order."""
    kind = "reply" if isinstance(item, Reply) else "contribution"
    return QueuePlace(item.created_at, kind, item.id)


def next_in_queue(municipality_id: int, after: QueuePlace) -> QueuePlace | None:
    """Return the first waiting item after `after`, else the first waiting one (or None)."""
    filters = QueueFilters()
    listing = union_all(
        select(
            literal("contribution").label("kind"),
            Contribution.id.label("id"),
            Contribution.created_at.label("created_at"),
        ).where(*_contribution_conditions(municipality_id, filters)),
        select(
            literal("reply").label("kind"),
            Reply.id.label("id"),
            Reply.created_at.label("created_at"),
        )
        .join(Contribution, Reply.contribution_id == Contribution.id)
        .where(*_reply_conditions(municipality_id, filters)),
    ).subquery()
    order = (listing.c.created_at, listing.c.kind, listing.c.id)
    columns = select(listing.c.created_at, listing.c.kind, listing.c.id)
    later = columns.where(tuple_(*order) > tuple_(after.created_at, after.kind, after.id))
    others = columns.where(tuple_(listing.c.kind, listing.c.id) != tuple_(after.kind, after.id))
    row = (
        db.session.execute(later.order_by(*order).limit(1)).first()
        or db.session.execute(others.order_by(*order).limit(1)).first()
    )
    return QueuePlace(row.created_at, row.kind, row.id) if row else None
