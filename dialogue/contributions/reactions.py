"""Reactions on published input: replies, support ("Ik steun dit") and reports."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from dialogue.accounts.models import User
from dialogue.consultations.models import ModerationMode
from dialogue.consultations.phases import not_yet_open_message
from dialogue.contributions.models import Contribution, ContributionStatus, Reply, Report, Support
from dialogue.contributions.screening import HOLD_PII
from dialogue.contributions.validation import (
    REPLY_MAX,
    REPLY_MIN,
    REPORT_REASON_MAX,
    ConsultationClosed,
    ContributionError,
    InvalidInput,
    validate_display_name,
    validate_text,
)
from dialogue.extensions import db
from dialogue.themes.enrichment import pii_spans_of
from dialogue.timeutil import utcnow

#: Hold reason for input hidden because several residents reported it.
HOLD_REPORTS = "reports"
#: Hold reason for replies with automatic flags (abusive words, shouting, repeats).
HOLD_FLAGGED = "flagged"
#: Hold reason for replies in a pre-moderated consultation.
HOLD_PRE_MODERATION = "pre_moderation"
#: A second identical reply by the same author within this time returns the first.
REPLY_DUPLICATE_WINDOW = timedelta(seconds=10)


class NotAllowed(ContributionError):
    """The action is not possible on this input (not public, own input, …)."""

    code = "not_allowed"


def _require_published(contribution: Contribution) -> None:
    if contribution.status != ContributionStatus.PUBLISHED:
        raise NotAllowed(_l("Deze inbreng is niet (meer) openbaar. U kunt er niet op reageren."))


def _require_open(contribution: Contribution) -> None:
    if not contribution.consultation.is_open:
        raise ConsultationClosed(not_yet_open_message(contribution.consultation))


def add_reply(
    contribution: Contribution, author: User, text: str, *, display_name: str | None = None
) -> Reply:
    """Add a reply to published input; a double submit returns the first.

    Replies with personal data, flagged replies (abusive words, shouting, repeats) and replies
    in a pre-moderated consultation wait for a moderator with their hold reason.
    """
    _require_published(contribution)
    _require_open(contribution)
    errors: dict[str, object] = {}
    cleaned = name = None
    try:
        cleaned = validate_text(text, min_len=REPLY_MIN, max_len=REPLY_MAX)
    except InvalidInput as error:
        errors.update(error.errors)
    try:
        name = validate_display_name(display_name)
    except InvalidInput as error:
        errors.update(error.errors)
    if errors:
        raise InvalidInput(errors)
    duplicate = db.session.scalars(
        select(Reply).where(
            Reply.contribution_id == contribution.id,
            Reply.author_id == author.id,
            Reply.text == cleaned,
            Reply.created_at >= utcnow() - REPLY_DUPLICATE_WINDOW,
        )
    ).first()
    if duplicate is not None:
        return duplicate
    reply = Reply(
        contribution_id=contribution.id,
        author_id=author.id,
        display_name=name,
        text=cleaned,
        pii_spans=pii_spans_of(cleaned) or None,
    )
    hold = reply_hold_reason(reply, contribution)
    reply.status = ContributionStatus.PENDING if hold else ContributionStatus.PUBLISHED
    reply.hold_reason = hold
    db.session.add(reply)
    db.session.flush()
    return reply


def reply_hold_reason(reply: Reply, contribution: Contribution) -> str | None:
    """Set the reply's automatic flags and return why it must wait (None: publish at once)."""
    from dialogue.moderation.flags import reply_flags

    flags = reply_flags(reply)
    reply.flags = flags or None
    if reply.pii_spans:
        return HOLD_PII
    if flags:
        return HOLD_FLAGGED
    if contribution.consultation.moderation_mode == ModerationMode.PRE:
        return HOLD_PRE_MODERATION
    return None


def has_supported(contribution: Contribution, user: User) -> bool:
    """Whether user already supports the contribution."""
    return _support_row_exists(contribution.id, user.id)


def add_support(contribution: Contribution, user: User) -> bool:
    """Support input once; return False when the user already did (also under concurrency)."""
    _require_published(contribution)
    _require_open(contribution)
    if contribution.author_id == user.id:
        raise NotAllowed(_l("U kunt uw eigen inbreng niet steunen."))
    if has_supported(contribution, user):
        return False
    try:
        with db.session.begin_nested():
            db.session.add(Support(contribution_id=contribution.id, user_id=user.id))
    except IntegrityError:
        # A parallel click of the same user inserted the row first: the unique key held.
        if _support_row_exists(contribution.id, user.id):
            return False
        raise
    return True


