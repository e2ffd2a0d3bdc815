"""Meeting reminders one day and one hour before a meeting, to the people expected to attend."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Meeting, Person
from server.services import clock
from server.services.scope import Principal

BEFORE = {"day": timedelta(days=1), "hour": timedelta(hours=1)}
ATTENDEES = {"branch_assembly": ("member", "probationary"), "members_and_masses": ("member", "probationary", "mass_rep")}


def schedule(meeting: Meeting) -> None:
    """Queue both reminders (after the request commits); a time already past is skipped."""
    from server import jobs
    from server.jobs.meetings import send_meeting_reminder

    for which, before in BEFORE.items():
        when = meeting.starts_at - before
        if when > clock.now():
            jobs.after_commit(send_meeting_reminder, meeting.id, meeting.starts_at.isoformat(), which, when=when)


def expected_attendees(session: Session, meeting: Meeting) -> list[int]:
    query = select(Person.id).where(Person.org_id == meeting.org_id)
    if meeting.kind == "branch_committee":
        query = query.where(Person.committee_member.is_(True))
    else:
        query = query.where(Person.status.in_(ATTENDEES[meeting.kind]))
    return list(session.scalars(query))


def send(session: Session, meeting_id: int, starts_at_iso: str, which: str):
    """The reminder as a notice; None when the meeting is gone or was moved since it was scheduled."""
    from server.services import notices

    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.starts_at != datetime.fromisoformat(starts_at_iso):
        return None
    people = expected_attendees(session, meeting)
    if not people:
        return None
    local = meeting.starts_at.astimezone(clock.CHINA).strftime("%m月%d日 %H:%M")
    lead = "明天" if which == "day" else "一小时后"
    notice = notices.create_notice(session, Principal(org_id=meeting.org_id), title=f"会议提醒：{meeting.title}"[:100],
                                   body=f"{lead}（{local}）召开{meeting.title}" + (f"，地点：{meeting.location}" if meeting.location else "") + "，请准时参加。",
                                   audience={"meeting_id": meeting.id}, kind="meeting_reminder", ref_id=meeting.id,
                                   person_ids=people)
    return notice
