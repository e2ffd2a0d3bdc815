"""a password set by someone else (a new account, a reset) is changed by its owner at the next login

Revision ID: e7f8a9b0c1d2
Revises: d1e2f3a4b5c6
Create Date: 2026-12-07 23:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'e7f8a9b0c1d2'
down_revision = 'd1e2f3a4b5c6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('accounts') as batch_op:
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(), nullable=False, server_default='0'))


def downgrade():
    with op.batch_alter_table('accounts') as batch_op:
        batch_op.drop_column('must_change_password')
