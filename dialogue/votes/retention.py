"""Removing voters without an account who confirmed nothing and cast no vote in time.

Asking for a voting link (dialogue.votes.anonymous) makes an AnonymousVoter and a resident row
before the address is confirmed. A voter that cast no vote once the same time as for
unconfirmed anonymous input has passed (dialogue.contributions.retention), counted from the
last link mailed to it, holds nothing: both rows go. Voters with votes are kept.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, exists, select

from dialogue.accounts.models import User
from dialogue.audit.services import SYSTEM_ACTOR, record
from dialogue.contributions.retention import unconfirmed_retention
from dialogue.extensions import db
from dialogue.mail.links import MailLink
from dialogue.owndata.services import clear_references
from dialogue.timeutil import utcnow
from dialogue.votes.models import AnonymousVoter, Vote


def purge_voters_without_votes(now: datetime | None = None) -> int:
    """Delete anonymous voters without votes older than unconfirmed_retention(); return how many.

    A link mailed within the period (the visitor asked again) keeps the voter. Writes one
    audit event with the count; the caller commits.
    """
    cutoff = (now or utcnow()) - unconfirmed_retention()
    user_ids = db.session.scalars(
        select(AnonymousVoter.user_id).where(
            AnonymousVoter.created_at < cutoff,
            ~exists().where(Vote.user_id == AnonymousVoter.user_id),
            ~exists().where(
                MailLink.user_id == AnonymousVoter.user_id, MailLink.created_at >= cutoff
            ),
        )
    ).all()
    if not user_ids:
        return 0
    for user in db.session.scalars(select(User).where(User.id.in_(user_ids))):
        clear_references(user)
    db.session.execute(
        delete(User).where(User.id.in_(user_ids)).execution_options(synchronize_session=False)
    )
    db.session.expire_all()
    record(
        "vote.purge_voters_without_votes",
        actor=SYSTEM_ACTOR,
        details={"deleted": len(user_ids), "created_before": cutoff.isoformat() + "Z"},
    )
    return len(user_ids)
