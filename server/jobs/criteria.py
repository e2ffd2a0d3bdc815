"""rq job of 调控预警: the nightly scan of criteria 1–5 (after the record's due scan, whose overdue steps it reads), and
the reminders of quarterly reports due."""
from __future__ import annotations

import logging

from server import jobs
from server.extensions import db
from server.jobs.dispatch import commit
from server.services import quarterly_reports, warning_proposals

log = logging.getLogger(__name__)
CRITERIA_SCAN_JOB_ID = "criteria-scan"


def scan_criteria(reschedule: bool = True) -> dict:
    """Evaluate criteria 1–5 for every organization, store the new proposals, then book tomorrow's scan."""
    with jobs.app_context():
        result = warning_proposals.scan(db.session)
        result["reports_reminded"] = quarterly_reports.remind(db.session)
        commit(db.session)  # the reminders go out after the commit
        log.info("criteria scan judged=%s new=%s", result["judged"], result["new"])
        if reschedule:
            schedule_criteria_scan()
        return result


def schedule_criteria_scan() -> None:
    jobs.schedule_daily(CRITERIA_SCAN_JOB_ID, scan_criteria, 2, 30)
