"""a mass representative's category (seed 三(一)3 群众范围)

Revision ID: e5f0a1b2c3d4
Revises: d4e9f0a1b2c3
Create Date: 2026-12-07 18:45:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'e5f0a1b2c3d4'
down_revision = 'd4e9f0a1b2c3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mass_category', sa.String(length=30), nullable=True))


def downgrade():
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_column('mass_category')
