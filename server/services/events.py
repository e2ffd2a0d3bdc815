"""Raising events inside a transaction: they wait on the database session until it commits (then they are
dispatched, see server.jobs.dispatch) or rolls back (then they are dropped)."""
from __future__ import annotations

from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

PENDING = "pending_events"


def raise_event(db: Session, event) -> None:
    db.info.setdefault(PENDING, []).append(event)


def take(db: Session) -> list:
    """The events of the transaction that just committed (and forget them)."""
    return db.info.pop(PENDING, [])


@sa_event.listens_for(Session, "after_soft_rollback")
def _drop_on_rollback(db: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:  # the whole transaction, not a savepoint inside it
        db.info.pop(PENDING, None)
