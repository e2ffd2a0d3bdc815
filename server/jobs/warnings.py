"""rq jobs of 调控预警: the nightly overdue scan of issued warnings, and the nightly scan of criteria 1–5 with the
reminders of quarterly reports due (their order in the night: server.domain.schedule)."""
from __future__ import annotations

import logging

from server import jobs
from server.extensions import db
from server.jobs.dispatch import commit
from server.services import quarterly_reports, warning_proposals, warnings

log = logging.getLogger(__name__)


def scan_overdue_warnings() -> list[int]:
    """Flag overdue warnings."""
    with jobs.app_context():
        flagged = warnings.flag_overdue(db.session)
        commit(db.session)  # the issuers' alerts go out after the commit
        log.info("overdue scan flagged=%s", len(flagged))
        return flagged



def scan_criteria() -> dict:
    """Evaluate criteria 1–5 for every organization and store the new proposals."""
    with jobs.app_context():
        result = warning_proposals.scan(db.session)
        result["reports_reminded"] = quarterly_reports.remind(db.session)
        commit(db.session)  # the reminders go out after the commit
        log.info("criteria scan judged=%s new=%s upgraded=%s", result["judged"], result["new"], result["upgraded"])
        return result

