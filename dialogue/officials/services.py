"""What needs attention, and managing the officials of a municipality (every change audited)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, func, select

from dialogue.accounts.models import OFFICIAL_ROLES, Role, User
from dialogue.accounts.services import AccountError, create_user
from dialogue.accounts.tokens import password_fingerprint
from dialogue.audit.services import record
from dialogue.consultations.models import Consultation, ConsultationStatus, OfficialResponse
from dialogue.extensions import db
from dialogue.mail import send_email
from dialogue.mail_links import RESET_PASSWORD, issue_link_token
from dialogue.moderation.services import queue_size
from dialogue.municipalities.models import Municipality

#: Roles an admin may give to officials of their municipality.
ASSIGNABLE_ROLES = (Role.MODERATOR, Role.ANALYST, Role.ADMIN)


@dataclass
class Attention:
    """What needs an official's attention now."""

    queue_size: int
    oldest_waiting: datetime | None
    unanswered: list[Consultation]
    new_signals: int | None
    #: Themes with rising discontent and no answer yet: (theme, consultation, first signal).
    discontent_waiting: list = None  # type: ignore[assignment]
    #: Consultations an analyst can open the themes, signals and exports of.
    consultations: list = None  # type: ignore[assignment]


def unanswered_consultations(municipality_id: int) -> list[Consultation]:
    """Return open and closed consultations without an answer on the whole consultation."""
    answered = exists().where(
        and_(
            OfficialResponse.consultation_id == Consultation.id,
            OfficialResponse.contribution_id.is_(None),
            OfficialResponse.theme_key.is_(None),
        )
    )
    return list(
        db.session.scalars(
            select(Consultation)
            .where(
                Consultation.municipality_id == municipality_id,
                Consultation.status != ConsultationStatus.DRAFT,
                ~answered,
            )
            .order_by(Consultation.closes_at.is_(None), Consultation.closes_at, Consultation.id)
        )
    )


def new_signal_count(municipality_id: int) -> int | None:
    """Return the number of new signals, or None while signals are not part of the app."""
    try:
        from dialogue.signals.models import Signal, SignalStatus
    except ImportError:  # pragma: no cover - signals arrive with their own issue
        return None
    return db.session.scalar(
        select(func.count(Signal.id)).where(
            Signal.municipality_id == municipality_id, Signal.status == SignalStatus.NEW
        )
    )


def attention(municipality_id: int) -> Attention:
    """Collect the figures of the officials' home page."""
    from dialogue.signals.services import unanswered_discontent

    size, oldest = queue_size(municipality_id)
    consultations = db.session.scalars(
        select(Consultation)
        .where(
            Consultation.municipality_id == municipality_id,
            Consultation.status != ConsultationStatus.DRAFT,
        )
        .order_by(Consultation.status.desc(), Consultation.title)
    ).all()
    return Attention(
        size,
        oldest,
        unanswered_consultations(municipality_id),
        new_signal_count(municipality_id),
        unanswered_discontent(municipality_id),
        list(consultations),
    )


def officials_of(municipality_id: int) -> list[User]:
    """Return the officials of a municipality, active ones first."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.municipality_id == municipality_id, User.role.in_(OFFICIAL_ROLES))
            .order_by(User.active.desc(), User.display_name)
        )
    )


def invite_official(
    municipality: Municipality, *, email: str, display_name: str, role: Role
) -> User:
    """Create an official with an unusable password and e-mail them how to set one (audited)."""
    if role not in ASSIGNABLE_ROLES:
        raise AccountError("role not assignable")
    user = create_user(
        email,
        secrets.token_urlsafe(32),
        display_name=display_name,
        role=role,
        municipality=municipality,
        confirmed=True,
    )
    record("official.invite", user, details={"role": role.value})
    token = issue_link_token(
        RESET_PASSWORD, user_id=user.id, bound_to=password_fingerprint(user.password_hash)
    )
    send_email(
        user.email,
        _("U bent uitgenodigd voor Kernpunt"),
        "official_invite",
        user=user,
        municipality=municipality,
        role_name=role_name(role),
        set_password_url=url_for("accounts.reset_password", token=token, _external=True),
        reset_request_url=url_for("accounts.reset_request", _external=True),
    )
    return user


def change_role(user: User, role: Role) -> None:
    """Give an official another role (audited); the new rights apply at the next request."""
    if role not in ASSIGNABLE_ROLES:
        raise AccountError("role not assignable")
    old = user.role
    user.role = role
    db.session.flush()
    record("official.role_change", user, details={"old": old.value, "new": role.value})


def disable_official(user: User) -> None:
    """Switch an official's account off and end all their sessions (audited)."""
    user.active = False
    user.end_all_sessions()
    db.session.flush()
    record("official.disable", user)


def enable_official(user: User) -> None:
    """Switch an official's account back on (audited)."""
    user.active = True
    db.session.flush()
    record("official.enable", user)


ROLE_NAMES = {
    Role.MODERATOR: _l("moderator"),
    Role.ANALYST: _l("analist"),
    Role.ADMIN: _l("beheerder"),
}


def role_name(role: Role) -> str:
    """Return the Dutch name of an official's role."""
    return str(ROLE_NAMES.get(role, str(role)))
