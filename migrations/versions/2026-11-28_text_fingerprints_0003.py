"""Text fingerprints on contributions and replies: repeats and double submits by one index lookup.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28

Adds text_fingerprint (see dialogue/contributions/fingerprint.py), fills it for the rows
that exist, and replaces the index on contribution.author_id by one on
(author_id, text_fingerprint), which serves lookups by author alone as well; indexes the
pending e-mail address of anonymous input, by which its repeats are found.
"""

import sqlalchemy as sa
from alembic import op

from dialogue.contributions.fingerprint import FINGERPRINT_LENGTH, text_fingerprint

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

#: Rows fingerprinted per UPDATE round trip.
BATCH = 1000


def _fill(table_name: str) -> None:
    """Compute the fingerprint of every existing row (in Python: it is a BLAKE2b hash)."""
    table = sa.table(
        table_name, sa.column("id", sa.Integer), sa.column("text", sa.Text), sa.column("fp")
    )
    bind = op.get_bind()
    last_id = 0
    while True:
        rows = bind.execute(
            sa.select(table.c.id, table.c.text)
            .where(table.c.id > last_id)
            .order_by(table.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        bind.execute(
            sa.text(f"UPDATE {table_name} SET text_fingerprint = :fp WHERE id = :row_id"),  # noqa: S608 - fixed table names
            [{"fp": text_fingerprint(text), "row_id": row_id} for row_id, text in rows],
        )
        last_id = rows[-1][0]


def upgrade():
    for table_name in ("contribution", "reply"):
        with op.batch_alter_table(table_name) as batch_op:
            batch_op.add_column(
                sa.Column("text_fingerprint", sa.String(length=FINGERPRINT_LENGTH), nullable=True)
            )
        _fill(table_name)
        with op.batch_alter_table(table_name) as batch_op:
            batch_op.alter_column(
                "text_fingerprint",
                existing_type=sa.String(length=FINGERPRINT_LENGTH),
                nullable=False,
            )
            if table_name == "contribution":
                batch_op.drop_index("ix_contribution_author_id")
                # Anonymous input is checked for repeats by its (unconfirmed) address.
                batch_op.create_index("ix_contribution_pending_email", ["pending_email"])
            batch_op.create_index(
                f"ix_{table_name}_author_fingerprint", ["author_id", "text_fingerprint"]
            )


def downgrade():
    for table_name in ("contribution", "reply"):
        with op.batch_alter_table(table_name) as batch_op:
            batch_op.drop_index(f"ix_{table_name}_author_fingerprint")
            if table_name == "contribution":
                batch_op.drop_index("ix_contribution_pending_email")
                batch_op.create_index("ix_contribution_author_id", ["author_id"], unique=False)
            batch_op.drop_column("text_fingerprint")
