"""rq jobs of the development record: the nightly due scan (its place in the night: server.domain.schedule)."""
from __future__ import annotations

import logging

from server import jobs
from server.extensions import db
from server.jobs.dispatch import commit
from server.services import due, reviews

log = logging.getLogger(__name__)

def scan_due_steps() -> dict:
    """List the steps due within a week and overdue, remind the departments' unanswered requests, make tasks and
    pushes."""
    with jobs.app_context():
        result = due.scan(db.session)
        result["reminded"] = reviews.remind(db.session)
        commit(db.session)  # the reminder notices go out after the commit
        log.info("due scan due=%s overdue=%s new=%s", result["due"], result["overdue"], result["new"])
        return result

