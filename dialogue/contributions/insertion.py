"""Storing new input with one prebuilt INSERT instead of a flush of the unit of work.

Every post stores one new contribution and nothing else with it (prepare_contribution()
builds it from ids, never from related objects). The ORM's flush works that out again on
each post (dependency actions for its eleven relationships, a topological sort, state
bookkeeping) and cost about twice the INSERT itself in Python (docs/performance.md, "API
post, round 6"). Here the row is inserted with a prebuilt Core statement on the session's
connection, and the object is then given to the session as a loaded row, with the values
the INSERT stored (its defaults included) as its state: afterwards it is the same
persistent object a flush would have left, without a statement more.

The session listeners that watch flushes for new rows (the public version of the
consultation, the posted-input metric) are told about the row here. For a transaction that
holds nothing but this post and is committed next (the API), the INSERT on PostgreSQL raises
the consultation's public version itself, in a data-modifying WITH clause: one statement
and round trip less per post. Only then: the row lock on the consultation is taken at the
INSERT instead of at the commit, which would hold it through the rest of a longer
transaction (a file import) and could take locks in another order than the commit's one
sorted UPDATE.
"""

from __future__ import annotations

from sqlalchemy import insert, inspect
from sqlalchemy.orm import Session, make_transient_to_detached

from dialogue.consultations.freshness import note_change, with_version_raised
from dialogue.contributions.models import Contribution
from dialogue.ops.metrics import count_when_committed
from dialogue.timeutil import utcnow

_INSERT = insert(Contribution.__table__)
#: The same INSERT raising the consultation's public version, for a post alone (see above).
_INSERT_RAISING_VERSION = with_version_raised(_INSERT)
#: (attribute, column key) of every mapped column.
_COLUMNS = tuple((prop.key, prop.columns[0].key) for prop in inspect(Contribution).column_attrs)


def insert_contribution(
    session: Session, contribution: Contribution, *, alone: bool = False
) -> None:
    """INSERT a new contribution built from ids and make it persistent in session.

    alone: the transaction holds nothing else and is committed next (see above). Raises
    IntegrityError as a flush would (a client_ref sent before); the object is then left as
    it was, not in the session.
    """
    state = inspect(contribution)
    if not state.transient:
        raise ValueError("only a new contribution that is not in a session can be inserted")
    loaded = state.dict
    values = {column: loaded[key] for key, column in _COLUMNS if key in loaded}
    connection = session.connection()
    raising = alone and connection.dialect.name == "postgresql"
    if raising:
        values["version_consultation_id"] = contribution.consultation_id
        values["version_changed_at"] = utcnow()
    result = connection.execute(_INSERT_RAISING_VERSION if raising else _INSERT, values)
    stored = result.last_inserted_params()  # with the column defaults the INSERT used
    for key, column in _COLUMNS:
        if key not in loaded:  # a default, or NULL (no column has a server default)
            setattr(contribution, key, stored.get(column))
    contribution.id = result.inserted_primary_key[0]
    make_transient_to_detached(contribution)  # its values are now its loaded state
    session.add(contribution)  # persistent: in the identity map, nothing left to flush
    if not raising:
        note_change(session, contribution)
    count_when_committed(session, contribution)
