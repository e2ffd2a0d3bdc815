"""Meeting reminders one day and one hour before a meeting, to the people expected to attend."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from server import clock
from server.domain.eligibility import PersonFacts
from server.domain.kinds import meeting_kind
from server.models import Meeting, MeetingReminder, Person
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


def plan(db: Session, meeting: Meeting) -> None:
    """Plan the reminders of a booked or moved meeting in its transaction: whichever of the booked job or the sweep
    comes first sends each, once (the unsent ones of an old time are dropped)."""
    cancel(db, meeting.id)
    for which, when in due_times(meeting.starts_at, clock.now()):
        db.add(MeetingReminder(meeting_id=meeting.id, which=which, starts_at=meeting.starts_at, due_at=when))


def cancel(db: Session, meeting_id: int) -> None:
    db.execute(delete(MeetingReminder).where(MeetingReminder.meeting_id == meeting_id,
                                             MeetingReminder.sent_at.is_(None)))


def send(db: Session, meeting_id: int, starts_at_iso: str, which: str):
    """The planned reminder as a notice, once; None when it was sent already, or the meeting moved or is gone."""
    starts_at = datetime.fromisoformat(starts_at_iso)
    claimed = db.execute(update(MeetingReminder)
                         .where(MeetingReminder.meeting_id == meeting_id, MeetingReminder.which == which,
                                MeetingReminder.starts_at == starts_at, MeetingReminder.sent_at.is_(None))
                         .values(sent_at=clock.now()).returning(MeetingReminder.id)).first()
    meeting = db.get(Meeting, meeting_id)
    if claimed is None or meeting is None or meeting.starts_at != starts_at or meeting.starts_at <= clock.now():
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


def send_due(db: Session) -> int:
    """Send the reminders whose time has come that no booked job sent (Redis lost it, or the workers were down):
    only the latest of a meeting's, and none for a meeting already started. Returns how many were sent."""
    now = clock.now()
    due = db.execute(select(MeetingReminder.meeting_id, MeetingReminder.which, MeetingReminder.starts_at)
                     .where(MeetingReminder.sent_at.is_(None), MeetingReminder.due_at <= now)
                     .order_by(MeetingReminder.meeting_id, MeetingReminder.due_at)).all()
    latest = {meeting_id: (which, starts_at) for meeting_id, which, starts_at in due}
    sent = 0
    for meeting_id, which, starts_at in due:
        if (which, starts_at) != latest[meeting_id] or starts_at <= now:  # overtaken by a later one, or too late
            db.execute(update(MeetingReminder).where(MeetingReminder.meeting_id == meeting_id,
                                                     MeetingReminder.which == which,
                                                     MeetingReminder.sent_at.is_(None)).values(sent_at=now))
        elif send(db, meeting_id, starts_at.isoformat(), which) is not None:
            sent += 1
    return sent
