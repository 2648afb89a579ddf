"""Municipality logos in the database (set by the platform admin).

Revision ID: ops2_logo
Revises: 0007_surge
Create Date: 2026-12-04

Adds the table municipality_logo: one PNG or JPEG (at most 200 kB) per municipality, kept in
the database so that the PostgreSQL backup holds it.
"""

import sqlalchemy as sa
from alembic import op

revision = "ops2_logo"
down_revision = "0007_surge"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "municipality_logo",
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("content_type", sa.String(length=20), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipality.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("municipality_id"),
    )


def downgrade() -> None:
    op.drop_table("municipality_logo")
