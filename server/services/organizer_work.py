"""A special organizer's work beyond tasks: activities on file, reports upward, recommendations to branches,
invitations to development meetings, and what is due in the organizations they serve (rules:
domain/organizer_work.py)."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server import clock
from server.domain.errors import Conflict, Forbidden, NotFound, RuleViolation
from server.domain.organizer_work import (
    ACTIVITY_KINDS,
    RECOMMENDATION_FLOW,
    REPORT_KINDS,
    WORK_REPORT_LEVELS,
    is_work_report_kind,
)
from server.domain.warnings import OPEN_STATES
from server.models import (
    Account,
    ControlWarning,
    DueStep,
    Meeting,
    MeetingInvitation,
    Organization,
    OrganizerActivity,
    OrganizerAssignment,
    OrganizerRecommendation,
    OrganizerReport,
    Person,
    Publicity,
    Task,
    VoteSession,
)
from server.services import appointments, audit
from server.services.organizers import organizers_for
from server.services.scope import Principal, can_write_org, get_org, in_paths, require_login, require_staff, require_writer

# --- activities on the organizer's file (recorded by the appointing committee) --------------------------------


def add_activity(db: Session, principal: Principal, appointment_id: int, values: dict) -> dict:
    appointment = appointments.appointment_for_staff(db, principal, appointment_id, write=True)
    kind = ACTIVITY_KINDS.get(values.get("kind"))
    if kind is None:
        raise RuleViolation("记录类型无效", fields={"kind": ["应为 " + "、".join(ACTIVITY_KINDS)]})
    problems = kind.problems(values)
    if problems:
        raise RuleViolation(f"{kind.label}记录不完整", fields=problems)
    row = OrganizerActivity(appointment_id=appointment.id, kind=kind.key, happened_on=values["happened_on"],
                            counterpart=values.get("counterpart"), hours=_decimal(values.get("hours"), "0.1"),
                            amount=_decimal(values.get("amount"), "0.01"), notes=values.get("notes"),
                            created_by=principal.account_id)
    db.add(row)
    db.flush()
    audit.record(db, principal, "organizer.activity", "organizer_appointment", appointment.id,
                 appointment.appointing_org_id, kind=kind.key)
    return describe_activity(row)


def _decimal(value, places: str) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal(places))


def describe_activity(row: OrganizerActivity) -> dict:
    return {"id": row.id, "kind": row.kind, "label": ACTIVITY_KINDS[row.kind].label, "happened_on": row.happened_on,
            "counterpart": row.counterpart, "hours": float(row.hours) if row.hours is not None else None,
            "amount": float(row.amount) if row.amount is not None else None, "notes": row.notes}


def list_activities(db: Session, principal: Principal, appointment_id: int) -> list[dict]:
    appointment = appointments.appointment_for_staff(db, principal, appointment_id, write=False)
    rows = db.scalars(select(OrganizerActivity).where(OrganizerActivity.appointment_id == appointment.id)
                      .order_by(OrganizerActivity.happened_on.desc(), OrganizerActivity.id.desc()))
    return [describe_activity(r) for r in rows]


# --- reports upward ---------------------------------------------------------------------------------------------


def _require_serving_organizer(db: Session, principal: Principal) -> Principal:
    principal = require_login(principal)
    if principal.role != "organizer" or not principal.read_paths:
        raise Forbidden("只有聘期内的特聘组织员可以这样做", code="not_serving_organizer")
    return principal


def file_report(db: Session, principal: Principal, *, kind: str, title: str, body: str) -> dict:
    """To the committee that appointed the organizer (or, without an appointment, the account's organization)."""
    principal = _require_serving_organizer(db, principal)
    if REPORT_KINDS.get(kind) is None:
        raise RuleViolation("报告类型无效", fields={"kind": ["应为 " + "、".join(REPORT_KINDS)]})
    account = db.get(Account, principal.account_id)
    appointment = appointments.appointment_on(db, account.person_id, clock.today())
    org_id = appointment.appointing_org_id if appointment else account.org_id
    report = OrganizerReport(account_id=account.id, org_id=org_id, kind=kind, title=title, body=body)
    db.add(report)
    db.flush()
    return describe_report(db, report)


def file_work_report(db: Session, principal: Principal, *, kind: str, title: str, body: str) -> dict:
    """A county or committee reports its 经验做法 or 存在问题 to the city (组织三科), which answers it there."""
    principal = require_writer(principal)
    own = db.get(Organization, principal.org_id)
    if principal.role != "org_staff" or own.level not in WORK_REPORT_LEVELS:
        raise Forbidden("由县（区）委组织部和基层党（工）委向市委组织部报送", code="not_a_reporting_level")
    if not is_work_report_kind(kind):
        raise RuleViolation("报送类型应为经验做法或存在问题", fields={"kind": ["应为 experience 或 problems"]})
    city_id = int(own.path.strip("/").split("/")[0])
    report = OrganizerReport(account_id=principal.account_id, org_id=city_id, kind=kind, title=title, body=body)
    db.add(report)
    db.flush()
    audit.record(db, principal, "work_report.filed", "organizer_report", report.id, own.id, kind=kind)
    return describe_report(db, report)


def may_report_to_city(db: Session, principal: Principal) -> bool:
    if principal is None or not principal.can_write or principal.role != "org_staff":
        return False
    return db.get(Organization, principal.org_id).level in WORK_REPORT_LEVELS


def describe_report(db: Session, report: OrganizerReport) -> dict:
    account = db.get(Account, report.account_id)
    person = db.get(Person, account.person_id) if account.person_id else None
    if account.role != "organizer":  # a county's or committee's report: it speaks for its organization
        person = None
        account_org = db.get(Organization, account.org_id)
        author = account_org.name if account_org else account.username
    else:
        author = person.name if person else account.username
    return {"id": report.id, "kind": report.kind, "kind_label": REPORT_KINDS[report.kind], "title": report.title,
            "body": report.body, "org_id": report.org_id, "org_name": db.get(Organization, report.org_id).name,
            "author": author, "created_at": report.created_at,
            "answer": report.answer, "answered_at": report.answered_at}


def list_reports(db: Session, principal: Principal) -> list[dict]:
    """An organizer's own reports; staff read those sent to organizations in their subtree."""
    query = _own_or_in_subtree(principal, OrganizerReport, also_own=True)
    own = db.get(Organization, principal.org_id) if principal and principal.org_id else None
    if own is not None and own.level == "city" and principal.role != "organizer":
        # The city reads the experience (经验做法, for its 组织三科) and what is addressed to it; the rest stays
        # with the committees and counties.
        query = query.where((OrganizerReport.kind == "experience") | (OrganizerReport.org_id == own.id)
                            | (OrganizerReport.account_id == principal.account_id))
    rows = list(db.scalars(query.order_by(OrganizerReport.id.desc()).limit(300)))
    orgs = {o.id: o for o in db.scalars(select(Organization).where(Organization.id.in_({r.org_id for r in rows})))} if rows else {}
    answers = principal.role == "org_staff" and principal.can_write
    return [{**describe_report(db, r), "can_answer": bool(answers and r.answer is None and can_write_org(principal, orgs[r.org_id]))}
            for r in rows]


def _own_or_in_subtree(principal: Principal, model, *, also_own: bool = False):
    """An organizer's own rows; for staff, the rows of organizations in their subtree (and, `also_own`, the rows
    they filed themselves, such as a county's report to the city)."""
    principal = require_login(principal)
    query = select(model).join(Organization, Organization.id == model.org_id)
    if principal.role == "organizer":
        return query.where(model.account_id == principal.account_id)
    within = in_paths(Organization.path, require_staff(principal).read_paths)
    return query.where(within | (model.account_id == principal.account_id) if also_own else within)


def _writable(db: Session, principal: Principal, row, message: str, code: str):
    """The row if the caller may change its organization; otherwise it is not found."""
    if row is None:
        raise NotFound(message, code=code)
    try:
        get_org(db, principal, row.org_id, write=True)
    except (NotFound, Forbidden):
        raise NotFound(message, code=code) from None
    return row


def answer_report(db: Session, principal: Principal, report_id: int, answer: str) -> dict:
    principal = require_writer(principal)
    report = db.get(OrganizerReport, report_id) if isinstance(report_id, int) and principal.role == "org_staff" else None
    report = _writable(db, principal, report, "找不到该报告", "report_not_found")
    report.answer, report.answered_by, report.answered_at = answer, principal.account_id, clock.now()
    audit.record(db, principal, "organizer.report_answered", "organizer_report", report.id, report.org_id)
    return describe_report(db, report)


# --- recommendations to branches ------------------------------------------------------------------------------


def recommend(db: Session, principal: Principal, *, org_id: int, name: str, reason: str) -> dict:
    principal = _require_serving_organizer(db, principal)
    org = get_org(db, principal, org_id)
    if org.level != "branch":
        raise RuleViolation("请推荐给党支部", fields={"org_id": ["应为党支部"]})
    row = OrganizerRecommendation(account_id=principal.account_id, org_id=org.id, name=name, reason=reason,
                                  state="open")
    db.add(row)
    db.flush()
    return describe_recommendation(db, row)


def describe_recommendation(db: Session, row: OrganizerRecommendation) -> dict:
    return {"id": row.id, "org_id": row.org_id, "org_name": db.get(Organization, row.org_id).name, "name": row.name,
            "reason": row.reason, "state": row.state, "state_label": RECOMMENDATION_FLOW.label(row.state),
            "decision_note": row.decision_note, "created_at": row.created_at, "decided_at": row.decided_at}


def list_recommendations(db: Session, principal: Principal) -> list[dict]:
    query = _own_or_in_subtree(principal, OrganizerRecommendation)
    return [describe_recommendation(db, r)
            for r in db.scalars(query.order_by(OrganizerRecommendation.id.desc()).limit(300))]


def decide_recommendation(db: Session, principal: Principal, recommendation_id: int, action: str,
                          note: str | None) -> dict:
    """The branch (or staff above it) takes the recommendation up or not."""
    principal = require_writer(principal)
    row = db.get(OrganizerRecommendation, recommendation_id) if isinstance(recommendation_id, int) else None
    row = _writable(db, principal, row, "找不到该推荐", "recommendation_not_found")
    target = RECOMMENDATION_FLOW.apply(row.state, action)
    if target is not None:
        row.state, row.decision_note, row.decided_by, row.decided_at = target, note, principal.account_id, clock.now()
        audit.record(db, principal, "organizer.recommendation_decided", "organizer_recommendation", row.id,
                     row.org_id, state=target)
    return describe_recommendation(db, row)


# --- invitations to development meetings ----------------------------------------------------------------------


def invite_to_meeting(db: Session, meeting: Meeting) -> int:
    """Every organizer serving the meeting's branch today is invited (列席指导), once."""
    org = db.get(Organization, meeting.org_id)
    invited = 0
    for account_id in organizers_for(db, org):
        if db.scalar(select(MeetingInvitation.id).where(MeetingInvitation.meeting_id == meeting.id,
                                                        MeetingInvitation.account_id == account_id)) is None:
            db.add(MeetingInvitation(meeting_id=meeting.id, account_id=account_id, state="invited"))
            invited += 1
    return invited


ATTENDANCE = {"invited": "待确认", "attended": "已列席", "absent": "未列席"}


def describe_invitation(invitation: MeetingInvitation, meeting: Meeting, org_name: str) -> dict:
    held_on = clock.china_date(meeting.starts_at)
    return {"id": invitation.id, "meeting_id": meeting.id, "title": meeting.title, "starts_at": meeting.starts_at,
            "location": meeting.location, "org_id": meeting.org_id, "org_name": org_name, "state": invitation.state,
            "state_label": ATTENDANCE[invitation.state], "note": invitation.note, "held_on": held_on,
            "can_record": held_on <= clock.today()}


def _invitations_query(principal: Principal):
    return (select(MeetingInvitation, Meeting, Organization.name)
            .join(Meeting, Meeting.id == MeetingInvitation.meeting_id)
            .join(Organization, Organization.id == Meeting.org_id)
            .where(MeetingInvitation.account_id == principal.account_id,
                   in_paths(Organization.path, principal.read_paths)))


def list_invitations(db: Session, principal: Principal) -> list[dict]:
    """An organizer's invitations in the organizations they serve today (they end with the term)."""
    principal = require_login(principal)
    rows = db.execute(_invitations_query(principal).order_by(Meeting.starts_at.desc()).limit(200))
    return [describe_invitation(i, m, name) for i, m, name in rows]


def record_attendance(db: Session, principal: Principal, invitation_id: int, attended: bool,
                      note: str | None) -> dict:
    principal = require_login(principal)
    row = db.execute(_invitations_query(principal).where(MeetingInvitation.id == invitation_id)).first() \
        if isinstance(invitation_id, int) else None
    if row is None:
        raise NotFound("找不到该邀请", code="invitation_not_found")
    invitation, meeting, name = row
    held_on = clock.china_date(meeting.starts_at)
    if held_on > clock.today():  # whether one attended is known on the day, not a week ahead
        raise Conflict(f"会议于 {held_on.isoformat()} 召开，当天及以后才能记录列席情况", code="meeting_not_held",
                       extra={"held_on": held_on.isoformat()})
    invitation.state, invitation.note, invitation.responded_at = ("attended" if attended else "absent"), note, clock.now()
    return describe_invitation(invitation, meeting, name)


# --- what is due where the organizer serves ---------------------------------------------------------------------


def due_for_organizer(db: Session, principal: Principal) -> dict:
    """The organizer's phone home: their organizations, sessions to attend, publicities to watch, overdue steps,
    open warnings, open tasks and invitations; empty once the term has ended."""
    principal = require_login(principal)
    if principal.role != "organizer":
        raise Forbidden("这是特聘组织员的待办", code="not_an_organizer")
    today = clock.today()
    paths, within = principal.read_paths, in_paths(Organization.path, principal.read_paths)
    orgs = db.execute(select(Organization.id, Organization.name, OrganizerAssignment.term_end)
                      .join(OrganizerAssignment, OrganizerAssignment.org_id == Organization.id)
                      .where(OrganizerAssignment.account_id == principal.account_id,
                             appointments.in_term_condition(today)).order_by(Organization.path)).all()
    sessions = db.execute(select(VoteSession, Meeting, Organization.name)
                          .join(Meeting, Meeting.id == VoteSession.meeting_id)
                          .join(Organization, Organization.id == VoteSession.org_id)
                          .where(within, VoteSession.state.in_(("draft", "open")))
                          .order_by(Meeting.starts_at).limit(50)).all() if paths else []
    publicities = db.execute(select(Publicity, Person.name, Organization.name)
                             .join(Person, Person.id == Publicity.person_id)
                             .join(Organization, Organization.id == Publicity.org_id)
                             .where(within, Publicity.starts_on <= today, Publicity.ends_on >= today)
                             .order_by(Publicity.ends_on).limit(50)).all() if paths else []
    overdue = db.scalar(select(func.count()).select_from(DueStep).join(Organization, Organization.id == DueStep.org_id)
                        .where(within, DueStep.overdue.is_(True))) if paths else 0
    due_soon = db.scalar(select(func.count()).select_from(DueStep).join(Organization, Organization.id == DueStep.org_id)
                         .where(within, DueStep.overdue.is_(False),
                                DueStep.due_on <= today + timedelta(days=7))) if paths else 0
    warnings = db.execute(select(ControlWarning, Organization.name)
                          .join(Organization, Organization.id == ControlWarning.org_id)
                          .where(within, ControlWarning.state.in_(OPEN_STATES)).limit(50)).all() if paths else []
    tasks = db.scalar(select(func.count()).select_from(Task).join(Organization, Organization.id == Task.org_id)
                      .where(Task.account_id == principal.account_id, Task.state == "open", within)) if paths else 0
    branches = db.execute(select(Organization.id, Organization.name)
                          .where(within, Organization.level == "branch").order_by(Organization.path).limit(300)).all() \
        if paths else []
    return {
        "organizations": [{"id": i, "name": n, "term_end": end} for i, n, end in orgs],
        "branches": [{"id": i, "name": n} for i, n in branches],
        "sessions": [{"id": v.id, "title": v.title, "meeting_title": m.title, "starts_at": m.starts_at,
                      "state": v.state, "org_name": name} for v, m, name in sessions],
        "publicities": [{"id": p.id, "kind": p.kind, "name": person, "org_name": org, "ends_on": p.ends_on}
                        for p, person, org in publicities],
        "overdue_steps": overdue, "steps_due_soon": due_soon,
        "warnings": [{"id": w.id, "level": w.level, "state": w.state, "org_name": name} for w, name in warnings],
        "open_tasks": tasks,
        "invitations": [i for i in list_invitations(db, principal) if i["state"] == "invited"],
    }
