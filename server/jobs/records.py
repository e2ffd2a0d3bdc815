"""rq jobs of the development record: the daily due scan (after the warnings' overdue scan)."""
from __future__ import annotations

import logging

from server import jobs
from server.extensions import db
from server.jobs.dispatch import commit
from server.services import due, reviews

log = logging.getLogger(__name__)
DUE_SCAN_JOB_ID = "record-due-scan"


def scan_due_steps(reschedule: bool = True) -> dict:
    """List the steps due within a week and overdue, remind the departments' unanswered requests, make tasks and
    pushes, then book tomorrow's scan."""
    with jobs.app_context():
        result = due.scan(db.session)
        result["reminded"] = reviews.remind(db.session)
        commit(db.session)  # the reminder notices go out after the commit
        log.info("due scan due=%s overdue=%s new=%s", result["due"], result["overdue"], result["new"])
        if reschedule:
            schedule_due_scan()
        return result


def schedule_due_scan() -> None:
    jobs.schedule_daily(DUE_SCAN_JOB_ID, scan_due_steps, 1, 30)
