"""a county's 发展党员难度较大 mark on an organization

Revision ID: a7b2c3d4e5f6
Revises: f6a1b2c3d4e5
Create Date: 2026-12-07 19:20:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'a7b2c3d4e5f6'
down_revision = 'f6a1b2c3d4e5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hard_to_develop_reason', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('hard_to_develop_on', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.drop_column('hard_to_develop_on')
        batch_op.drop_column('hard_to_develop_reason')