def _support_row_exists(contribution_id: int, user_id: int) -> bool:
    return (
        db.session.scalar(
            select(Support.id).where(
                Support.contribution_id == contribution_id, Support.user_id == user_id
            )
        )
        is not None
    )


def remove_support(contribution: Contribution, user: User) -> bool:
    """Withdraw support; return whether there was support to withdraw."""
    _require_open(contribution)
    support = db.session.scalars(
        select(Support).where(
            Support.contribution_id == contribution.id, Support.user_id == user.id
        )
    ).first()
    if support is None:
        return False
    db.session.delete(support)
    db.session.flush()
    return True


def open_reporters(target: Contribution | Reply) -> int:
    """Count the different residents whose reports on the input or reply are not yet resolved."""
    column = getattr(Report, target.kind.foreign_key)
    return db.session.scalar(
        select(func.count(func.distinct(Report.reporter_id))).where(
            column == target.id,
            Report.resolved_at.is_(None),
            Report.reporter_id.is_not(None),
        )
    )


#: What a resident is told who reports own text, or reports the same text twice.
REPORT_REFUSALS = {
    "contribution": (
        _l("U kunt uw eigen inbreng niet melden. U kunt hem wel intrekken."),
        _l("U heeft deze inbreng al gemeld. Een moderator bekijkt hem."),
    ),
    "reply": (
        _l("U kunt uw eigen reactie niet melden."),
        _l("U heeft deze reactie al gemeld. Een moderator bekijkt hem."),
    ),
}


def report(
    item: Contribution | Reply, reporter: User, reason: str, *, threshold: int | None = None
) -> Report:
    """Record a report on input or a reply; enough reports from different residents hide it."""
    if isinstance(item, Reply):
        if item.status != ContributionStatus.PUBLISHED:
            raise NotAllowed(_l("Deze reactie is niet (meer) openbaar."))
        _require_published(item.contribution)
    else:
        _require_published(item)
    own_text, already = REPORT_REFUSALS[item.kind.key]
    if item.author_id == reporter.id:
        raise NotAllowed(own_text)
    cleaned = validate_text(reason, min_len=3, max_len=REPORT_REASON_MAX, field="reason")
    stored = _store_report(item, reporter, cleaned, already)
    if threshold is None:
        threshold = current_app.config["REPORT_HIDE_THRESHOLD"]
    if open_reporters(item) >= threshold:
        hide_after_reports(item)
    return stored


#: The routes and tests name the kind they report.
report_contribution = report_reply = report


def _store_report(item: Contribution | Reply, reporter: User, reason: str, already: str) -> Report:
    """Store one resident's report on input or a reply (once; unique in the database)."""
    target = {item.kind.foreign_key: item.id}
    exists = db.session.scalar(
        select(Report.id).where(
            getattr(Report, item.kind.foreign_key) == item.id, Report.reporter_id == reporter.id
        )
    )
    if exists is not None:
        raise InvalidInput({"reason": already})
    stored = Report(reporter_id=reporter.id, reason=reason, **target)
    try:
        with db.session.begin_nested():
            db.session.add(stored)
    except IntegrityError:
        raise InvalidInput({"reason": already}) from None
    return stored


def hide_after_reports(item: Contribution | Reply) -> None:
    """Hide reported input or a reply until a moderator decides, and tell the author."""
    from dialogue.notifications import notify_author_of_status

    item.status = ContributionStatus.HIDDEN
    item.hold_reason = HOLD_REPORTS
    db.session.flush()
    notify_author_of_status(item)


def own_replies(user: User) -> list[Reply]:
    """Return the user's replies, newest first, with the input and consultation they belong to."""
    return list(
        db.session.scalars(
            select(Reply)
            .where(Reply.author_id == user.id)
            .options(joinedload(Reply.contribution).joinedload(Contribution.consultation))
            .order_by(Reply.id.desc())
        )
    )


def own_reply_ids(contribution: Contribution, user: User) -> set[int]:
    """Return the ids of the user's replies to the contribution (to tell a double submit)."""
    return set(
        db.session.scalars(
            select(Reply.id).where(
                Reply.contribution_id == contribution.id, Reply.author_id == user.id
            )
        )
    )
