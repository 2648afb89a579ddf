"""A consultation's public version, raised in the transaction that changes what its page shows.

The cached public page of a consultation (dialogue/pagecache.py) is keyed by this version, so
every change that residents could see must raise it: published, withdrawn, hidden or edited
input; replies; supports; the municipality's answers; theme labels; the consultation itself;
the names of its kernen. Listening to the session catches every code path that writes through
it, also bulk UPDATE/DELETE statements, without each service having to remember.

Collected ids are turned into one UPDATE just before the commit, so a hot consultation row is
locked only for the commit itself.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Insert, bindparam, event, select, text, update
from sqlalchemy.orm import ORMExecuteState, Session

from dialogue.consultations.models import Consultation
from dialogue.extensions import db
from dialogue.timeutil import utcnow

#: Tables whose rows carry the consultation they belong to.
BY_CONSULTATION = frozenset({"contribution", "official_response", "theme"})
#: Tables whose rows carry the contribution they belong to.
BY_CONTRIBUTION = frozenset({"reply", "support"})
#: Tables whose rows carry the municipality (a kern's name is on its consultations' pages).
BY_MUNICIPALITY = frozenset({"kern"})
WATCHED = BY_CONSULTATION | BY_CONTRIBUTION | BY_MUNICIPALITY | {"consultation"}

_KEY = "kernpunt_public_changes"


def _changes(session: Session) -> dict[str, Any]:
    return session.info.setdefault(
        _KEY,
        {"consultations": set(), "contributions": set(), "municipalities": set(), "all": False},
    )


def note_change(session: Session, instance: object) -> None:
    """Note that instance (new, changed or deleted) may change what consultations show; their
    versions are raised at the commit. Called for every row a flush writes, and for input
    inserted without a flush (dialogue/contributions/insertion.py)."""
    table = getattr(getattr(type(instance), "__table__", None), "name", None)
    if table not in WATCHED:
        return
    changes = _changes(session)
    if table == "consultation":
        changes["consultations"].add(instance.id)  # None for a new one: its version is 0
    elif table in BY_CONSULTATION:
        changes["consultations"].add(instance.consultation_id)
    elif table in BY_CONTRIBUTION:
        changes["contributions"].add(instance.contribution_id)
    else:
        changes["municipalities"].add(instance.municipality_id)


def _after_flush(session: Session, _context: Any) -> None:
    # After the flush, foreign keys set through relationships have their values; new, dirty
    # and deleted still list what this flush wrote.
    for instance in (*session.new, *session.deleted):
        note_change(session, instance)
    for instance in session.dirty:
        if session.is_modified(instance):
            note_change(session, instance)


def _on_execute(state: ORMExecuteState) -> None:
    """Bulk UPDATE or DELETE on a watched table: which rows is unknown, so raise every version."""
    if not (state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if getattr(table, "name", None) in WATCHED - {"consultation"}:
        _changes(state.session)["all"] = True


def _before_commit(session: Session) -> None:
    if _KEY not in session.info:
        return
    session.flush()
    changes = session.info.pop(_KEY)
    raise_versions(session, changes)


_consultations = Consultation.__table__
# Prebuilt, run on the session's connection (Core): this runs in every post's commit, and
# building an ORM UPDATE cost more than running it. updated_at keeps its value: it says when
# an admin last changed the consultation.
_RAISE = update(_consultations).values(
    public_version=_consultations.c.public_version + 1,
    public_changed_at=bindparam("now"),
    updated_at=_consultations.c.updated_at,
)
_RAISE_BY_ID = _RAISE.where(_consultations.c.id.in_(bindparam("ids", expanding=True)))
# A post changes one consultation: "id = :id" needs no expanding of the IN list per execution.
_RAISE_ONE = _RAISE.where(_consultations.c.id == bindparam("consultation_id"))
_RAISE_BY_MUNICIPALITY = _RAISE.where(
    _consultations.c.municipality_id.in_(bindparam("ids", expanding=True))
)


#: The UPDATE of _RAISE_ONE as the data-modifying WITH clause of another statement on
#: PostgreSQL (`with_version_raised`). Written out: an update() there would take the other
#: statement's values whose names are also consultation columns (status) as its own SET.
_RAISE_ONE_FIRST = (
    text(
        "UPDATE consultation SET public_version = public_version + 1,"
        " public_changed_at = :version_changed_at WHERE id = :version_consultation_id"
    )
    .columns()
    .cte("raised_version")
)


def with_version_raised(statement: Insert) -> Insert:
    """Return the INSERT that also raises the public version of the consultation bound as
    "version_consultation_id" (at "version_changed_at"), for PostgreSQL: one statement
    instead of an UPDATE at the commit (dialogue/contributions/insertion.py says when)."""
    return statement.add_cte(_RAISE_ONE_FIRST)


def raise_versions(session: Session, changes: dict[str, Any]) -> None:
    """Raise the public version of every consultation the collected changes touch."""
    connection = session.connection()
    now = utcnow()
    if changes["all"]:
        connection.execute(_RAISE, {"now": now})
        return
    ids = {i for i in changes["consultations"] if i is not None}
    contribution_ids = {i for i in changes["contributions"] if i is not None}
    if contribution_ids:
        from dialogue.contributions.models import Contribution

        ids |= set(
            session.scalars(
                select(Contribution.consultation_id).where(Contribution.id.in_(contribution_ids))
            )
        )
    municipality_ids = sorted(i for i in changes["municipalities"] if i is not None)
    if municipality_ids:
        connection.execute(_RAISE_BY_MUNICIPALITY, {"now": now, "ids": municipality_ids})
    if len(ids) == 1:
        connection.execute(_RAISE_ONE, {"now": now, "consultation_id": next(iter(ids))})
    elif ids:
        connection.execute(_RAISE_BY_ID, {"now": now, "ids": sorted(ids)})


def _after_rollback(session: Session) -> None:
    """A real rollback undid what was noted: a refused request must not raise any version."""
    session.info.pop(_KEY, None)


def init_app() -> None:
    """Listen to the app's sessions (once per process)."""
    target = db.session
    if not event.contains(target, "after_flush", _after_flush):
        event.listen(target, "after_flush", _after_flush)
        event.listen(target, "do_orm_execute", _on_execute)
        event.listen(target, "before_commit", _before_commit)
        # Only a real rollback of the whole transaction (not of a savepoint) forgets the notes.
        event.listen(target, "after_rollback", _after_rollback)
