"""Posting, confirming, editing and withdrawing input. Services flush; the caller commits."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError

from dialogue.accounts.models import User
from dialogue.consultations.models import Consultation, ConsultationStatus, ModerationMode
from dialogue.consultations.phases import not_yet_open_message
from dialogue.contributions.insertion import insert_contribution
from dialogue.contributions.models import Channel, Contribution, ContributionStatus
from dialogue.contributions.prefetch import Prefetched, attach
from dialogue.contributions.screening import screen
from dialogue.contributions.validation import (
    TEXT_MAX,
    TEXT_MIN,
    ConsultationClosed,
    ContributionError,
    InvalidInput,
    RateLimited,
    validate_client_ref,
    validate_display_name,
    validate_email_address,
    validate_text,
)
from dialogue.extensions import db
from dialogue.mail import send_email
from dialogue.mail.links import CONFIRM_CONTRIBUTION, find_link, is_bound_to, issue_link_token
from dialogue.moderation.flags import found_nothing_earlier
from dialogue.municipalities.models import Kern
from dialogue.themes.analysis import assign_to_theme
from dialogue.timeutil import utcnow
from dialogue.urls import absolute_url

__all__ = [
    "HOLD_PRE_MODERATION",
    "HOLD_UNCONFIRMED",
    "ConsultationClosed",
    "ContributionError",
    "InvalidInput",
    "RateLimited",
    "confirm_anonymous_contribution",
    "confirmation_token",
    "contribution_for_token",
    "prepare_contribution",
    "resolve_kern",
    "send_confirmation",
    "store_contribution",
    "submit_contribution",
    "validate_text",
]

#: Anonymous input waits until its e-mail address is confirmed.
HOLD_UNCONFIRMED = "unconfirmed"
#: Input in a pre-moderated consultation waits for a moderator.
HOLD_PRE_MODERATION = "pre_moderation"
#: A second identical submit by the same author within this time returns the first.
DUPLICATE_WINDOW = timedelta(seconds=10)
#: Channels through which residents post themselves; the others are recorded by officials.
RESIDENT_CHANNELS = frozenset({Channel.WEB, Channel.API})


def resolve_kern(consultation: Consultation, kern: Kern | str | None) -> Kern | None:
    """Return the consultation's kern named or given by kern; raise InvalidInput if unknown."""
    if kern is None or (isinstance(kern, str) and not kern.strip()):
        return None
    allowed = list(consultation.kernen) or list(consultation.municipality.kernen)
    if isinstance(kern, Kern):
        if any(candidate.id == kern.id for candidate in allowed):
            return kern
    else:
        wanted = " ".join(kern.split()).casefold()
        for candidate in allowed:
            if candidate.name.casefold() == wanted:
                return candidate
    raise InvalidInput(
        {"kern": _l("Deze kern hoort niet bij deze raadpleging. Kies een kern uit de lijst.")}
    )


# Prebuilt statements: they run on every post, and building a statement cost several times
# more than running it.
_contributions = Contribution.__table__
_BY_CLIENT_REF = (
    select(Contribution)
    .where(
        Contribution.author_id == bindparam("author_id"),
        Contribution.client_ref == bindparam("client_ref"),
    )
    .order_by(Contribution.id)
    .limit(1)
)
_ANONYMOUS_BY_CLIENT_REF = (
    select(Contribution)
    .where(
        Contribution.author_id.is_(None),
        Contribution.consultation_id == bindparam("consultation_id"),
        Contribution.client_ref == bindparam("client_ref"),
    )
    .order_by(Contribution.id)
    .limit(1)
)
_SAME_TEXT_SINCE = [
    _contributions.c.text_fingerprint == bindparam("fingerprint"),
    _contributions.c.consultation_id == bindparam("consultation_id"),
    _contributions.c.text == bindparam("text"),
    _contributions.c.created_at >= bindparam("since"),
    _contributions.c.status != ContributionStatus.WITHDRAWN.value,
]
_RECENT_DUPLICATE_BY_AUTHOR = (
    select(_contributions.c.id)
    .where(_contributions.c.author_id == bindparam("author_id"), *_SAME_TEXT_SINCE)
    .order_by(_contributions.c.id)
    .limit(1)
)
_RECENT_DUPLICATE_BY_EMAIL = (
    select(_contributions.c.id)
    .where(
        _contributions.c.author_id.is_(None),
        _contributions.c.pending_email == bindparam("email"),
        *_SAME_TEXT_SINCE,
    )
    .order_by(_contributions.c.id)
    .limit(1)
)


def _existing_for_client_ref(
    consultation_id: int, author_id: int | None, client_ref: str
) -> Contribution | None:
    """Return the input already sent with client_ref by the author (anonymous: in this consultation)."""
    if author_id is None:
        return db.session.scalar(
            _ANONYMOUS_BY_CLIENT_REF,
            {"consultation_id": consultation_id, "client_ref": client_ref},
        )
    return db.session.scalar(_BY_CLIENT_REF, {"author_id": author_id, "client_ref": client_ref})


