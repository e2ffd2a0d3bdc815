"""organizer appointments, assessments by term, assignments within a term

The assessments table of the first organizer migration was never written by any service: it is replaced by one
keyed by the appointment (a term), not the account.

Revision ID: 0ad1477a494f
Revises: 7a1c3e5b9d20
Create Date: 2026-11-29 18:53:17.604181

"""
import sqlalchemy as sa
from alembic import op

revision = '0ad1477a494f'
down_revision = '7a1c3e5b9d20'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('organizer_appointments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('appointing_org_id', sa.Integer(), nullable=False),
    sa.Column('nominating_org_id', sa.Integer(), nullable=True),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('consent_on', sa.Date(), nullable=True),
    sa.Column('vetting_notes', sa.Text(), nullable=True),
    sa.Column('renewed_from_id', sa.Integer(), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['appointing_org_id'], ['organizations.id'], ),
    sa.ForeignKeyConstraint(['created_by'], ['accounts.id'], ),
    sa.ForeignKeyConstraint(['nominating_org_id'], ['organizations.id'], ),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], ),
    sa.ForeignKeyConstraint(['renewed_from_id'], ['organizer_appointments.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('renewed_from_id', name='uq_organizer_appointment_renewed_from')
    )
    with op.batch_alter_table('organizer_appointments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organizer_appointments_appointing_org_id'), ['appointing_org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_organizer_appointments_person_id'), ['person_id'], unique=False)

    op.drop_table('organizer_assessments')
    op.create_table('organizer_assessments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('appointment_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('result', sa.String(length=10), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('assessed_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['appointment_id'], ['organizer_appointments.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['assessed_by'], ['accounts.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('appointment_id', 'year', name='uq_organizer_assessment_year')
    )

    with op.batch_alter_table('organizer_assignments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('appointment_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_organizer_assignments_appointment_id'), ['appointment_id'], unique=False)
        batch_op.create_foreign_key('fk_organizer_assignments_appointment', 'organizer_appointments',
                                    ['appointment_id'], ['id'])


def downgrade():
    with op.batch_alter_table('organizer_assignments', schema=None) as batch_op:
        batch_op.drop_constraint('fk_organizer_assignments_appointment', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_organizer_assignments_appointment_id'))
        batch_op.drop_column('appointment_id')
    op.drop_table('organizer_assessments')
    op.create_table('organizer_assessments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('passed', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('account_id', 'year', name='uq_organizer_assessment')
    )
    with op.batch_alter_table('organizer_appointments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organizer_appointments_person_id'))
        batch_op.drop_index(batch_op.f('ix_organizer_appointments_appointing_org_id'))
    op.drop_table('organizer_appointments')
