"""How long unconfirmed anonymous input is kept, and removing it once that time has passed.

An anonymous visitor's input waits with their e-mail address (Contribution.pending_email)
until they click the confirmation link; confirmation forgets the address. Input whose link
expired without a click never counted and is deleted, address and text together.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select

from dialogue.audit.services import SYSTEM_ACTOR, record
from dialogue.consultations.models import Consultation
from dialogue.contributions.models import Contribution
from dialogue.extensions import db
from dialogue.timeutil import utcnow

#: Days unconfirmed input is kept after its confirmation link expired (setting of that name).
DEFAULT_GRACE_DAYS = 7
GRACE_SETTING = "UNCONFIRMED_INPUT_GRACE_DAYS"


def unconfirmed_retention() -> timedelta:
    """Return how long unconfirmed input is kept: the link's lifetime plus the grace days."""
    link_lifetime = timedelta(seconds=current_app.config["EMAIL_TOKEN_MAX_AGE"])
    grace = timedelta(days=int(current_app.config.get(GRACE_SETTING, DEFAULT_GRACE_DAYS)))
    return link_lifetime + grace


def _unconfirmed_before(cutoff: datetime):
    return (
        Contribution.pending_email.is_not(None),
        Contribution.published_at.is_(None),
        Contribution.created_at < cutoff,
    )


def purge_unconfirmed(now: datetime | None = None) -> int:
    """Delete input never confirmed within unconfirmed_retention(); return how many rows went.

    Writes one audit event per municipality that lost rows; the caller commits.
    """
    cutoff = (now or utcnow()) - unconfirmed_retention()
    # RETURNING counts exactly the rows deleted, even if a link is clicked at this moment.
    consultation_ids = db.session.scalars(
        delete(Contribution)
        .where(*_unconfirmed_before(cutoff))
        .returning(Contribution.consultation_id),
        execution_options={"synchronize_session": False},
    ).all()
    if not consultation_ids:
        return 0
    db.session.expire_all()
    rows = db.session.execute(
        select(Consultation.id, Consultation.municipality_id).where(
            Consultation.id.in_(set(consultation_ids))
        )
    ).all()
    owners = {consultation_id: municipality_id for consultation_id, municipality_id in rows}
    per_municipality = Counter(owners[consultation_id] for consultation_id in consultation_ids)
    for municipality_id, count in sorted(per_municipality.items()):
        record(
            "contribution.purge_unconfirmed",
            municipality_id=municipality_id,
            actor=SYSTEM_ACTOR,
            details={"deleted": count, "created_before": cutoff.isoformat() + "Z"},
        )
    return len(consultation_ids)
