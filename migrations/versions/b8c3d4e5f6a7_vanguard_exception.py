"""a yellow-carded organization's exception for the 先锋模范系列评选

Revision ID: b8c3d4e5f6a7
Revises: a7b2c3d4e5f6
Create Date: 2026-12-07 19:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'b8c3d4e5f6a7'
down_revision = 'a7b2c3d4e5f6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('warnings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('vanguard_exception', sa.String(length=300), nullable=True))


def downgrade():
    with op.batch_alter_table('warnings', schema=None) as batch_op:
        batch_op.drop_column('vanguard_exception')
