"""A voter without an account sees, downloads and erases their own votes via a mailed link.

The visitor gives the address again; only if it belongs to a voter on the consultation is a
link mailed (purpose MANAGE_VOTES, bound to the voter's digest like the voting link), and the
answer on the page is the same either way. The link page lists the votes, offers them as JSON
(the own-data download's format for votes, with the text voted on) and erases them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from dialogue.accounts.models import User
from dialogue.consultations.models import Consultation
from dialogue.contributions.models import Contribution
from dialogue.contributions.validation import validate_email_address
from dialogue.extensions import db
from dialogue.mail.links import MANAGE_VOTES, issue_link_token
from dialogue.owndata.services import clear_references
from dialogue.votes.anonymous import find_voter, voter_for_token
from dialogue.votes.models import AnonymousVoter, Vote


def manage_link(consultation: Consultation, raw_email: str) -> tuple[str, str | None]:
    """Return (address, token) for the address's voter, or (address, None) when it has none.

    Raises InvalidInput for an address that is not valid. No commit.
    """
    email = validate_email_address(raw_email)
    voter = find_voter(consultation, email)
    if voter is None:
        return email, None
    token = issue_link_token(MANAGE_VOTES, bound_to=voter.email_digest, user_id=voter.user_id)
    return email, token


def voter_for_manage_token(token: str) -> tuple[AnonymousVoter | None, str]:
    """Return (voter, state) for a link to one's own votes: "ok", "expired" or "invalid"."""
    return voter_for_token(token, MANAGE_VOTES)


def own_votes(voter: AnonymousVoter) -> list[tuple[Vote, Contribution]]:
    """The voter's votes with the input voted on, oldest first."""
    rows = db.session.execute(
        select(Vote, Contribution)
        .join(Contribution, Contribution.id == Vote.contribution_id)
        .where(Vote.user_id == voter.user_id)
        .order_by(Vote.created_at, Vote.id)
    ).all()
    return [(vote, contribution) for vote, contribution in rows]


def votes_download(voter: AnonymousVoter) -> dict[str, Any]:
    """The voter's votes as JSON-ready data, in the own-data download's format for votes."""
    return {
        "consultation_id": voter.consultation_id,
        "votes": [
            {
                "contribution_id": vote.contribution_id,
                "text": contribution.public_text,
                "vote": vote.value.value,
                "created_at": vote.created_at.isoformat() + "Z",
                "updated_at": vote.updated_at.isoformat() + "Z",
            }
            for vote, contribution in own_votes(voter)
        ],
    }


def erase_votes(voter: AnonymousVoter) -> int:
    """Delete the voter's votes, the voter and its resident row; return how many votes went.

    The common ground is computed again on its next view (the vote state changes). No commit.
    """
    user_id = voter.user_id
    count = len(db.session.scalars(select(Vote.id).where(Vote.user_id == user_id)).all())
    user = db.session.get(User, user_id)
    db.session.execute(delete(Vote).where(Vote.user_id == user_id))
    db.session.execute(delete(AnonymousVoter).where(AnonymousVoter.id == voter.id))
    if user is not None:
        clear_references(user)
        db.session.execute(delete(User).where(User.id == user_id))
    db.session.expire_all()
    return count
