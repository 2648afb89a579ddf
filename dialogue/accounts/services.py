"""Account operations used by the pages, the CLI and the demo loader."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import pyotp
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import joinedload

from dialogue.accounts.models import ApiToken, Role, User
from dialogue.accounts.tokens import password_fingerprint
from dialogue.extensions import db
from dialogue.mail import send_email
from dialogue.mail.links import (
    CONFIRM_EMAIL,
    RESET_PASSWORD,
    find_link,
    is_bound_to,
    issue_link_token,
)
from dialogue.municipalities.models import Municipality
from dialogue.security import hash_password, verify_password
from dialogue.timeutil import utcnow
from dialogue.urls import absolute_url


class AccountError(ValueError):
    """A request about an account that cannot be carried out, with a reason for the user."""


def normalise_email(email: str) -> str:
    """Return the e-mail address as stored: trimmed and lower case."""
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    """Return the user with this e-mail address, if any."""
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(
    email: str,
    password: str,
    *,
    display_name: str | None = None,
    role: Role = Role.RESIDENT,
    municipality: Municipality | None = None,
    confirmed: bool = False,
) -> User:
    """Create a user; officials must belong to a municipality."""
    if role in (Role.MODERATOR, Role.ANALYST, Role.ADMIN) and municipality is None:
        raise AccountError("officials need a municipality")
    email = normalise_email(email)
    if find_user_by_email(email) is not None:
        raise AccountError("e-mail address already in use")
    user = User(
        email=email,
        display_name=display_name or email.split("@")[0],
        password_hash=hash_password(password),
        role=role,
        municipality=municipality,
        email_confirmed_at=utcnow() if confirmed else None,
    )
    db.session.add(user)
    db.session.flush()
    return user


def hash_api_token(token: str) -> str:
    """Return the stored form of an API token."""
    return hashlib.sha256(token.encode()).hexdigest()


#: Days an API token works unless `flask tokens create --days` says otherwise.
API_TOKEN_DEFAULT_DAYS = 90


def create_api_token(user: User, *, days: int = API_TOKEN_DEFAULT_DAYS) -> str:
    """Create an API token for user and return it; only its hash is kept.

    An official's token carries their rights without a second factor at each use, so it is
    only given to officials who have set up two-factor authentication.
    """
    if days < 1:
        raise AccountError("a token must be valid for at least one day")
    if user.needs_mfa and not user.totp_enabled:
        raise AccountError("officials need two-factor authentication before an API token")
    token = "kp_" + secrets.token_urlsafe(32)
    now = utcnow()
    db.session.add(
        ApiToken(
            user=user,
            token_hash=hash_api_token(token),
            prefix=token[:10],
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
    )
    db.session.flush()
    return token


#: last_used_at is written at most this often per token, to spare writes under load.
API_TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)


#: Built once: the API looks a token up on every request (building the query cost more
#: than running it).
_TOKEN_LOOKUP = (
    select(ApiToken)
    .options(joinedload(ApiToken.user))
    .where(
        ApiToken.token_hash == bindparam("token_hash"),
        ApiToken.revoked_at.is_(None),
        ApiToken.expires_at > bindparam("now"),
    )
)


def user_for_api_token(token: str) -> User | None:
    """Return the active user a valid (unrevoked, unexpired) bearer token belongs to, or None."""
    now = utcnow()
    row = db.session.scalar(_TOKEN_LOOKUP, {"token_hash": hash_api_token(token), "now": now})
    return usable_token_user(row, now)


def usable_token_user(row: ApiToken | None, now: datetime) -> User | None:
    """Return the user of a token row found valid at now if they may use it; note the use."""
    if row is None or not row.user.active:
        return None
    if row.user.needs_mfa and not row.user.totp_enabled:
        return None  # two-factor was switched off after the token was made
    if row.last_used_at is None or now - row.last_used_at >= API_TOKEN_TOUCH_INTERVAL:
        row.last_used_at = now
    return row.user


def api_tokens_of(user: User) -> list[ApiToken]:
    """Return the user's tokens that still work, newest first."""
    return list(
        db.session.scalars(
            select(ApiToken)
            .where(
                ApiToken.user_id == user.id,
                ApiToken.revoked_at.is_(None),
                ApiToken.expires_at > utcnow(),
            )
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def own_api_token(user: User, token_id: int) -> ApiToken | None:
    """Return the user's token with this id (revoked or not), or None."""
    return db.session.scalar(
        select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user.id)
    )


def revoke_api_token(token: ApiToken) -> None:
    """Stop a token from working (kept as a record)."""
    if token.revoked_at is None:
        token.revoked_at = utcnow()


def revoke_api_tokens_of(user: User) -> int:
    """Revoke every token of user (password reset, account disabled); return how many."""
    result = db.session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


# --- Account flows used by the pages -------------------------------------------------


def register_resident(
    email: str, password: str, display_name: str, *, next_url: str | None = None
) -> User | None:
    """Create an unconfirmed resident and mail a confirmation link.

    For an address that already has an account, mail that account a notice instead and
    return None; the caller answers both cases in the same way, so the page does not
    reveal which addresses exist. Both paths hash the password once.
    """
    existing = find_user_by_email(email)
    if existing is not None:
        hash_password(password)  # same work as for a new account
        send_email(
            existing.email or normalise_email(email),
            _("U heeft al een account bij Kernpunt"),
            "account_exists",
            user=existing,
            login_url=absolute_url("accounts.login"),
            reset_url=absolute_url("accounts.reset_request"),
        )
        return None
    user = create_user(email, password, display_name=display_name)
    send_confirmation(user, next_url=next_url)
    return user


def send_confirmation(user: User, *, next_url: str | None = None) -> None:
    """Mail the user a link that confirms their e-mail address (an opaque token).

    next_url is the local page the resident came from; the link brings them back there.
    """
    token = issue_link_token(
        CONFIRM_EMAIL, user_id=user.id, bound_to=user.email or "", next_url=next_url
    )
    send_email(
        user.email or "",
        _("Bevestig uw e-mailadres voor Kernpunt"),
        "account_confirm",
        user=user,
        confirm_url=absolute_url("accounts.confirm_email", token=token),
        hours=current_app.config["EMAIL_TOKEN_MAX_AGE"] // 3600,
    )


@dataclass(frozen=True)
class Confirmation:
    """A confirmed address: whose, whether this link confirmed it, and where to go next."""

    user: User
    first_time: bool
    next_url: str | None


def confirmation_for_token(token: str) -> Confirmation | None:
    """Return whose address a valid confirmation token is for, changing nothing; else None.

    first_time says whether the address still waits for confirmation.
    """
    link, state = find_link(CONFIRM_EMAIL, token)
    if link is None or state != "ok" or link.user_id is None:
        return None
    user = db.session.get(User, link.user_id)
    # The address may have changed since: the link confirms only the one it was sent to.
    if user is None or not is_bound_to(link, user.email):
        return None
    return Confirmation(user, user.email_confirmed_at is None, link.next_url)


def confirm_email(token: str) -> Confirmation | None:
    """Mark the address in a valid confirmation token as confirmed; None if invalid."""
    confirmation = confirmation_for_token(token)
    if confirmation is not None and confirmation.first_time:
        confirmation.user.email_confirmed_at = utcnow()
    return confirmation


def authenticate(email: str, password: str) -> User | None:
    """Return the active user with this e-mail and password, or None (same work either way)."""
    user = find_user_by_email(email)
    valid = verify_password(user.password_hash if user else None, password)
    if not valid or user is None or not user.active:
        return None
    return user


def request_password_reset(email: str) -> None:
    """Mail a single-use reset link if the address has an account; otherwise do nothing."""
    user = find_user_by_email(email)
    if user is None or not user.active:
        return
    token = issue_link_token(
        RESET_PASSWORD, user_id=user.id, bound_to=password_fingerprint(user.password_hash)
    )
    send_email(
        user.email or "",
        _("Nieuw wachtwoord voor Kernpunt"),
        "account_reset",
        user=user,
        reset_url=absolute_url("accounts.reset_password", token=token),
        hours=current_app.config["EMAIL_TOKEN_MAX_AGE"] // 3600,
    )


def user_for_reset_token(token: str) -> User | None:
    """Return the user of a valid reset token that has not been used yet."""
    link, state = find_link(RESET_PASSWORD, token)
    if link is None or state != "ok" or link.user_id is None:
        return None
    user = db.session.get(User, link.user_id)
    if user is None or not user.active:
        return None
    # The fingerprint changes with the password, so a used link stops working.
    if not is_bound_to(link, password_fingerprint(user.password_hash)):
        return None
    return user


def set_password(user: User, password: str) -> None:
    """Store a new password; end every session and revoke every API token of the user."""
    user.password_hash = hash_password(password)
    user.end_all_sessions()
    revoke_api_tokens_of(user)


def new_totp_secret(user: User) -> str:
    """Give the user a fresh, not yet enabled, TOTP secret."""
    user.totp_secret = pyotp.random_base32()
    user.totp_enabled = False
    user.totp_last_step = None
    return user.totp_secret


def totp_uri(user: User) -> str:
    """Return the otpauth:// URI for authenticator apps."""
    return pyotp.TOTP(user.totp_secret or "").provisioning_uri(
        name=user.email or str(user.id), issuer_name="Kernpunt"
    )


def clock() -> float:
    """Return the current Unix time (a seam for tests of the TOTP time steps)."""
    return time.time()


def check_totp(user: User, code: str) -> bool:
    """Accept a current code once: a time step that was used before is refused."""
    if not user.totp_secret:
        return False
    code = code.strip().replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return False
    try:
        totp = pyotp.TOTP(user.totp_secret)
        totp.byte_secret()
    except ValueError:  # a malformed or too short secret never matches
        return False
    current_step = int(clock() // totp.interval)
    for offset in (-1, 0, 1):  # valid_window=1
        step = current_step + offset
        if hmac.compare_digest(totp.generate_otp(step), code):
            if user.totp_last_step is not None and step <= user.totp_last_step:
                return False
            user.totp_last_step = step
            return True
    return False


def enable_totp(user: User, code: str) -> bool:
    """Switch two-factor on if the code matches the new secret."""
    if not check_totp(user, code):
        return False
    user.totp_enabled = True
    return True
