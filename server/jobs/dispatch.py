"""After a commit, the events the transaction raised become jobs. Job modules register their handlers here
with `@handles(EventType)`; create_app imports them, so every event has its handler before a request runs."""
from __future__ import annotations

from collections.abc import Callable

from server.services import events

HANDLERS: dict[type, list[Callable]] = {}


def handles(event_type: type):
    def register(handler: Callable) -> Callable:
        HANDLERS.setdefault(event_type, []).append(handler)
        return handler

    return register


def dispatch(raised: list) -> None:
    for event in raised:
        for handler in HANDLERS[type(event)]:
            handler(event)


def commit(db) -> None:
    """Commit a transaction, then dispatch the events it raised (what every request does after it succeeds)."""
    db.commit()
    dispatch(events.take(db))
