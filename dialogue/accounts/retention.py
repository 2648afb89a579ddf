"""Removing resident accounts whose e-mail address was never confirmed.

Registering stores an e-mail address, a name and a password hash before the address is
confirmed; such an account cannot log in. Once the confirmation link has expired and the same
grace days as for unconfirmed anonymous input have passed (dialogue.contributions.retention),
the account is erased the way a resident erases their own (dialogue.owndata.services).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from dialogue.accounts.models import Role, User
from dialogue.audit.services import SYSTEM_ACTOR, record
from dialogue.contributions.retention import unconfirmed_retention
from dialogue.extensions import db
from dialogue.owndata.services import delete_account
from dialogue.timeutil import utcnow


def purge_unconfirmed_accounts(now: datetime | None = None) -> int:
    """Erase resident accounts never confirmed within unconfirmed_retention(); return how many.

    Officials are created confirmed by an admin or on the command line and are never touched.
    Writes one audit event with the count (no addresses); the caller commits.
    """
    cutoff = (now or utcnow()) - unconfirmed_retention()
    accounts = db.session.scalars(
        select(User).where(
            User.role == Role.RESIDENT,
            User.email_confirmed_at.is_(None),
            User.created_at < cutoff,
        )
    ).all()
    for account in accounts:
        delete_account(account, keep_content=False)
    if accounts:
        record(
            "account.purge_unconfirmed",
            actor=SYSTEM_ACTOR,
            details={"deleted": len(accounts), "created_before": cutoff.isoformat() + "Z"},
        )
    return len(accounts)
