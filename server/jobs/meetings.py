"""rq jobs around meetings and warnings: reminders, and the daily overdue scan."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

from server import jobs
from server.extensions import db
from server.services import reminders, warnings

log = logging.getLogger(__name__)
OVERDUE_SCAN_JOB_ID = "warnings-overdue-scan"


def send_meeting_reminder(meeting_id: int, starts_at_iso: str, which: str) -> int | None:
    with jobs.app_context():
        notice = reminders.send(db.session, meeting_id, starts_at_iso, which)
        db.session.commit()
        if notice is None:
            return None
        from server.jobs.notices import dispatch_notice

        jobs.enqueue(dispatch_notice, notice.id)
        return notice.id


def scan_overdue_warnings(reschedule: bool = True) -> list[int]:
    """Flag overdue warnings, then book tomorrow's scan (01:00 China time) under a fixed job id."""
    with jobs.app_context():
        flagged = warnings.flag_overdue(db.session)
        db.session.commit()
        log.info("overdue scan flagged=%s", len(flagged))
        if reschedule:
            schedule_overdue_scan()
        return flagged


def next_scan_time(now: datetime) -> datetime:
    local = now.astimezone(timezone(timedelta(hours=8)))
    at = local.replace(hour=1, minute=0, second=0, microsecond=0)
    return at if at > local else at + timedelta(days=1)


def schedule_overdue_scan() -> None:
    """Idempotent: the scan is booked once per day under OVERDUE_SCAN_JOB_ID (workers call this at start)."""
    queue = jobs.get_queue()
    if queue is None:
        return
    from rq.job import Job
    from rq.exceptions import NoSuchJobError

    try:
        job = Job.fetch(OVERDUE_SCAN_JOB_ID, connection=queue.connection)
        if job.get_status(refresh=True) in ("scheduled", "queued"):
            return
    except NoSuchJobError:
        pass
    queue.enqueue_at(next_scan_time(datetime.now(timezone.utc)), scan_overdue_warnings, job_id=OVERDUE_SCAN_JOB_ID)
