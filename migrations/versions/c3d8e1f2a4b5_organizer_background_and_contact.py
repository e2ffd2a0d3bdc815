"""an organizer appointment's background and the committee's 班子成员 who keeps contact

Revision ID: c3d8e1f2a4b5
Revises: 4b49b554caf1
Create Date: 2026-12-07 18:20:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'c3d8e1f2a4b5'
down_revision = '4b49b554caf1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organizer_appointments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('background', sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column('contact_member', sa.String(length=50), nullable=True))


def downgrade():
    with op.batch_alter_table('organizer_appointments', schema=None) as batch_op:
        batch_op.drop_column('contact_member')
        batch_op.drop_column('background')
