"""rq job of the ballot box: after a close rewrites the session's ballot rows, vacuum the table so the old row
versions (which PostgreSQL could tie to their transactions) are gone (docs/voting.md)."""
from __future__ import annotations

from server import jobs
from server.adapters import ballot_box
from server.domain.events import BallotsRewritten
from server.extensions import db
from server.jobs.dispatch import handles


@handles(BallotsRewritten)
def queue_ballot_vacuum(_event: BallotsRewritten) -> None:
    jobs.enqueue_once("ballots-vacuum", vacuum_ballots)


def vacuum_ballots() -> bool:
    with jobs.app_context():
        return ballot_box.vacuum_ballots(db.session)
