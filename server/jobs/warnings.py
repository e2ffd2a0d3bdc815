"""rq jobs of 调控预警: the nightly overdue scan of issued warnings, and the nightly scan of criteria 1–5 (after the
record's due scan, whose overdue steps it reads) with the reminders of quarterly reports due."""
from __future__ import annotations

import logging

from server import jobs
from server.extensions import db
from server.jobs.dispatch import commit
from server.services import quarterly_reports, warning_proposals, warnings

log = logging.getLogger(__name__)
OVERDUE_SCAN_JOB_ID = "warnings-overdue-scan"
CRITERIA_SCAN_JOB_ID = "criteria-scan"


def scan_overdue_warnings(reschedule: bool = True) -> list[int]:
    """Flag overdue warnings, then book tomorrow's scan (01:00 China time) under a fixed job id."""
    with jobs.app_context():
        flagged = warnings.flag_overdue(db.session)
        commit(db.session)  # the issuers' alerts go out after the commit
        log.info("overdue scan flagged=%s", len(flagged))
        if reschedule:
            schedule_overdue_scan()
        return flagged


def schedule_overdue_scan() -> None:
    """Idempotent: the scan is booked once per day under OVERDUE_SCAN_JOB_ID (workers call this at start)."""
    jobs.schedule_daily(OVERDUE_SCAN_JOB_ID, scan_overdue_warnings, 1)


def scan_criteria(reschedule: bool = True) -> dict:
    """Evaluate criteria 1–5 for every organization, store the new proposals, then book tomorrow's scan."""
    with jobs.app_context():
        result = warning_proposals.scan(db.session)
        result["reports_reminded"] = quarterly_reports.remind(db.session)
        commit(db.session)  # the reminders go out after the commit
        log.info("criteria scan judged=%s new=%s upgraded=%s", result["judged"], result["new"], result["upgraded"])
        if reschedule:
            schedule_criteria_scan()
        return result


def schedule_criteria_scan() -> None:
    jobs.schedule_daily(CRITERIA_SCAN_JOB_ID, scan_criteria, 2, 30)
