"""A covering index for reading a consultation's votes (replaces the one on contribution_id),
and anonymous voters (voting with a confirmed e-mail address, the address not kept).

Revision ID: votes_index_anon_voters
Revises: views_default_reasons
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "votes_index_anon_voters"
down_revision = "views_default_reasons"
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
    op.create_table(
        "anonymous_voter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("email_digest", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultation.id"],
            name=op.f("fk_anonymous_voter_consultation_id_consultation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_anonymous_voter_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_anonymous_voter")),
        sa.UniqueConstraint(
            "consultation_id",
            "email_digest",
            name=op.f("uq_anonymous_voter_consultation_id_email_digest"),
        ),
        sa.UniqueConstraint("user_id", name=op.f("uq_anonymous_voter_user_id")),
    )


def downgrade():
    op.drop_table("anonymous_voter")
    with op.batch_alter_table("vote", schema=None) as batch_op:
        batch_op.drop_index("ix_vote_contribution_cover")
        batch_op.create_index("ix_vote_contribution_id", ["contribution_id"], unique=False)
