"""a roster phone's keyed hash, so WeChat's verified phone number finds its person (#27)

Revision ID: a1b2c3d4e5f7
Revises: f8a9b0c1d2e3
Create Date: 2026-12-08 02:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'a1b2c3d4e5f7'
down_revision = 'f8a9b0c1d2e3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('people') as batch_op:
        batch_op.add_column(sa.Column('phone_hash', sa.String(length=64), nullable=True))
        batch_op.create_index('ix_people_phone_hash', ['phone_hash'], unique=False)
    # The numbers on file get their hash now (Flask-Migrate runs this inside the app, with its SECRET_KEY).
    from server.services.people import phone_hash
    from server.adapters import secrets

    conn = op.get_bind()
    people = sa.table('people', sa.column('id', sa.Integer), sa.column('phone_enc', sa.Text),
                      sa.column('phone_hash', sa.String))
    rows = conn.execute(sa.select(people.c.id, people.c.phone_enc).where(people.c.phone_enc.isnot(None))).all()
    hashes = [{"pid": pid, "h": phone_hash(secrets.decrypt(enc) or "")} for pid, enc in rows]
    if hashes:
        conn.execute(people.update().where(people.c.id == sa.bindparam("pid")).values(phone_hash=sa.bindparam("h")), hashes)


def downgrade():
    with op.batch_alter_table('people') as batch_op:
        batch_op.drop_index('ix_people_phone_hash')
        batch_op.drop_column('phone_hash')
