"""After a commit, the events the transaction raised become jobs. Job modules register their handlers here
with `@handles(EventType)`; create_app imports them, so every event has its handler before a request runs.

Every event is also in the outbox (written in the same transaction). An event whose handlers all ran is marked
done; one whose handler failed (Redis down, a worker's queue unreachable) stays pending, and `relay` hands it over
again later. A request that committed answers success either way: what follows the commit is delayed, never lost.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import delete, select, update

from server import clock
from server.models import OutboxEvent
from server.services import events

log = logging.getLogger(__name__)
HANDLERS: dict[type, list[Callable]] = {}
RELAY_AFTER = timedelta(seconds=30)   # an entry this old is no longer being dispatched by its own request
KEEP_DONE = timedelta(days=7)


def handles(event_type: type):
    def register(handler: Callable) -> Callable:
        HANDLERS.setdefault(event_type, []).append(handler)
        return handler

    return register


def _run(event) -> str | None:
    """Run the event's handlers; the error in words if one failed."""
    try:
        for handler in HANDLERS[type(event)]:
            handler(event)
    except Exception as error:  # the queue (Redis) is down or refused: the outbox keeps the event
        log.warning("event %s not handed over yet: %s", type(event).__name__, type(error).__name__)
        return f"{type(error).__name__}: {error}"[:300]
    return None


def _settle(db, outcomes: list[tuple[int, str | None]]) -> None:
    """Record what the dispatch achieved: done, or one more failed attempt with its error."""
    done = [entry_id for entry_id, error in outcomes if error is None]
    try:
        if done:
            db.execute(update(OutboxEvent).where(OutboxEvent.id.in_(done)).values(done_at=clock.now()))
        for entry_id, error in outcomes:
            if error is not None:
                db.execute(update(OutboxEvent).where(OutboxEvent.id == entry_id)
                           .values(attempts=OutboxEvent.attempts + 1, last_error=error))
        db.commit()
    except Exception:  # the relay will see the entries again; handlers are safe to repeat
        log.exception("outbox bookkeeping failed")
        db.rollback()


def dispatch(raised: list) -> None:
    """Run the handlers of events that are not in the outbox (a job's own follow-ups within a worker)."""
    for event in raised:
        for handler in HANDLERS[type(event)]:
            handler(event)


def commit(db) -> None:
    """Commit a transaction, then hand its events over; what could not be handed over waits for the relay.

    The outbox ids are read before the commit: reading them after would open a new transaction on the session
    before the handlers run (and a VACUUM, say, cannot run inside one)."""
    if db.info.get(events.PENDING):
        db.flush()
    taken = [(entry.id, event) for entry, event in events.take(db)]
    db.commit()  # if it fails, the events go with the transaction
    if taken:
        outcomes = [(entry_id, _run(event)) for entry_id, event in taken]
        _settle(db, outcomes)


def relay(db, limit: int = 500, older_than: timedelta = RELAY_AFTER) -> dict:
    """Hand over the events still pending from earlier requests (oldest first), and forget old finished ones."""
    now = clock.now()
    rows = db.execute(select(OutboxEvent.id, OutboxEvent.kind, OutboxEvent.payload)
                      .where(OutboxEvent.done_at.is_(None), OutboxEvent.created_at <= now - older_than)
                      .order_by(OutboxEvent.id).limit(limit)).all()
    outcomes = [(row.id, _run(events.decode(row.kind, row.payload))) for row in rows]
    db.execute(delete(OutboxEvent).where(OutboxEvent.done_at.is_not(None), OutboxEvent.done_at < now - KEEP_DONE))
    db.commit()
    if outcomes:
        _settle(db, outcomes)
    handed = sum(1 for _, error in outcomes if error is None)
    return {"pending": len(rows), "handed": handed, "failed": len(rows) - handed}
