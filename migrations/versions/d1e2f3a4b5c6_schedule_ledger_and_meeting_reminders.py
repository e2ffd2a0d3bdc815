"""the schedule's ledger of runs, and meeting reminders planned in the booking's transaction

Revision ID: d1e2f3a4b5c6
Revises: c9d4e5f6a7b8
Create Date: 2026-12-07 21:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'd1e2f3a4b5c6'
down_revision = 'c9d4e5f6a7b8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('scheduled_runs',
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('last_slot', sa.DateTime(timezone=True), nullable=True),
    sa.Column('running_since', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('failed_steps', sa.JSON(), nullable=True),
    sa.Column('runs', sa.Integer(), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('meeting_reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('which', sa.String(length=10), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_meeting_reminders_due', 'meeting_reminders', ['sent_at', 'due_at'], unique=False)
    op.create_index(op.f('ix_meeting_reminders_meeting_id'), 'meeting_reminders', ['meeting_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_meeting_reminders_meeting_id'), table_name='meeting_reminders')
    op.drop_index('ix_meeting_reminders_due', table_name='meeting_reminders')
    op.drop_table('meeting_reminders')
    op.drop_table('scheduled_runs')
