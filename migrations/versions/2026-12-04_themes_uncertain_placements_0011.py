"""Input placed with low confidence waits on the "Onzeker" list: its suggested theme and confidence.

Revision ID: 0011_themes
Revises: 0007_sec_pii
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_themes"
down_revision = "0007_sec_pii"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("contribution") as batch_op:
        batch_op.add_column(sa.Column("suggested_theme_key", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("theme_confidence", sa.Float(), nullable=True))


def downgrade():
    with op.batch_alter_table("contribution") as batch_op:
        batch_op.drop_column("theme_confidence")
        batch_op.drop_column("suggested_theme_key")
