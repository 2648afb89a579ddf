"""Signals over a whole consultation keep the kernen where they rose most.

Revision ID: signal_main_kernen
Revises: names_kern
Create Date: 2026-12-07

The signals list showed "hele raadpleging" beside an explanation saying "vooral in Holtum";
the column lets it say "alle kernen, vooral Holtum". Signals saved before stay without it
until the next detection run updates them.
"""

import sqlalchemy as sa
from alembic import op

revision = "signal_main_kernen"
down_revision = "names_kern"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("signal") as batch:
        batch.add_column(sa.Column("main_kernen", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("signal") as batch:
        batch.drop_column("main_kernen")
