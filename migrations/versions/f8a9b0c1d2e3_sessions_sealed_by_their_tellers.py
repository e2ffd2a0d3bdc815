"""sessions sealed by their tellers: the sealing, the session's public identifier, joint key and sums, the tellers' keys

Revision ID: f8a9b0c1d2e3
Revises: e7f8a9b0c1d2
Create Date: 2026-12-07 23:30:00

"""
import sqlalchemy as sa
from alembic import op


revision = 'f8a9b0c1d2e3'
down_revision = 'e7f8a9b0c1d2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('vote_sessions') as batch_op:
        batch_op.add_column(sa.Column('sealing', sa.String(length=10), nullable=False, server_default='server'))
        batch_op.add_column(sa.Column('e2e_uid', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('public_key', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('aggregates', sa.JSON(), nullable=True))
    with op.batch_alter_table('vote_sessions') as batch_op:  # the public board is looked up by it
        batch_op.create_index('ix_vote_sessions_e2e_uid', ['e2e_uid'], unique=True)
    op.create_table('teller_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('public_key', sa.String(length=64), nullable=False),
    sa.Column('proof', sa.JSON(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decryption', sa.JSON(), nullable=True),
    sa.Column('decrypted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['session_id'], ['vote_sessions.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('session_id', 'role', name='uq_teller_key_role')
    )
    with op.batch_alter_table('teller_keys') as batch_op:
        batch_op.create_index(batch_op.f('ix_teller_keys_session_id'), ['session_id'], unique=False)


def downgrade():
    with op.batch_alter_table('teller_keys') as batch_op:
        batch_op.drop_index(batch_op.f('ix_teller_keys_session_id'))
    op.drop_table('teller_keys')
    with op.batch_alter_table('vote_sessions') as batch_op:
        batch_op.drop_index('ix_vote_sessions_e2e_uid')
        batch_op.drop_column('aggregates')
        batch_op.drop_column('public_key')
        batch_op.drop_column('e2e_uid')
        batch_op.drop_column('sealing')
