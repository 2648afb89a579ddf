"""Everything the platform holds about a user: as a download, and erased on request."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, select, update

from dialogue.accounts.models import ApiToken, User
from dialogue.answers.models import OfficialResponse
from dialogue.audit.models import AuditEvent
from dialogue.contributions.models import Contribution, Reply, Report, Support
from dialogue.extensions import db
from dialogue.mail import OutboxMessage
from dialogue.timeutil import utcnow
from dialogue.votes.models import Vote

#: What replaces an erased e-mail address or name inside texts.
ERASED = "[verwijderd]"


def _json_ready(value: Any) -> Any:
    """Return value with every datetime (UTC) written as an ISO 8601 string with Z."""
    if isinstance(value, datetime):
        return value.isoformat() + "Z"
    if isinstance(value, dict):
        return {key: _json_ready(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_ready(item) for item in value]
    return value


def _theme_labels(contributions: list[Contribution]) -> dict[tuple[int, str], str]:
    """Return the theme labels of the contributions, by (consultation id, theme key)."""
    from dialogue.themes.models import Theme

    keys = {c.theme_key for c in contributions if c.theme_key}
    if not keys:
        return {}
    rows = db.session.execute(
        select(Theme.consultation_id, Theme.key, Theme.label).where(
            Theme.consultation_id.in_({c.consultation_id for c in contributions}),
            Theme.key.in_(keys),
        )
    )
    return {(consultation_id, key): label for consultation_id, key, label in rows}


def _contribution(c: Contribution, themes: dict[tuple[int, str], str]) -> dict[str, Any]:
    return {
        "id": c.id,
        "consultation": {"id": c.consultation_id, "title": c.consultation.title},
        "text": c.text,
        "published_text": c.redacted_text,
        "kern": c.kern.name if c.kern else None,
        "display_name": c.display_name,
        "channel": c.channel.value,
        "status": c.status.value,
        "hold_reason": c.hold_reason,
        "moderator_reason": c.status_reason,
        "client_ref": c.client_ref,
        # In the order they happen: sent, published, last changed.
        "created_at": c.created_at,
        "published_at": c.published_at,
        "updated_at": c.updated_at,
        "language": c.language,
        "discontent": c.discontent,
        "negative": c.negative,
        "personal_data_found": c.pii_spans,
        "flags": c.flags,
        "theme": themes.get((c.consultation_id, c.theme_key)) if c.theme_key else None,
    }


def export_user_data(user: User) -> dict[str, Any]:
    """Return everything about user as JSON-ready data (AVG article 15 and 20)."""
    return _json_ready(collect_user_data(user))


def _rows(model: Any, owner: Any, value: object, *order: Any) -> list[Any]:
    """Return the rows of model whose owner column is value, in order."""
    return list(db.session.scalars(select(model).where(owner == value).order_by(*order)))


def _account(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "email": user.email,
        "display_name": user.display_name,
        "role": user.role.value,
        "municipality": user.municipality.name if user.municipality else None,
        "email_confirmed_at": user.email_confirmed_at,
        "two_factor_enabled": user.totp_enabled,
        "notify_by_email": user.notify_by_email,
        "language": user.locale,
        "created_at": user.created_at,
        "last_login_at": user.last_login_at,
    }


def _reply(r: Reply) -> dict[str, Any]:
    return {
        "id": r.id,
        "contribution_id": r.contribution_id,
        "text": r.text,
        "published_text": r.redacted_text,
        "display_name": r.display_name,
        "status": r.status.value,
        "created_at": r.created_at,
    }


def _vote(v: Vote) -> dict[str, Any]:
    return {
        "contribution_id": v.contribution_id,
        "vote": v.value.value,
        "created_at": v.created_at,
        "updated_at": v.updated_at,
    }


def _report(r: Report) -> dict[str, Any]:
    return {
        "contribution_id": r.contribution_id,
        "reply_id": r.reply_id,
        "reason": r.reason,
        "created_at": r.created_at,
        "resolved_at": r.resolved_at,
    }


def _token(t: ApiToken) -> dict[str, Any]:
    return {
        "prefix": t.prefix,
        "created_at": t.created_at,
        "last_used_at": t.last_used_at,
        "revoked_at": t.revoked_at,
    }


def _action(e: AuditEvent) -> dict[str, Any]:
    return {
        "action": e.action,
        "target": f"{e.target_type}:{e.target_id}" if e.target_type else None,
        "reason": e.reason,
        "created_at": e.created_at,
    }


def collect_user_data(user: User) -> dict[str, Any]:
    """Return everything the platform holds about user (times as datetimes, UTC).

    The download is this data as JSON; the overview page shows the same data in words.
    """
    contributions = _rows(
        Contribution, Contribution.author_id, user.id, Contribution.created_at, Contribution.id
    )
    themes = _theme_labels(contributions)
    replies = _rows(Reply, Reply.author_id, user.id, Reply.created_at, Reply.id)
    supports = _rows(Support, Support.user_id, user.id, Support.created_at, Support.id)
    votes = _rows(Vote, Vote.user_id, user.id, Vote.created_at, Vote.id)
    reports = _rows(Report, Report.reporter_id, user.id, Report.created_at, Report.id)
    mails = (
        _rows(
            OutboxMessage,
            OutboxMessage.recipient,
            user.email,
            OutboxMessage.created_at,
            OutboxMessage.id,
        )
        if user.email
        else []
    )
    tokens = _rows(ApiToken, ApiToken.user_id, user.id, ApiToken.created_at)
    answers = _rows(
        OfficialResponse, OfficialResponse.author_id, user.id, OfficialResponse.created_at
    )
    actions = _rows(AuditEvent, AuditEvent.actor_id, user.id, AuditEvent.created_at, AuditEvent.id)
    return {
        "exported_at": utcnow(),
        "account": _account(user),
        "contributions": [_contribution(c, themes) for c in contributions],
        "replies": [_reply(r) for r in replies],
        "supports": [
            {"contribution_id": s.contribution_id, "created_at": s.created_at} for s in supports
        ],
        "votes": [_vote(v) for v in votes],
        "reports": [_report(r) for r in reports],
        "emails": [
            {"subject": m.subject, "body": m.body, "created_at": m.created_at} for m in mails
        ],
        "api_tokens": [_token(t) for t in tokens],
        "official_answers": [
            {
                "id": a.id,
                "consultation_id": a.consultation_id,
                "text": a.text,
                "created_at": a.created_at,
            }
            for a in answers
        ],
        "official_actions": [_action(e) for e in actions],
    }


def _erase_in(text: str | None, patterns: list[re.Pattern[str]]) -> str | None:
    if text is None:
        return None
    for pattern in patterns:
        text = pattern.sub(ERASED, text)
    return text


def _identity_patterns(user: User) -> list[re.Pattern[str]]:
    patterns = []
    if user.email:
        patterns.append(re.compile(re.escape(user.email), re.IGNORECASE))
    if user.display_name and len(user.display_name.strip()) >= 2:
        name = re.escape(user.display_name.strip())
        # Not inside a web or e-mail address: a name such as "https" must not break links.
        patterns.append(re.compile(rf"(?<![\w/:@.]){name}(?![\w/:@])", re.IGNORECASE))
    return patterns


def clear_references(user: User) -> None:
    """Set every nullable reference to the user to NULL; delete rows that cannot live without."""
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if not any(fk.column.table.name == "user" for fk in column.foreign_keys):
                continue
            if table.name == "user":
                continue
            if column.nullable:
                db.session.execute(
                    update(table).where(column == user.id).values({column.name: None})
                )
            else:
                db.session.execute(delete(table).where(column == user.id))


def delete_account(user: User, *, keep_content: bool = True) -> None:
    """Erase the account in the caller's transaction: content anonymised (or deleted), mail gone."""
    session = db.session
    patterns = _identity_patterns(user)
    contributions = list(
        session.scalars(select(Contribution).where(Contribution.author_id == user.id))
    )
    replies = list(session.scalars(select(Reply).where(Reply.author_id == user.id)))
    if keep_content:
        for contribution in contributions:
            contribution.display_name = None
            contribution.pending_email = None
            contribution.client_ref = None
            contribution.text = _erase_in(contribution.text, patterns)
            contribution.redacted_text = _erase_in(contribution.redacted_text, patterns)
        for reply in replies:
            reply.display_name = None
            reply.text = _erase_in(reply.text, patterns)
            reply.redacted_text = _erase_in(reply.redacted_text, patterns)
        session.flush()
    else:
        for reply in replies:
            session.delete(reply)
        for contribution in contributions:
            session.delete(contribution)
        session.execute(delete(Report).where(Report.reporter_id == user.id))
        session.flush()
    if user.email:
        # Unconfirmed anonymous input sent with this address never counted: it goes entirely.
        for unconfirmed in session.scalars(
            select(Contribution).where(Contribution.pending_email == user.email)
        ):
            session.delete(unconfirmed)
        # The user's own mail goes entirely, name and all. Other people's mail is only touched
        # where it holds this address: erasing the name there would change every message that
        # happens to contain the same word (a resident named "Kernpunt").
        session.execute(
            delete(OutboxMessage).where(
                or_(
                    OutboxMessage.recipient == user.email,
                    OutboxMessage.body.contains(user.email, autoescape=True),
                )
            )
        )
    session.flush()
    clear_references(user)
    # The bulk updates above bypassed the identity map: reload what is still needed.
    session.expire_all()
    session.delete(user)
    session.flush()
