"""Every municipality has its moderation reasons: the defaults for those that have none yet.

Pages used to make the defaults on first read; a new municipality now gets them when it is
made, and this gives them to municipalities made before.

Revision ID: modtext_default_reasons
Revises: 0011_vote
Create Date: 2026-12-05
"""

from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = "modtext_default_reasons"
down_revision = "0011_vote"
branch_labels = None
depends_on = None

#: A copy of dialogue.moderation.models.DEFAULT_REASONS as it was when this ran.
DEFAULT_REASONS = (
    "Bevat persoonsgegevens",
    "Beledigend of kwetsend",
    "Niet over dit onderwerp",
    "Reclame of spam",
    "Dubbel geplaatst",
)

municipality = sa.table("municipality", sa.column("id", sa.Integer))
reason = sa.table(
    "moderation_reason",
    sa.column("municipality_id", sa.Integer),
    sa.column("label", sa.String),
    sa.column("position", sa.Integer),
    sa.column("active", sa.Boolean),
    sa.column("created_at", sa.DateTime),
)


def upgrade():
    bind = op.get_bind()
    without = bind.execute(
        sa.select(municipality.c.id).where(
            ~sa.exists().where(reason.c.municipality_id == municipality.c.id)
        )
    ).scalars()
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    rows = [
        {
            "municipality_id": municipality_id,
            "label": label,
            "position": position,
            "active": True,
            "created_at": now,
        }
        for municipality_id in without
        for position, label in enumerate(DEFAULT_REASONS)
    ]
    if rows:
        op.bulk_insert(reason, rows)


def downgrade():
    # The defaults cannot be told apart from reasons an admin kept: leave them.
    pass
