"""rq jobs of meetings: the reminders a day and an hour before a meeting starts."""
from __future__ import annotations

from server import clock, jobs
from server.domain.events import MeetingScheduled
from server.extensions import db
from server.jobs.dispatch import commit, handles
from server.services import reminders


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
