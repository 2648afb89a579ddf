"""What happens at a wrong password or code: counted per account, logged, audited for officials."""

from __future__ import annotations

import logging
import math

from flask import current_app, request
from flask_babel import ngettext

from dialogue.accounts import throttle
from dialogue.accounts.models import User
from dialogue.audit.services import record

log = logging.getLogger(__name__)


def wait_message(seconds: int) -> str:
    """Tell the user how long to wait before the next attempt."""
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext(
        "U heeft te vaak iets verkeerd ingevuld. Probeer het over %(num)d minuut opnieuw.",
        "U heeft te vaak iets verkeerd ingevuld. Probeer het over %(num)d minuten opnieuw.",
        minutes,
    )


def note_failure(kind: str, identity: str, user: User | None) -> None:
    """Count, log and (for officials, at every OFFICIAL_FAILURE_AUDIT_EVERY-th) audit a failure.

    The log names the account by id (never the e-mail address) and the client's address.
    """
    failures = throttle.record_failure(kind, identity)
    who = f"user {user.id}" if user is not None else "an unknown address"
    log.warning(
        "failed %s for %s from %s (%d recent failures)",
        kind,
        who,
        request.remote_addr,
        failures,
    )
    every = int(current_app.config["OFFICIAL_FAILURE_AUDIT_EVERY"])
    if user is not None and user.needs_mfa and failures and failures % every == 0:
        record(
            "official.login_failures",
            user,
            details={"step": kind, "failures": failures, "ip": request.remote_addr},
        )
