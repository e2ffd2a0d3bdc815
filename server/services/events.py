"""Raising events inside a transaction: each is written to the outbox in the same transaction, and waits on the
database session until it commits (then it is dispatched, see server.jobs.dispatch) or rolls back (then it is
dropped with the rest). What the dispatch could not hand over stays in the outbox for the relay."""
from __future__ import annotations

import dataclasses
from datetime import datetime

from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from server.domain import events as domain_events
from server.models import OutboxEvent

PENDING = "pending_events"
KINDS = {name: cls for name, cls in vars(domain_events).items()
         if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == domain_events.__name__}


def raise_event(db: Session, event) -> None:
    entry = OutboxEvent(kind=type(event).__name__, payload=encode(event))
    db.add(entry)
    db.info.setdefault(PENDING, []).append((entry, event))


def take(db: Session) -> list:
    """(outbox entry, event) of the transaction that just committed (and forget them)."""
    return db.info.pop(PENDING, [])


def encode(event) -> dict:
    """An event's fields as JSON (datetimes as ISO strings with their zone)."""
    return {f.name: ({"$datetime": value.isoformat()} if isinstance(value := getattr(event, f.name), datetime) else value)
            for f in dataclasses.fields(event)}


def decode(kind: str, payload: dict):
    """The event an outbox row stands for."""
    values = {k: (datetime.fromisoformat(v["$datetime"]) if isinstance(v, dict) and "$datetime" in v else v)
              for k, v in payload.items()}
    return KINDS[kind](**values)


@sa_event.listens_for(Session, "after_soft_rollback")
def _drop_on_rollback(db: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:  # the whole transaction, not a savepoint inside it
        db.info.pop(PENDING, None)
