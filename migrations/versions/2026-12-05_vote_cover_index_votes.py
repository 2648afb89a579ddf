"""A covering index for reading a consultation's votes (replaces the one on contribution_id).

Revision ID: votes_vote_cover_index
Revises: 0011_vote
Create Date: 2026-12-05
"""

from alembic import op

revision = "votes_vote_cover_index"
down_revision = "0011_vote"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("vote", schema=None) as batch_op:
        batch_op.drop_index("ix_vote_contribution_id")
        batch_op.create_index(
            "ix_vote_contribution_cover",
            ["contribution_id", "user_id", "value", "updated_at"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("vote", schema=None) as batch_op:
        batch_op.drop_index("ix_vote_contribution_cover")
        batch_op.create_index("ix_vote_contribution_id", ["contribution_id"], unique=False)
