"""Replies with personal data are held for a moderator, who may publish them redacted.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("reply") as batch_op:
        batch_op.add_column(sa.Column("redacted_text", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("pii_spans", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("reply") as batch_op:
        batch_op.drop_column("pii_spans")
        batch_op.drop_column("redacted_text")
