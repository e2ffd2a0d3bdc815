"""ballot answers sealed at rest

Revision ID: 035622408bf8
Revises: f2d1303ab46a
Create Date: 2026-11-29 16:46:53.311712

"""
import json

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '035622408bf8'
down_revision = 'f2d1303ab46a'
branch_labels = None
depends_on = None


def _rows():
    return op.get_bind().execute(sa.text('SELECT id, session_id, "group", answers FROM ballots')).all()


def _update(ballot_id, value):
    op.get_bind().execute(sa.text("UPDATE ballots SET answers = :a WHERE id = :i"), {"a": value, "i": ballot_id})


def upgrade():
    with op.batch_alter_table('ballots', schema=None) as batch_op:
        batch_op.alter_column('answers', existing_type=sa.JSON(), type_=sa.Text(), existing_nullable=False,
                              postgresql_using='answers::text')
    # Ballots stored in the clear are sealed with the application's secret (flask db upgrade runs in the app).
    from server.adapters import ballot_box

    for ballot_id, session_id, group, answers in _rows():
        if not str(answers).startswith(ballot_box.VERSION):
            plain = json.loads(answers) if isinstance(answers, str) else answers
            _update(ballot_id, ballot_box.seal(session_id, group, plain))


def downgrade():
    from server.adapters import ballot_box

    for ballot_id, session_id, group, answers in _rows():
        _update(ballot_id, json.dumps(ballot_box.unseal(session_id, group, answers), ensure_ascii=False))
    with op.batch_alter_table('ballots', schema=None) as batch_op:
        batch_op.alter_column('answers', existing_type=sa.Text(), type_=sa.JSON(), existing_nullable=False,
                              postgresql_using='answers::json')
