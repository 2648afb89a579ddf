"""What needs attention, and managing the officials of a municipality (every change audited)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from dialogue.accounts.models import OFFICIAL_ROLES, Role, User
from dialogue.accounts.services import AccountError, create_user, revoke_api_tokens_of
from dialogue.accounts.tokens import password_fingerprint
from dialogue.audit.services import record
from dialogue.consultations.models import Consultation, ConsultationStatus
from dialogue.extensions import db
from dialogue.mail import send_email
from dialogue.mail.links import RESET_PASSWORD, issue_link_token
from dialogue.moderation.queue import queue_size
from dialogue.municipalities.models import Municipality
from dialogue.officials import cards
from dialogue.urls import absolute_url

#: Roles an admin may give to officials of their municipality.
ASSIGNABLE_ROLES = (Role.MODERATOR, Role.ANALYST, Role.ADMIN)


@dataclass
class Attention:
    """What needs an official's attention now; the rules are in `dialogue.officials.cards`."""

    queue_size: int
    oldest_waiting: datetime | None
    without_answer: list[Consultation]
    open_signals: int
    signals: int
    themes_waiting: list[cards.WaitingTheme]
    #: Consultations an analyst can open the themes, signals and exports of.
    consultations: list[Consultation]


def attention(municipality_id: int) -> Attention:
    """Collect the figures of the officials' home page."""
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
        queue_size=size,
        oldest_waiting=oldest,
        without_answer=cards.consultations_without_answer(municipality_id),
        open_signals=cards.open_signal_count(municipality_id),
        signals=cards.signal_count(municipality_id),
        themes_waiting=cards.themes_with_signal_without_answer(municipality_id),
        consultations=list(consultations),
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
        set_password_url=absolute_url("accounts.reset_password", token=token),
        reset_request_url=absolute_url("accounts.reset_request"),
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
    """Switch an official's account off, end all their sessions and revoke their API tokens."""
    user.active = False
    user.end_all_sessions()
    revoke_api_tokens_of(user)
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
