"""After a decision on one item, the next item of the queue (oldest first, as the queue lists it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, tuple_

from dialogue.contributions.models import Contribution, ContributionStatus, Reply
from dialogue.extensions import db
from dialogue.moderation.queue import QueueFilters, listing


@dataclass(frozen=True)
class QueuePlace:
    """Where an item stands in the queue's default order: oldest first, input before replies."""

    created_at: datetime
    kind: str
    id: int


def place_of(item: Contribution | Reply) -> QueuePlace:
    """Return the place of a contribution or a reply in the queue's order."""
    return QueuePlace(item.created_at, item.kind.key, item.id)


def single_item_place(
    seen: dict[int, ContributionStatus], seen_replies: dict[int, ContributionStatus]
) -> QueuePlace | None:
    """The queue place of the one item decided on its own page (None for a bulk decision)."""
    if len(seen) + len(seen_replies) != 1:
        return None
    if seen:
        return place_of(db.session.get(Contribution, next(iter(seen))))
    return place_of(db.session.get(Reply, next(iter(seen_replies))))


def next_in_queue(municipality_id: int, after: QueuePlace) -> QueuePlace | None:
    """Return the first waiting item after `after`, else the first waiting one (or None)."""
    queue = listing(municipality_id, QueueFilters())
    order = (queue.c.created_at, queue.c.kind, queue.c.id)
    columns = select(queue.c.created_at, queue.c.kind, queue.c.id)
    later = columns.where(tuple_(*order) > tuple_(after.created_at, after.kind, after.id))
    others = columns.where(tuple_(queue.c.kind, queue.c.id) != tuple_(after.kind, after.id))
    row = (
        db.session.execute(later.order_by(*order).limit(1)).first()
        or db.session.execute(others.order_by(*order).limit(1)).first()
    )
    return QueuePlace(row.created_at, row.kind, row.id) if row else None
