"""the scan of a signed written opinion (书面意见)

Revision ID: f6a1b2c3d4e5
Revises: e5f0a1b2c3d4
Create Date: 2026-12-07 19:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'f6a1b2c3d4e5'
down_revision = 'e5f0a1b2c3d4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('absentee_opinions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scan_key', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('scan_name', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('scan_type', sa.String(length=50), nullable=True))


def downgrade():
    with op.batch_alter_table('absentee_opinions', schema=None) as batch_op:
        batch_op.drop_column('scan_type')
        batch_op.drop_column('scan_name')
        batch_op.drop_column('scan_key')
