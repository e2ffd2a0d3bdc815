"""责任追究 records on warnings

Revision ID: d4e9f0a1b2c3
Revises: c3d8e1f2a4b5
Create Date: 2026-12-07 18:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'd4e9f0a1b2c3'
down_revision = 'c3d8e1f2a4b5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('warning_accountability',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('warning_id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('person', sa.String(length=100), nullable=False),
    sa.Column('measure', sa.String(length=100), nullable=True),
    sa.Column('decided_by', sa.String(length=100), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('content', sa.Text(), nullable=True),
    sa.Column('document_key', sa.String(length=100), nullable=True),
    sa.Column('document_name', sa.String(length=200), nullable=True),
    sa.Column('document_type', sa.String(length=50), nullable=True),
    sa.Column('recorded_by_org_id', sa.Integer(), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['warning_id'], ['warnings.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
    sa.ForeignKeyConstraint(['recorded_by_org_id'], ['organizations.id'], ),
    sa.ForeignKeyConstraint(['recorded_by'], ['accounts.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('warning_accountability', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_warning_accountability_warning_id'), ['warning_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_warning_accountability_org_id'), ['org_id'], unique=False)


def downgrade():
    with op.batch_alter_table('warning_accountability', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_warning_accountability_org_id'))
        batch_op.drop_index(batch_op.f('ix_warning_accountability_warning_id'))
    op.drop_table('warning_accountability')
