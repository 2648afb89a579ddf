"""What authors do with their own input afterwards: edit (briefly) and withdraw."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from dialogue.accounts.models import User
from dialogue.contributions.models import Contribution, ContributionStatus, Reply
from dialogue.contributions.reactions import NotAllowed
from dialogue.contributions.services import (
    HOLD_UNCONFIRMED,
    apply_hold_or_publish,
    hold_reasons,
    resolve_kern,
)
from dialogue.contributions.validation import InvalidInput, validate_text
from dialogue.extensions import db
from dialogue.timeutil import utcnow

_EDITABLE = frozenset({ContributionStatus.PENDING, ContributionStatus.PUBLISHED})


def edit_deadline(contribution: Contribution) -> datetime:
    """Return the moment after which the author can no longer edit."""
    return contribution.created_at + timedelta(minutes=current_app.config["EDIT_WINDOW_MINUTES"])


def has_replies(contribution: Contribution) -> bool:
    """Whether anyone replied to the contribution."""
    count = db.session.scalar(
        select(func.count(Reply.id)).where(Reply.contribution_id == contribution.id)
    )
    return bool(count)


def can_edit(contribution: Contribution, user: User) -> bool:
    """Whether user may still edit: own input, in time, not withdrawn or decided, no replies."""
    return (
        contribution.author_id == user.id
        and contribution.status in _EDITABLE
        and contribution.hold_reason != HOLD_UNCONFIRMED
        and utcnow() <= edit_deadline(contribution)
        and not has_replies(contribution)
    )


def edit_contribution(
    contribution: Contribution, user: User, *, text: str, kern: object = None
) -> Contribution:
    """Replace the text (and kern) of own input, and screen it again."""
    if not can_edit(contribution, user):
        raise NotAllowed(
            _l(
                "U kunt deze inbreng niet meer wijzigen. Dat kan alleen in de eerste "
                "%(minutes)s minuten en zolang niemand heeft gereageerd.",
                minutes=current_app.config["EDIT_WINDOW_MINUTES"],
            )
        )
    errors: dict[str, object] = {}
    cleaned = found_kern = None
    try:
        cleaned = validate_text(text)
    except InvalidInput as error:
        errors.update(error.errors)
    try:
        found_kern = resolve_kern(contribution.consultation, kern)  # type: ignore[arg-type]
    except InvalidInput as error:
        errors.update(error.errors)
    if errors:
        raise InvalidInput(errors)
    first_published = contribution.published_at
    contribution.text = cleaned
    contribution.redacted_text = None
    contribution.kern = found_kern
    apply_hold_or_publish(contribution, hold_reasons(contribution, contribution.consultation))
    if contribution.status == ContributionStatus.PUBLISHED and first_published is not None:
        contribution.published_at = first_published
    db.session.flush()
    return contribution


def withdraw_contribution(contribution: Contribution, user: User) -> Contribution:
    """Withdraw own input: kept for the record, no longer public."""
    if contribution.author_id != user.id:
        raise NotAllowed(_l("Dit is niet uw inbreng."))
    if contribution.status == ContributionStatus.WITHDRAWN:
        return contribution
    contribution.status = ContributionStatus.WITHDRAWN
    db.session.flush()
    return contribution
