"""Mailed links carry opaque tokens: store each token's hash and what the link stands for.

Links mailed before this revision (signed tokens) stop working; their recipients ask again.

Revision ID: 0007_sec_pii
Revises: 0007_signals
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = '0007_sec_pii'
down_revision = '0007_signals'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('mail_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=40), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('contribution_id', sa.Integer(), nullable=True),
    sa.Column('bound_to', sa.String(length=64), nullable=False),
    sa.Column('next_url', sa.String(length=300), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contribution_id'], ['contribution.id'], name=op.f('fk_mail_link_contribution_id_contribution'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_mail_link_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_link')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_mail_link_token_hash'))
    )
    with op.batch_alter_table('mail_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mail_link_contribution_id'), ['contribution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mail_link_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('mail_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mail_link_user_id'))
        batch_op.drop_index(batch_op.f('ix_mail_link_contribution_id'))

    op.drop_table('mail_link')
