"""A vote by code in one statement: cast_with_code(), a PostgreSQL function

Revision ID: 7a1c3e5b9d20
Revises: 2c4ccff09197
Create Date: 2026-11-29 18:40:00

The hot path of a meeting (a room of phones voting with codes) makes one round trip: the function takes the
session's shared advisory lock, reads the session's state after the lock (each statement of a plpgsql function
sees what was committed before it began, so a close that finished while this cast waited is seen), uses the code
and inserts the sealed ballot. Nothing is written unless the answer is 'ok'.
"""
from alembic import op

revision = '7a1c3e5b9d20'
down_revision = '2c4ccff09197'
branch_labels = None
depends_on = None

CAST_WITH_CODE = """
CREATE OR REPLACE FUNCTION cast_with_code(
    lock_space integer, session integer, digest text, code_group text, submitted text, opened timestamptz,
    ballot_id text, answers text, receipt text
) RETURNS TABLE (outcome text, detail text)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    current_state text;
    current_opened timestamptz;
    stored text;
BEGIN
    PERFORM pg_advisory_xact_lock_shared(lock_space, session);
    SELECT s.state, s.opened_at INTO current_state, current_opened FROM vote_sessions s WHERE s.id = session;
    IF NOT FOUND THEN
        RETURN QUERY SELECT 'invalid'::text, NULL::text;
        RETURN;
    END IF;
    IF current_state <> 'open' THEN
        RETURN QUERY SELECT 'state'::text, current_state;
        RETURN;
    END IF;
    IF current_opened IS DISTINCT FROM opened THEN  -- the caller's ballot shape is not this opening's
        RETURN QUERY SELECT 'stale'::text, NULL::text;
        RETURN;
    END IF;
    UPDATE voting_codes c SET used = true, submission_hash = submitted
     WHERE c.code_hash = digest AND c.session_id = session AND c."group" = code_group AND NOT c.used;
    IF NOT FOUND THEN
        SELECT c.submission_hash INTO stored FROM voting_codes c
         WHERE c.code_hash = digest AND c.session_id = session AND c."group" = code_group;
        IF NOT FOUND THEN
            RETURN QUERY SELECT 'invalid'::text, NULL::text;
        ELSE
            RETURN QUERY SELECT 'used'::text, stored;
        END IF;
        RETURN;
    END IF;
    INSERT INTO ballots (id, session_id, "group", answers, receipt_hash)
    VALUES (ballot_id, session, code_group, answers, receipt);
    RETURN QUERY SELECT 'ok'::text, NULL::text;
END
$$;
"""


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(CAST_WITH_CODE)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS cast_with_code(integer, integer, text, text, text, timestamptz, text, "
                   "text, text)")
