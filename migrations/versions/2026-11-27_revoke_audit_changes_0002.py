"""Revoke UPDATE, DELETE and TRUNCATE on the audit log from the application's role.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27

PostgreSQL only, and only when the setting AUDIT_APP_ROLE names the role the application
connects as (see docs/operations.md, "Audit log"); otherwise this does nothing.
"""

from alembic import op
from flask import current_app

from dialogue.audit.privileges import revoke_audit_changes

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    revoke_audit_changes(current_app.config.get("AUDIT_APP_ROLE"), op.get_bind())


def downgrade():
    # Privileges are given back by hand, on purpose: the log stays protected.
    pass
