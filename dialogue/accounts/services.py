"""Account operations used by the pages, the CLI and the demo loader."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta

import pyotp
from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from dialogue.accounts import tokens
from dialogue.accounts.models import ApiToken, Role, User
from dialogue.accounts.tokens import make_token, password_fingerprint, read_token
from dialogue.extensions import db
from dialogue.mail import send_email
from dialogue.municipalities.models import Municipality
from dialogue.security import hash_password, verify_password
from dialogue.timeutil import utcnow


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


def create_api_token(user: User) -> str:
    """Create an API token for user and return it; only its hash is kept."""
    token = "kp_" + secrets.token_urlsafe(32)
    db.session.add(ApiToken(user=user, token_hash=hash_api_token(token), prefix=token[:10]))
    db.session.flush()
    return token


#: last_used_at is written at most this often per token, to spare writes under load.
API_TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)


#: Built once: the API looks a token up on every request (building the query cost more
#: than running it).
_TOKEN_LOOKUP = (
    select(ApiToken)
    .options(joinedload(ApiToken.user))
    .where(ApiToken.token_hash == bindparam("token_hash"), ApiToken.revoked_at.is_(None))
)


def user_for_api_token(token: str) -> User | None:
    """Return the active user a bearer token belongs to, or None."""
    row = db.session.scalar(_TOKEN_LOOKUP, {"token_hash": hash_api_token(token)})
    if row is None or not row.user.active:
        return None
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at >= API_TOKEN_TOUCH_INTERVAL:
        row.last_used_at = now
    return row.user


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
            login_url=url_for("accounts.login", _external=True),
            reset_url=url_for("accounts.reset_request", _external=True),
        )
        return None
    user = create_user(email, password, display_name=display_name)
    send_confirmation(user, next_url=next_url)
    return user


def send_confirmation(user: User, *, next_url: str | None = None) -> None:
    """Mail the user a signed link that confirms their e-mail address.

    next_url is the local page the resident came from; the link brings them back there.
    """
    data = {"user": user.id, "email": user.email}
    if next_url:
        data["next"] = next_url
    token = make_token(tokens.CONFIRM_EMAIL, data)
    send_email(
        user.email or "",
        _("Bevestig uw e-mailadres voor Kernpunt"),
        "account_confirm",
        user=user,
        confirm_url=url_for("accounts.confirm_email", token=token, _external=True),
        hours=current_app.config["EMAIL_TOKEN_MAX_AGE"] // 3600,
    )


@dataclass(frozen=True)
class Confirmation:
    """A confirmed address: whose, whether this link confirmed it, and where to go next."""

    user: User
    first_time: bool
    next_url: str | None


def confirm_email(token: str) -> Confirmation | None:
    """Mark the address in a valid confirmation token as confirmed; None if invalid."""
    data = read_token(tokens.CONFIRM_EMAIL, token)
    if not isinstance(data, dict):
        return None
    user = db.session.get(User, data.get("user"))
    if user is None or user.email != data.get("email"):
        return None
    first_time = user.email_confirmed_at is None
    if first_time:
        user.email_confirmed_at = utcnow()
    next_url = data.get("next")
    return Confirmation(user, first_time, next_url if isinstance(next_url, str) else None)


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
    token = make_token(
        tokens.RESET_PASSWORD,
        {"user": user.id, "fp": password_fingerprint(user.password_hash)},
    )
    send_email(
        user.email or "",
        _("Nieuw wachtwoord voor Kernpunt"),
        "account_reset",
        user=user,
        reset_url=url_for("accounts.reset_password", token=token, _external=True),
        hours=current_app.config["EMAIL_TOKEN_MAX_AGE"] // 3600,
    )


def user_for_reset_token(token: str) -> User | None:
    """Return the user of a valid reset token that has not been used yet."""
    data = read_token(tokens.RESET_PASSWORD, token)
    if not isinstance(data, dict):
        return None
    user = db.session.get(User, data.get("user"))
    if user is None or not user.active:
        return None
    # The fingerprint changes with the password, so a used link stops working.
    if data.get("fp") != password_fingerprint(user.password_hash):
        return None
    return user


def set_password(user: User, password: str) -> None:
    """Store a new password and end every session of the user."""
    user.password_hash = hash_password(password)
    user.end_all_sessions()


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
