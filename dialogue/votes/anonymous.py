"""Voting without an account, with a confirmed e-mail address, as anonymous input is given.

The visitor leaves an address; a link is mailed (dialogue/mail/links.py, bound to the
address). Following it confirms the voter, and this browser session may then vote on the
consultation's input. The address itself is never stored: the voter is found again by a
keyed digest of the consultation and the address (models.AnonymousVoter), so a second link
to the same address leads to the same votes.
"""

from __future__ import annotations

from flask import session
from sqlalchemy import select

from dialogue.accounts.models import Role, User
from dialogue.consultations.models import Consultation
from dialogue.contributions.validation import validate_email_address
from dialogue.extensions import db
from dialogue.mail.links import (
    CONFIRM_VOTING,
    find_link,
    is_bound_to,
    issue_link_token,
    keyed_digest,
)
from dialogue.timeutil import utcnow
from dialogue.votes.models import AnonymousVoter

#: Session key: the anonymous voter ids this browser confirmed, by consultation id.
SESSION_KEY = "anonymous_voters"
#: Name of every anonymous voter (never shown with a vote).
VOTER_NAME = "Anonieme stemmer"


def _identity(consultation: Consultation, email: str) -> str:
    return keyed_digest(f"{consultation.id}:{email}")


def voting_link_token(consultation: Consultation, raw_email: str) -> tuple[str, str]:
    """Find or make the voter for the address and return (address, link token); no commit.

    Raises InvalidInput for an address that is not valid.
    """
    email = validate_email_address(raw_email)
    identity = _identity(consultation, email)
    voter = find_voter(consultation, email)
    if voter is None:
        user = User(display_name=VOTER_NAME, role=Role.RESIDENT)
        db.session.add(user)
        db.session.flush()
        voter = AnonymousVoter(
            consultation_id=consultation.id, email_digest=identity, user_id=user.id
        )
        db.session.add(voter)
        db.session.flush()
    # Bound to the digest: the link works only while it still names this voter.
    token = issue_link_token(CONFIRM_VOTING, bound_to=identity, user_id=voter.user_id)
    return email, token


def find_voter(consultation: Consultation, email: str) -> AnonymousVoter | None:
    """The voter of a valid address on the consultation, if that address asked for a link."""
    return db.session.scalar(
        select(AnonymousVoter).where(
            AnonymousVoter.consultation_id == consultation.id,
            AnonymousVoter.email_digest == _identity(consultation, email),
        )
    )


def voter_for_token(token: str, purpose: str = CONFIRM_VOTING) -> tuple[AnonymousVoter | None, str]:
    """Return (voter, state) for a link token; state is "ok", "expired" or "invalid"."""
    link, state = find_link(purpose, token)
    if link is None or link.user_id is None:
        return None, state if state == "expired" else "invalid"
    voter = db.session.scalar(select(AnonymousVoter).where(AnonymousVoter.user_id == link.user_id))
    if voter is None or not is_bound_to(link, voter.email_digest):
        return None, "invalid"
    return voter, "ok"


def confirm_voter(voter: AnonymousVoter) -> User:
    """Mark the voter's address confirmed and let this browser session vote for them."""
    user = db.session.get(User, voter.user_id)
    if user is None:  # the user row and the voter are deleted together
        raise LookupError(f"anonymous voter {voter.id} has no user row")
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
    confirmed = dict(session.get(SESSION_KEY, {}))
    confirmed[str(voter.consultation_id)] = user.id
    session[SESSION_KEY] = confirmed
    return user


def session_voter(consultation: Consultation) -> User | None:
    """The anonymous voter this browser confirmed for the consultation, if any."""
    user_id = session.get(SESSION_KEY, {}).get(str(consultation.id))
    if not isinstance(user_id, int):
        return None
    voter = db.session.scalar(
        select(AnonymousVoter).where(
            AnonymousVoter.user_id == user_id, AnonymousVoter.consultation_id == consultation.id
        )
    )
    return db.session.get(User, user_id) if voter is not None else None
