"""Meeting reminders one day and one hour before a meeting, to the people expected to attend."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from server import clock
from server.domain.eligibility import PersonFacts
from server.domain.kinds import meeting_kind
from server.models import Meeting, Person
from server.services import notices
from server.services.scope import Principal

BEFORE = {"day": timedelta(days=1), "hour": timedelta(hours=1)}


def due_times(starts_at: datetime, now: datetime) -> list[tuple[str, datetime]]:
    """When the reminders of a meeting starting at `starts_at` are due; a time already past is skipped."""
    return [(which, starts_at - before) for which, before in BEFORE.items() if starts_at - before > now]


def expected_attendees(db: Session, meeting: Meeting) -> list[int]:
    kind = meeting_kind(meeting.kind)
    rows = db.execute(select(Person.id, Person.name, Person.status, Person.committee_member)
                      .where(Person.org_id == meeting.org_id).order_by(Person.id))
    return [pid for pid, name, status, committee in rows
            if kind.expects(PersonFacts(name=name, status=status, committee_member=committee))]


def send(db: Session, meeting_id: int, starts_at_iso: str, which: str):
    """The reminder as a notice; None when the meeting is gone or was moved since it was scheduled."""
    meeting = db.get(Meeting, meeting_id)
    if meeting is None or meeting.starts_at != datetime.fromisoformat(starts_at_iso):
        return None
    people = expected_attendees(db, meeting)
    if not people:
        return None
    local = clock.china_time(meeting.starts_at).strftime("%m月%d日 %H:%M")
    lead = "明天" if which == "day" else "一小时后"
    place = f"，地点：{meeting.location}" if meeting.location else ""
    return notices.create_notice(db, Principal(org_id=meeting.org_id), title=f"会议提醒：{meeting.title}"[:100],
                                 body=f"{lead}（{local}）召开{meeting.title}{place}，请准时参加。",
                                 audience={"meeting_id": meeting.id}, kind="meeting_reminder", ref_id=meeting.id,
                                 person_ids=people)
