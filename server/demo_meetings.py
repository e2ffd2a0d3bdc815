"""The demo's meetings, so no list starts empty: a finished 两推荐 with its result published (code slips voted
and counted, as at a real meeting), and a 双评议 scheduled next week, which invites the branch's special organizer
(their 列席 invitation and task)."""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from server import clock
from server.models import Account, MeetingInvitation, Task
from server.services import casting, codes, lifecycle, meetings, organizer_work, organizers
from server.services.auth import principal_for_account


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=clock.CHINA)


def add_meetings(db: Session, today: date, branch_id: int) -> None:
    """A finished recommendation meeting last week and a satisfaction meeting next week, in one branch."""
    account = db.scalar(select(Account).where(Account.role == "secretary", Account.org_id == branch_id)
                        .order_by(Account.id).limit(1))
    principal = principal_for_account(db, account)
    rng = random.Random(79)
    finished = _finished_recommendation(db, principal, today - timedelta(days=7), branch_id, rng)
    _organizer_attended(db, finished)
    upcoming = meetings.create_meeting(db, principal, org_id=branch_id, title=f"{today.year} 年度双评议大会",
                                       kind="members_and_masses", starts_at=_at(today + timedelta(days=7), 15),
                                       location="社区党群服务中心二楼")
    meetings.create_session(db, principal, upcoming.id, {"kind": "satisfaction", "title": "发展党员工作满意度测评",
                                                          "include_branch_work": True})


def _finished_recommendation(db: Session, principal, day: date, branch_id: int, rng: random.Random) -> None:
    meeting = meetings.create_meeting(db, principal, org_id=branch_id, title="推荐入党积极分子大会",
                                      kind="members_and_masses", starts_at=_at(day, 15), location="社区党群服务中心")
    eligible = meetings.eligible_people(db, principal, meeting.id, "recommendation", None)
    chosen = [person.id for person in eligible[:3]]
    vote = meetings.create_session(db, principal, meeting.id, {"kind": "recommendation", "title": "推荐入党积极分子",
                                                               "candidate_ids": chosen})
    ballots = {}
    for group, voters in (("member", 20), ("mass", 28)):
        made, _batch = codes.create_codes(db, principal, vote.id, group, voters)
        ballots[group] = made
    lifecycle.open_session(db, principal, vote.id)
    db.flush()  # on PostgreSQL a code is taken by one SQL function call, which sees only what was flushed
    for made in ballots.values():
        for code in made:
            # Most back the first candidate, fewer the second, hardly anyone the third.
            picks = [c for c, share in zip(chosen, (0.9, 0.55, 0.15)[:len(chosen)], strict=True) if rng.random() < share]
            casting.cast(db, None, vote_id=vote.id, answers={"choices": picks}, code=code)
    lifecycle.close_session(db, principal, vote.id)
    lifecycle.publish_session(db, principal, vote.id)
    return meeting.id


def _organizer_attended(db: Session, meeting_id: int) -> None:
    """The organizer attended the finished meeting: the invitation answered and the 列席 task done, by themselves."""
    for invitation in db.scalars(select(MeetingInvitation).where(MeetingInvitation.meeting_id == meeting_id)).all():
        organizer = principal_for_account(db, db.get(Account, invitation.account_id))
        organizer_work.record_attendance(db, organizer, invitation.id, True, "全程列席，计票规范")
        for task in db.scalars(select(Task).where(Task.account_id == invitation.account_id, Task.state == "open",
                                                  Task.due_on < clock.today())).all():
            organizers.complete(db, organizer, task.id, "已列席指导")