def _earlier_with_client_ref(
    consultation: Consultation, author: User | None, client_ref: str, facts: Prefetched | None
) -> Contribution | None:
    """The author's input sent before with client_ref: as read ahead, else looked up."""
    if facts is not None and author is not None and facts.answers_client_ref(author, client_ref):
        return db.session.get(Contribution, facts.earlier_id) if facts.earlier_id else None
    author_id = author.id if author is not None else None
    return _existing_for_client_ref(consultation.id, author_id, client_ref)


def _recent_duplicate(contribution: Contribution) -> Contribution | None:
    """Return the same author's identical input in the same consultation of the last seconds."""
    parameters = {
        "fingerprint": contribution.text_fingerprint,
        "consultation_id": contribution.consultation_id,
        "text": contribution.text,
        "since": utcnow() - DUPLICATE_WINDOW,
    }
    if contribution.author_id is not None:
        query, parameters["author_id"] = _RECENT_DUPLICATE_BY_AUTHOR, contribution.author_id
    elif contribution.pending_email is not None:
        query, parameters["email"] = _RECENT_DUPLICATE_BY_EMAIL, contribution.pending_email
    else:
        return None
    # Core on the session's connection: usually no row, so no ORM work at all.
    found = db.session.connection().execute(query, parameters).scalar()
    return db.session.get(Contribution, found) if found is not None else None


def _accepts_contributions(consultation: Consultation, channel: Channel) -> bool:
    if channel in RESIDENT_CHANNELS:
        return consultation.is_open
    # Officials may still record letters and meeting notes that arrived before closing.
    return consultation.status != ConsultationStatus.DRAFT


def hold_reasons(contribution: Contribution, consultation: Consultation) -> list[str]:
    """Screen the contribution and return every reason to hold it, most urgent first."""
    reasons = []
    if contribution.pending_email:
        reasons.append(HOLD_UNCONFIRMED)
    reasons.extend(screen(contribution))
    if consultation.moderation_mode == ModerationMode.PRE:
        reasons.append(HOLD_PRE_MODERATION)
    return reasons


def apply_hold_or_publish(contribution: Contribution, reasons: list[str]) -> None:
    """Publish the contribution (in the nearest theme), or keep it pending with the first reason."""
    if reasons:
        contribution.status = ContributionStatus.PENDING
        contribution.hold_reason = reasons[0]
        contribution.published_at = None
    else:
        contribution.status = ContributionStatus.PUBLISHED
        contribution.hold_reason = None
        contribution.published_at = utcnow()
        assign_to_theme(contribution)


def submit_contribution(consultation: Consultation, **fields: Any) -> Contribution:
    """Validate, screen and store input; return the existing row for a retry or double submit.

    Takes the keyword arguments of prepare_contribution(); the two steps in one call, for
    callers that do not separate reading from writing.
    """
    contribution, _created = store_contribution(prepare_contribution(consultation, **fields))
    return contribution


def _checked_fields(
    consultation: Consultation,
    errors: dict[str, object],
    *,
    text: str,
    kern: Kern | str | None,
    display_name: str | None,
    pending_email: str | None,
    email_needed: bool,
) -> tuple[str, Kern | None, str | None, str | None]:
    """Return the cleaned text, kern, name and e-mail address (None unless needed); raise
    InvalidInput with every problem found (added to errors)."""
    values: dict[str, Any] = {}
    checks = [
        ("text", lambda: validate_text(text, min_len=TEXT_MIN, max_len=TEXT_MAX)),
        ("kern", lambda: resolve_kern(consultation, kern)),
        ("display_name", lambda: validate_display_name(display_name)),
    ]
    if email_needed:
        checks.append(("email", lambda: validate_email_address(pending_email)))
    for field, check in checks:
        try:
            values[field] = check()
        except InvalidInput as error:
            errors.update(error.errors)
    if errors:
        raise InvalidInput(errors)
    return values["text"], values["kern"], values["display_name"], values.get("email")


