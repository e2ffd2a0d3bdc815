"""rq jobs around meetings and warnings: reminders, and the daily overdue scan."""
from __future__ import annotations

import logging
from datetime import datetime

from server import jobs
from server.domain.events import BallotsRewritten, MeetingScheduled
from server.extensions import db
from server.jobs.dispatch import commit, handles
from server.services import ballot_box, clock, reminders, warnings

log = logging.getLogger(__name__)
OVERDUE_SCAN_JOB_ID = "warnings-overdue-scan"


def send_meeting_reminder(meeting_id: int, starts_at_iso: str, which: str) -> int | None:
    """The reminder is a notice; its pushes follow from the notice's event when this job commits."""
    with jobs.app_context():
        notice = reminders.send(db.session, meeting_id, starts_at_iso, which)
        commit(db.session)
        return notice.id if notice is not None else None


@handles(MeetingScheduled)
def book_meeting_reminders(event: MeetingScheduled) -> None:
    # A reminder booked for an old time finds the meeting moved and does nothing.
    for which, when in reminders.due_times(event.starts_at, clock.now()):
        jobs.enqueue_at(when, send_meeting_reminder, event.meeting_id, event.starts_at.isoformat(), which)


@handles(BallotsRewritten)
def queue_ballot_vacuum(_event: BallotsRewritten) -> None:
    jobs.enqueue_once("ballots-vacuum", vacuum_ballots)


def vacuum_ballots() -> bool:
    with jobs.app_context():
        return ballot_box.vacuum_ballots(db.session)


def scan_overdue_warnings(reschedule: bool = True) -> list[int]:
    """Flag overdue warnings, then book tomorrow's scan (01:00 China time) under a fixed job id."""
    with jobs.app_context():
        flagged = warnings.flag_overdue(db.session)
        commit(db.session)  # the issuers' alerts go out after the commit
        log.info("overdue scan flagged=%s", len(flagged))
        if reschedule:
            schedule_overdue_scan()
        return flagged


def next_scan_time(now: datetime) -> datetime:
    return jobs.next_daily_run(now, 1)


def schedule_overdue_scan() -> None:
    """Idempotent: the scan is booked once per day under OVERDUE_SCAN_JOB_ID (workers call this at start)."""
    jobs.schedule_daily(OVERDUE_SCAN_JOB_ID, scan_overdue_warnings, 1)
