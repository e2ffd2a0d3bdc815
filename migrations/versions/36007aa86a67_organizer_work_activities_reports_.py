"""organizer work: activities, reports, recommendations, meeting invitations; follow-up workflows; 双评议 delegates

Revision ID: 36007aa86a67
Revises: 0ad1477a494f
Create Date: 2026-11-29 18:58:41.319061

"""
import sqlalchemy as sa
from alembic import op

revision = '36007aa86a67'
down_revision = '0ad1477a494f'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('organizer_recommendations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('decision_note', sa.Text(), nullable=True),
    sa.Column('decided_by', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], ),
    sa.ForeignKeyConstraint(['decided_by'], ['accounts.id'], ),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('organizer_recommendations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organizer_recommendations_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_organizer_recommendations_org_id'), ['org_id'], unique=False)

    op.create_table('organizer_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answer', sa.Text(), nullable=True),
    sa.Column('answered_by', sa.Integer(), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], ),
    sa.ForeignKeyConstraint(['answered_by'], ['accounts.id'], ),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('organizer_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organizer_reports_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_organizer_reports_org_id'), ['org_id'], unique=False)

    op.create_table('meeting_invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('responded_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], ),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('meeting_id', 'account_id', name='uq_meeting_invitation')
    )
    with op.batch_alter_table('meeting_invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_invitations_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_invitations_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('organizer_activities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('appointment_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('happened_on', sa.Date(), nullable=False),
    sa.Column('counterpart', sa.String(length=100), nullable=True),
    sa.Column('hours', sa.Numeric(precision=6, scale=1), nullable=True),
    sa.Column('amount', sa.Numeric(precision=10, scale=2), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['appointment_id'], ['organizer_appointments.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by'], ['accounts.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('organizer_activities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organizer_activities_appointment_id'), ['appointment_id'], unique=False)

    op.create_table('follow_up_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('follow_up_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('actor_account_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_account_id'], ['accounts.id'], ),
    sa.ForeignKeyConstraint(['follow_up_id'], ['follow_ups.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('follow_up_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follow_up_events_follow_up_id'), ['follow_up_id'], unique=False)

    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('state', sa.String(length=12), server_default='open', nullable=False))
        batch_op.add_column(sa.Column('due_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('key_target_year', sa.Integer(), nullable=True))
    op.execute("UPDATE follow_ups SET state = 'closed' WHERE done_at IS NOT NULL")

    with op.batch_alter_table('vote_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('guidance_delegate', sa.String(length=100), nullable=True))



def downgrade():
    with op.batch_alter_table('vote_sessions', schema=None) as batch_op:
        batch_op.drop_column('guidance_delegate')

    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.drop_column('key_target_year')
        batch_op.drop_column('due_on')
        batch_op.drop_column('state')

    with op.batch_alter_table('follow_up_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follow_up_events_follow_up_id'))

    op.drop_table('follow_up_events')
    with op.batch_alter_table('organizer_activities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organizer_activities_appointment_id'))

    op.drop_table('organizer_activities')
    with op.batch_alter_table('meeting_invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_invitations_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_invitations_account_id'))

    op.drop_table('meeting_invitations')
    with op.batch_alter_table('organizer_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organizer_reports_org_id'))
        batch_op.drop_index(batch_op.f('ix_organizer_reports_account_id'))

    op.drop_table('organizer_reports')
    with op.batch_alter_table('organizer_recommendations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organizer_recommendations_org_id'))
        batch_op.drop_index(batch_op.f('ix_organizer_recommendations_account_id'))

    op.drop_table('organizer_recommendations')
