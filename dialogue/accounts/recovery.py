"""One-time recovery codes for officials who lose the phone with their authenticator app."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy import delete, func, select, update

from dialogue.accounts.models import RecoveryCode, User
from dialogue.extensions import db
from dialogue.timeutil import utcnow

#: Codes given at enrolment (and when an official asks for new ones).
RECOVERY_CODE_COUNT = 10
#: Characters of a code: no 0/O, 1/I/L, so that a code copied from paper is read right.
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
#: 10 characters of 31: about 49 bits each.
_CODE_LENGTH = 10


def _normalise(code: str) -> str:
    return "".join(char for char in code.upper() if char.isalnum())


def _digest(user: User, code: str) -> str:
    return hashlib.sha256(f"{user.id}:{_normalise(code)}".encode()).hexdigest()


def _new_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(_CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with fresh ones and return them (shown once)."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_new_code() for _ in range(RECOVERY_CODE_COUNT)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_digest(user, c)) for c in codes)
    db.session.flush()
    return codes


def use_recovery_code(user: User, code: str) -> bool:
    """Accept an unused recovery code of the user once; a used or unknown code is refused."""
    if not 8 <= len(_normalise(code)) <= 20:
        return False
    digest = _digest(user, code)
    unused = db.session.scalars(
        select(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    )
    for row in unused:
        if hmac.compare_digest(row.code_hash, digest):
            # Compare-and-set: two logins with the same code at once cannot both use it.
            used = db.session.execute(
                update(RecoveryCode)
                .where(RecoveryCode.id == row.id, RecoveryCode.used_at.is_(None))
                .values(used_at=utcnow())
                .execution_options(synchronize_session=False)
            )
            return used.rowcount == 1
    return False


def remaining_recovery_codes(user: User) -> int:
    """Count the user's unused recovery codes."""
    return (
        db.session.scalar(
            select(func.count())
            .select_from(RecoveryCode)
            .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
        )
        or 0
    )
