"""The public version of a consultation (the cached public page is keyed by it), and an index
in the order of the public page.

Revision ID: 0007_surge
Revises: 0011_themes
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_surge"
down_revision = "0011_themes"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("consultation") as batch_op:
        batch_op.add_column(
            sa.Column("public_version", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("public_changed_at", sa.DateTime(), nullable=True))
    op.create_index(
        "ix_contribution_consultation_status_published",
        "contribution",
        ["consultation_id", "status", "published_at", "id"],
    )


def downgrade():
    op.drop_index("ix_contribution_consultation_status_published", table_name="contribution")
    with op.batch_alter_table("consultation") as batch_op:
        batch_op.drop_column("public_changed_at")
        batch_op.drop_column("public_version")