def prepare_contribution(
    consultation: Consultation,
    *,
    text: str,
    author: User | None = None,
    kern: Kern | str | None = None,
    channel: Channel = Channel.WEB,
    client_ref: str | None = None,
    display_name: str | None = None,
    pending_email: str | None = None,
    received_at: datetime | None = None,
    prefetched: Prefetched | None = None,
) -> Contribution:
    """Validate and screen input without writing; store_contribution() stores the result.

    Returns a new contribution that is not in the session yet, or the stored one for a
    client_ref sent before. prefetched: answers read ahead for the client_ref lookup, the
    screening and the placement (dialogue/contributions/prefetch.py). Only reads, so on
    SQLite it can run before the write lock (see dialogue.db.reads_before_write_lock).
    """
    errors: dict[str, object] = {}
    try:
        client_ref = validate_client_ref(client_ref)
    except InvalidInput as error:
        errors.update(error.errors)
    if client_ref and not errors:
        existing = _earlier_with_client_ref(consultation, author, client_ref, prefetched)
        if existing is not None:
            return existing
    if not _accepts_contributions(consultation, channel):
        raise ConsultationClosed(not_yet_open_message(consultation))

    cleaned_text, found_kern, display, email = _checked_fields(
        consultation,
        errors,
        text=text,
        kern=kern,
        display_name=display_name,
        pending_email=pending_email,
        email_needed=pending_email is not None or (author is None and channel in RESIDENT_CHANNELS),
    )
    contribution = Contribution(
        # Ids, not relationships: attaching to the consultation would add the row to the session.
        consultation_id=consultation.id,
        author_id=author.id if author is not None else None,
        kern_id=found_kern.id if found_kern is not None else None,
        text=cleaned_text,
        display_name=display,
        channel=channel,
        client_ref=client_ref,
        pending_email=email,
        received_at=received_at,
    )
    attach(contribution, prefetched)
    apply_hold_or_publish(contribution, hold_reasons(contribution, consultation))
    return contribution


def _may_be_double_submit(contribution: Contribution) -> bool:
    """Whether to look for a double submit: not on PostgreSQL after the repeat check (same
    author, same words, any time: a superset) found nothing moments before, as there is no
    write lock there under which the lookup would see more. Always on SQLite, where the
    lookup under the write lock makes two identical requests at once store one row."""
    if db.session.get_bind().dialect.name != "postgresql":
        return True
    return not found_nothing_earlier(contribution)


def store_contribution(
    contribution: Contribution, *, alone: bool = False
) -> tuple[Contribution, bool]:
    """Add prepared input to the session; return (row, created).

    created is False when the row is an earlier one: the same client_ref sent before, the
    same text sent again within seconds (a double submit), or a concurrent retry that won
    the race. The double-submit check runs here, in the writing transaction, so two
    identical requests at the same moment still store one row (on SQLite); a repeated
    client_ref is caught by its unique constraint. The INSERT runs under a SAVEPOINT, so a
    lost race undoes nothing else. alone: the transaction holds nothing but this post and is
    committed next (the API); then there is no SAVEPOINT (a lost race rolls the whole
    session back instead, two round trips fewer per post) and on PostgreSQL the INSERT
    raises the public version itself (dialogue/contributions/insertion.py).
    """
    if contribution.id is not None:  # prepare_contribution found the client_ref's row
        return contribution, False
    duplicate = _recent_duplicate(contribution) if _may_be_double_submit(contribution) else None
    if duplicate is not None:
        return duplicate, False
    try:
        if alone:
            insert_contribution(db.session, contribution, alone=True)
        else:
            with db.session.begin_nested():
                insert_contribution(db.session, contribution)
    except IntegrityError:
        if alone:
            db.session.rollback()
        # A concurrent retry with the same client_ref won the race: return its row.
        if contribution.client_ref:
            existing = _existing_for_client_ref(
                contribution.consultation_id, contribution.author_id, contribution.client_ref
            )
            if existing is not None:
                return existing, False
        raise
    return contribution, True


def confirmation_token(contribution: Contribution) -> str:
    """Return the opaque token for the confirmation link of an anonymous contribution.

    The contribution must have its id (flushed). The link holds no address and no id.
    """
    return issue_link_token(
        CONFIRM_CONTRIBUTION,
        contribution_id=contribution.id,
        bound_to=contribution.pending_email or "",
    )


def send_confirmation(contribution: Contribution) -> None:
    """Mail the anonymous author the link that confirms (and publishes) their input."""
    send_email(
        contribution.pending_email,
        _("Bevestig uw inbreng"),
        "contribution_confirm",
        consultation=contribution.consultation,
        confirm_url=absolute_url("contributions.confirm", token=confirmation_token(contribution)),
        hours=current_app.config["EMAIL_TOKEN_MAX_AGE"] // 3600,
    )


def contribution_for_token(token: str) -> tuple[Contribution | None, str]:
    """Return (contribution, state) for a confirmation token; state is ok/confirmed/expired/invalid."""
    link, state = find_link(CONFIRM_CONTRIBUTION, token)
    if link is None or link.contribution_id is None:
        return None, state if state == "expired" else "invalid"
    contribution = db.session.get(Contribution, link.contribution_id)
    if contribution is None:
        return None, "invalid"
    if contribution.pending_email is None or contribution.hold_reason != HOLD_UNCONFIRMED:
        return contribution, "confirmed"
    if not is_bound_to(link, contribution.pending_email):
        return None, "invalid"
    return contribution, "ok"


def confirm_anonymous_contribution(contribution: Contribution) -> Contribution:
    """Count anonymous input once its address is confirmed: forget the address, screen it."""
    contribution.pending_email = None
    apply_hold_or_publish(contribution, hold_reasons(contribution, contribution.consultation))
    db.session.flush()
    return contribution
