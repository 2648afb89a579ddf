"""Signals: dismissal quiets a series for a while; analysts may ask for a weekly digest.

Revision ID: 0007_signals
Revises: sw0008
Create Date: 2026-12-04

Adds signal.quiet_until (the day up to which a dismissed signal quiets its theme, kern and
kind) and the table signal_digest (analysts who asked for the Monday e-mail).
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_signals"
down_revision = "sw0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("signal") as batch:
        batch.add_column(sa.Column("quiet_until", sa.Date(), nullable=True))
    op.create_table(
        "signal_digest",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("last_sent_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id"),
    )


def downgrade() -> None:
    op.drop_table("signal_digest")
    with op.batch_alter_table("signal") as batch:
        batch.drop_column("quiet_until")
