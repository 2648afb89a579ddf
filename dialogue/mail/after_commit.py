"""Deliver the SMTP messages of a transaction once it has committed, never when it rolls back."""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from dialogue.extensions import db
from dialogue.mail.delivery import deliver_after_commit
from dialogue.mail.outbox import WRITTEN

#: Key in Session.info: ids of SMTP messages whose transaction committed, to deliver.
COMMITTED = "kernpunt_mail_committed"


@event.listens_for(db.session, "after_commit")
def _remember_committed_mail(session: Session) -> None:
    """At the outermost commit, the messages written in the transaction may be delivered."""
    if session.in_nested_transaction():
        return  # a savepoint: the outer transaction may still roll back
    written = session.info.pop(WRITTEN, None)
    if written:
        session.info.setdefault(COMMITTED, []).extend(written)


@event.listens_for(db.session, "after_transaction_end")
def _deliver_committed_mail(session: Session, transaction: SessionTransaction) -> None:
    """Once the outermost transaction has ended and released its connection, deliver."""
    if transaction.parent is not None:
        return
    session.info.pop(WRITTEN, None)  # rolled back or closed without commit: never sent
    committed = session.info.pop(COMMITTED, None)
    if committed:
        deliver_after_commit(committed)
