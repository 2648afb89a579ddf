"""Removing resident accounts whose e-mail address was never confirmed.

Registering stores an e-mail address, a name and a password hash before the address is
confirmed; such an account cannot log in, so it holds nothing else. Once the confirmation
link has expired and the same grace days as for unconfirmed anonymous input have passed
(dialogue.contributions.retention), counted from the last confirmation e-mail, the account
row goes. Nothing else is touched: not other people's e-mail, not input sent without an account
from the same address (a stranger may have registered with someone else's address).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, exists, select

from dialogue.accounts.models import Role, User
from dialogue.audit.services import SYSTEM_ACTOR, record
from dialogue.contributions.models import Contribution, Reply
from dialogue.contributions.retention import unconfirmed_retention
from dialogue.extensions import db
from dialogue.mail import OutboxMessage
from dialogue.owndata.services import clear_references
from dialogue.timeutil import utcnow


def purge_unconfirmed_accounts(now: datetime | None = None) -> int:
    """Delete resident accounts never confirmed within unconfirmed_retention(); return how many.

    Only registered accounts (with an address and a password) that wrote nothing and got no
    confirmation e-mail within the period: logging in again sends a new link, which restarts
    the period. Residents made without an address (the demo's, input from letters) and
    officials are never touched. Writes one audit event with the count (no addresses); the
    caller commits.
    """
    cutoff = (now or utcnow()) - unconfirmed_retention()
    recent_link = exists().where(
        OutboxMessage.recipient == User.email, OutboxMessage.created_at >= cutoff
    )
    accounts = db.session.scalars(
        select(User).where(
            User.role == Role.RESIDENT,
            User.email.is_not(None),
            User.password_hash.is_not(None),
            User.email_confirmed_at.is_(None),
            User.created_at < cutoff,
            ~recent_link,
            ~exists().where(Contribution.author_id == User.id),
            ~exists().where(Reply.author_id == User.id),
        )
    ).all()
    for account in accounts:
        clear_references(account)
    if accounts:
        db.session.execute(
            delete(User)
            .where(User.id.in_([account.id for account in accounts]))
            .execution_options(synchronize_session=False)
        )
        db.session.expire_all()
        record(
            "account.purge_unconfirmed",
            actor=SYSTEM_ACTOR,
            details={"deleted": len(accounts), "created_before": cutoff.isoformat() + "Z"},
        )
    return len(accounts)
