"""The per-session lock that keeps casting and closing apart.

Casts share a per-session lock until they commit; transitions (close above all) take it exclusively, so a close
waits for every cast in flight and no cast starts reading the state until the close committed. It is an advisory
lock rather than FOR SHARE on the session row: hundreds of casts would otherwise write row locks (and WAL) to one
hot row. SQLite has a single writer and needs nothing.
"""
from __future__ import annotations

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from server.models import VoteSession

# Namespace of the per-session advisory locks (the first key of PostgreSQL's two-key form).
SESSION_LOCK_SPACE = 4201
_SHARED_LOCK = text("SELECT pg_advisory_xact_lock_shared(:space, :session_id)")
_EXCLUSIVE_LOCK = text("SELECT pg_advisory_xact_lock(:space, :session_id)")


def take_session_lock(db: Session, vote_id: int, *, exclusive: bool = False) -> None:
    connection = db.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(_EXCLUSIVE_LOCK if exclusive else _SHARED_LOCK,
                           {"space": SESSION_LOCK_SPACE, "session_id": vote_id})


def lock_session(db: Session, vote_id: int, *, exclusive: bool = False) -> VoteSession | None:
    """Take the session lock, then read the session as committed now."""
    take_session_lock(db, vote_id, exclusive=exclusive)
    query = select(VoteSession).where(VoteSession.id == vote_id).execution_options(populate_existing=True)
    return db.scalar(query.with_for_update() if exclusive else query)
