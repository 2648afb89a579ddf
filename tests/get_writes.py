"""Record every database write committed while a GET (or HEAD) request runs.

GET requests must not change anything: a link prefetcher, a crawler or a browser's preload
follows links without the user asking. tests/conftest.py fails a test when one of its GET
requests committed a write not listed in ALLOWED below.

What counts as a write: rows the session flushed (inserted, changed, deleted) and UPDATE,
DELETE or INSERT statements run through the session, in a transaction that was committed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask, has_request_context, request, request_started
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from dialogue.audit.models import AuditEvent

#: Marks the WSGI environ of a real request (test_request_context() sends no request_started).
_REAL_REQUEST = "kernpunt.tests.real_request"
#: Session.info key: what the current transaction wrote so far.
_WRITES = "kernpunt_tests_writes"

#: Writes a GET request may commit, and why. An audit event is named "AuditEvent:<action>".
ALLOWED = {
    # A refused request for another municipality's id answers 404 and logs the attempt
    # (dialogue.security.deny_access); the log must hold it whatever the method.
    "AuditEvent:access.denied": "a refused look at another municipality's data is logged",
    # Downloading the audit log is itself logged: reading the log is a privileged read.
    "AuditEvent:audit.export": "a download of the audit log is logged",
    # Starting a login through the municipality's identity provider is a link (GET); when it
    # cannot start (not set up, provider down) the refused login is logged like any other.
    "AuditEvent:official.sso_refused": "a refused login through the identity provider is logged",
    # Downloading input (CSV/JSON through the API or the workplace) is logged: it is a
    # privileged read of the residents' texts.
    "AuditEvent:export.request": "a download of the input is logged",
    # An API call notes when its token was last used (accounts.services.user_for_api_token),
    # at most once per API_TOKEN_TOUCH_INTERVAL, so that the owner sees unused tokens.
    "ApiToken": "the token's last use is noted, at most once per interval",
}
#: Endpoints that may write on GET whatever they write, and why.
ALLOWED_ENDPOINTS = {
    # OpenID Connect sends the browser back with a GET (authorization code flow): the callback
    # logs the official in (last login, session token, audit event) or logs the refusal.
    "sso.callback": "the identity provider's redirect back is a GET by protocol",
    # The first look at the setup page stores the pending (not yet enabled) TOTP secret that
    # its QR code shows: the code posted later is checked against it. Only when there is none
    # yet, so a repeat or a prefetch changes nothing. (An official with two-factor on but no
    # second factor in this session is logged out here; the login forms prevent that state.)
    "accounts.mfa_setup": "stores the pending TOTP secret its QR code shows, once",
    # API v1 builds a report file on demand: GET .../export.<fmt> logs the download, stores
    # the file cache row and, with a worker, queues its job (answering 202). A cache fill
    # that clients rely on; a POST to request and a GET to fetch would be the clean form
    # (API v2).
    "api.export": "API v1 builds the requested report file (cache row, job) on a GET",
}


@dataclass(frozen=True)
class GetWrite:
    """One commit during a GET request: the endpoint and what it wrote."""

    endpoint: str | None
    path: str
    writes: frozenset[str]

    def __str__(self) -> str:
        return f"GET {self.path} ({self.endpoint}) wrote {', '.join(sorted(self.writes))}"


#: Commits recorded since the last clear(); the autouse fixture reads and clears it.
recorded: list[GetWrite] = []


def _in_get_request() -> bool:
    return (
        has_request_context()
        and bool(request.environ.get(_REAL_REQUEST))
        and request.method in ("GET", "HEAD")
    )


def _mark_request(_sender: Flask, **_extra: object) -> None:
    request.environ[_REAL_REQUEST] = True


def _name(instance: object) -> str:
    if isinstance(instance, AuditEvent):
        return f"AuditEvent:{instance.action}"
    return type(instance).__name__


def _after_flush(session: Session, _context: Any) -> None:
    if not _in_get_request():
        return
    written = session.info.setdefault(_WRITES, set())
    for kind, instances in (("new", session.new), ("dirty", session.dirty)):
        written.update(_name(i) for i in instances if kind == "new" or session.is_modified(i))
    written.update(f"{_name(i)} (deleted)" for i in session.deleted)


def _orm_execute(state: ORMExecuteState) -> None:
    if not _in_get_request() or not (state.is_update or state.is_delete or state.is_insert):
        return
    table = getattr(state.statement, "table", None)
    state.session.info.setdefault(_WRITES, set()).add(f"{state.statement.__visit_name__} {table}")


def _after_commit(session: Session) -> None:
    written = session.info.pop(_WRITES, None)
    if written and _in_get_request():
        recorded.append(GetWrite(request.endpoint, request.path, frozenset(written)))


def _after_rollback(session: Session, _transaction: Any) -> None:
    session.info.pop(_WRITES, None)


def install() -> None:
    """Listen to every session and every app's requests (once per test run)."""
    if event.contains(Session, "after_commit", _after_commit):
        return
    request_started.connect(_mark_request)
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "do_orm_execute", _orm_execute)
    event.listen(Session, "after_commit", _after_commit)
    event.listen(Session, "after_soft_rollback", _after_rollback)


def forbidden(writes: list[GetWrite]) -> list[GetWrite]:
    """Return the recorded commits that wrote something not in ALLOWED."""
    return [
        write
        for write in writes
        if write.endpoint not in ALLOWED_ENDPOINTS and not write.writes <= ALLOWED.keys()
    ]
