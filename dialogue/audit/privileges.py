"""PostgreSQL only: take UPDATE and DELETE on the audit table away from the application role."""

from __future__ import annotations

from sqlalchemy.engine import Connection

AUDIT_TABLE = "audit_event"


def revoke_audit_changes(role: str | None, bind: Connection) -> bool:
    """REVOKE UPDATE, DELETE (and TRUNCATE) on audit_event from role; True when done.

    Does nothing (returns False) without a role or on another database than PostgreSQL.
    Called by a migration with the setting AUDIT_APP_ROLE; see docs/operations.md.
    """
    if not role or bind.dialect.name != "postgresql":
        return False
    quoted = bind.dialect.identifier_preparer.quote_identifier(role)
    bind.exec_driver_sql(f"REVOKE UPDATE, DELETE, TRUNCATE ON {AUDIT_TABLE} FROM {quoted}")
    return True
