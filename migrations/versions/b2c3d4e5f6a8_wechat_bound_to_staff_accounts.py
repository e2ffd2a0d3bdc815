"""a WeChat bound to a staff account without a roster person: it logs in silently after one password login (#27)

Revision ID: b2c3d4e5f6a8
Revises: a1b2c3d4e5f7
Create Date: 2026-12-08 03:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'b2c3d4e5f6a8'
down_revision = 'a1b2c3d4e5f7'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('wechat_bindings') as batch_op:
        batch_op.alter_column('person_id', existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column('account_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint('uq_wechat_bindings_account_id', ['account_id'])
        batch_op.create_foreign_key('fk_wechat_bindings_account_id_accounts', 'accounts', ['account_id'], ['id'])


def downgrade():
    op.execute("DELETE FROM wechat_bindings WHERE person_id IS NULL")
    with op.batch_alter_table('wechat_bindings') as batch_op:
        batch_op.drop_constraint('fk_wechat_bindings_account_id_accounts', type_='foreignkey')
        batch_op.drop_constraint('uq_wechat_bindings_account_id', type_='unique')
        batch_op.drop_column('account_id')
        batch_op.alter_column('person_id', existing_type=sa.Integer(), nullable=False)
