"""Give every municipality without moderation reasons the default ones.

Reading the moderation queue used to create them on first use (a write during a GET
request); now a municipality gets them when it is created, and this migration gives them to
the municipalities that never had the queue opened.

Revision ID: views_default_reasons
Revises: 0011_vote
Create Date: 2026-12-05
"""

from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = "views_default_reasons"
down_revision = "0011_vote"
branch_labels = None
depends_on = None

#: A copy of dialogue.moderation.models.DEFAULT_REASONS as it is today: a migration must not
#: change when the application's list does.
DEFAULT_REASONS = (
    "Bevat persoonsgegevens",
    "Beledigend of kwetsend",
    "Niet over dit onderwerp",
    "Reclame of spam",
    "Dubbel geplaatst",
)


def upgrade():
    connection = op.get_bind()
    without = connection.execute(
        sa.text(
            "SELECT id FROM municipality WHERE NOT EXISTS"
            " (SELECT 1 FROM moderation_reason r WHERE r.municipality_id = municipality.id)"
            " ORDER BY id"
        )
    ).scalars()
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    rows = [
        {"municipality_id": municipality_id, "label": label, "position": position, "now": now}
        for municipality_id in list(without)
        for position, label in enumerate(DEFAULT_REASONS)
    ]
    if rows:
        connection.execute(
            sa.text(
                "INSERT INTO moderation_reason (municipality_id, label, position, active,"
                " created_at) VALUES (:municipality_id, :label, :position, true, :now)"
            ),
            rows,
        )


def downgrade():
    # The defaults cannot be told from reasons an admin kept: leave them (they were made on
    # first use before this revision anyway).
    pass
