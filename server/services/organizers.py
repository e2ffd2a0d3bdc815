"""Special organizers (特聘组织员): their organizations, and the tasks that reach them (seed part 四)."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server import clock
from server.adapters.sql import insert_unless_exists
from server.domain.errors import Conflict, Forbidden, NotFound, RuleViolation
from server.domain.organizer_terms import term_ends_on
from server.models import Account, Organization, OrganizerAppointment, OrganizerAssignment, Task
from server.services import appointments, audit
from server.services.scope import Principal, can_read_org, get_org, in_paths, require_login, require_writer


def assign(db: Session, principal: Principal, account_id: int, org_id: int) -> OrganizerAssignment:
    """A committee's staff assigns an organization in its subtree to an organizer, within the organizer's term.

    An organizer account that belongs to an appointed person serves within that appointment's term (and not at
    all outside one); an account made by hand without an appointment gets a two-year term from today."""
    principal = require_writer(principal)
    account = db.get(Account, account_id) if isinstance(account_id, int) else None
    if account is None or account.role != "organizer":
        raise NotFound("找不到该特聘组织员", code="organizer_not_found")
    get_org(db, principal, account.org_id, write=True)  # the organizer belongs to the caller's subtree
    org = get_org(db, principal, org_id, write=True)
    today = clock.today()
    appointment = appointments.appointment_on(db, account.person_id, today)
    if appointment is not None:
        term = {"appointment_id": appointment.id, "term_start": appointment.starts_on, "term_end": appointment.ends_on}
    elif account.person_id is not None and db.scalar(select(OrganizerAppointment.id).where(
            OrganizerAppointment.person_id == account.person_id).limit(1)):
        raise Conflict("该特聘组织员不在聘期内，续聘后才能分配组织", code="not_in_term")
    else:
        term = {"appointment_id": None, "term_start": today, "term_end": term_ends_on(today)}
    existing = db.scalar(select(OrganizerAssignment).where(OrganizerAssignment.account_id == account.id,
                                                           OrganizerAssignment.org_id == org.id))
    if existing is not None and not appointments.ended_or_missing(existing, today):
        raise Conflict("已分配该组织", code="already_assigned")
    if existing is not None:  # served it in an earlier term: serves it again in this one
        db.execute(update(OrganizerAssignment).where(OrganizerAssignment.id == existing.id)
                   .values(appointed_by=principal.account_id, **term))
        assignment_id = existing.id
    else:
        assignment_id = insert_unless_exists(db, OrganizerAssignment, account_id=account.id, org_id=org.id,
                                             appointed_by=principal.account_id, **term)
        if assignment_id is None:
            raise Conflict("已分配该组织", code="already_assigned")
    audit.record(db, principal, "organizer.assigned", "account", account.id, org.id)
    _catch_up(db, account.id, org)
    assignment = db.get(OrganizerAssignment, assignment_id)
    db.refresh(assignment)
    return assignment


def _catch_up(db: Session, account_id: int, org: Organization) -> None:
    """A newly assigned organizer gets the 列席 tasks and the invitations of what is already scheduled there."""
    from server.models import Meeting, MeetingInvitation, VoteSession

    today_began = datetime.combine(clock.today(), time.min, clock.CHINA)  # today's meetings count too
    subtree = Organization.path.startswith(org.path, autoescape=True)
    upcoming = list(db.execute(select(VoteSession.id, VoteSession.org_id, VoteSession.title, Meeting.title,
                                      Meeting.starts_at)
                               .join(Meeting, Meeting.id == VoteSession.meeting_id)
                               .join(Organization, Organization.id == VoteSession.org_id)
                               .where(subtree, VoteSession.state.in_(("draft", "open")))))
    for vote_id, org_id, title, meeting_title, starts_at in upcoming:
        insert_unless_exists(db, Task, account_id=account_id, org_id=org_id, kind="attend_vote", ref_id=vote_id,
                             title=f"列席：{meeting_title}（{title}）"[:200], due_on=clock.china_date(starts_at),
                             state="open")
    invited = set(db.scalars(select(MeetingInvitation.meeting_id).where(MeetingInvitation.account_id == account_id)))
    for meeting_id in db.scalars(select(Meeting.id).join(Organization, Organization.id == Meeting.org_id)
                                 .where(subtree, Meeting.starts_at >= today_began)):
        if meeting_id not in invited:
            db.add(MeetingInvitation(meeting_id=meeting_id, account_id=account_id, state="invited"))


def list_assignments(db: Session, principal: Principal, account_id: int) -> list[dict]:
    principal = require_login(principal)
    account = db.get(Account, account_id) if isinstance(account_id, int) else None
    if account is None or account.role != "organizer" or (
            principal.account_id != account.id and not _in_scope(db, principal, account.org_id)):
        raise NotFound("找不到该特聘组织员", code="organizer_not_found")
    rows = db.execute(select(OrganizerAssignment, Organization.name)
                           .join(Organization, Organization.id == OrganizerAssignment.org_id)
                           .where(OrganizerAssignment.account_id == account.id))
    return [{"id": a.id, "org_id": a.org_id, "org_name": name, "term_start": a.term_start, "term_end": a.term_end}
            for a, name in rows]


def _in_scope(db, principal, org_id) -> bool:
    try:
        get_org(db, principal, org_id)
        return True
    except (NotFound, Forbidden):
        return False


def organizers_for(db: Session, org: Organization) -> list[int]:
    """Organizers in their term today whose assigned organizations contain `org`."""
    lineage = [int(part) for part in org.path.strip("/").split("/")]  # the org and its ancestors
    return sorted(set(db.scalars(select(OrganizerAssignment.account_id).where(
        OrganizerAssignment.org_id.in_(lineage), appointments.in_term_condition(clock.today())))))


def create_auto_tasks(db: Session, org_id: int, kind: str, ref_id: int, title: str, due_on: date) -> int:
    """列席 / 跟进整改 tasks for every organizer of the organization; once per task source."""
    org = db.get(Organization, org_id)
    created = 0
    for account_id in organizers_for(db, org):
        if insert_unless_exists(db, Task, account_id=account_id, org_id=org.id, kind=kind, ref_id=ref_id,
                                title=title[:200], due_on=due_on, state="open") is not None:
            created += 1
    return created


def create_task(db: Session, principal: Principal, *, account_id: int, org_id: int, title: str,
                due_on: date, kind: str = "manual") -> Task:
    principal = require_writer(principal)
    org = get_org(db, principal, org_id, write=True)
    if account_id not in organizers_for(db, org):
        raise RuleViolation("该组织员没有分配到这个组织", code="organizer_not_assigned",
                            fields={"account_id": ["未分配到该组织"]})
    task = Task(account_id=account_id, org_id=org.id, kind=kind, title=title, due_on=due_on, state="open",
                created_by=principal.account_id)
    db.add(task)
    db.flush()
    audit.record(db, principal, "task.created", "task", task.id, org.id)
    return describe_task(task, org.name, clock.today())


def list_tasks(db: Session, principal: Principal, *, open_only: bool = False) -> list[dict]:
    """An organizer's own tasks; staff see the tasks in their subtree. Sorted by due date, overdue marked."""
    principal = require_login(principal)
    query = select(Task, Organization.name).join(Organization, Organization.id == Task.org_id)
    if principal.role == "organizer":  # only in the organizations they serve today: tasks end with the term
        query = query.where(Task.account_id == principal.account_id, in_paths(Organization.path, principal.read_paths))
    elif principal.is_staff:
        query = query.where(in_paths(Organization.path, principal.read_paths))
    else:
        raise Forbidden("只有特聘组织员和组织工作人员有任务", code="no_tasks")
    if open_only:
        query = query.where(Task.state == "open")
    today = clock.today()
    return [describe_task(t, org_name, today) for t, org_name in db.execute(query.order_by(Task.due_on, Task.id)
                                                                                  .limit(500))]


def describe_task(task: Task, org_name: str, today: date) -> dict:
    return {"id": task.id, "kind": task.kind, "title": task.title, "org_id": task.org_id, "org_name": org_name,
            "account_id": task.account_id, "due_on": task.due_on, "state": task.state, "note": task.note,
            "done_at": task.done_at, "overdue": task.state == "open" and task.due_on < today}


def complete(db: Session, principal: Principal, task_id: int, note: str) -> dict:
    principal = require_login(principal)
    task = db.get(Task, task_id) if isinstance(task_id, int) else None
    if task is None or task.account_id != principal.account_id or not can_read_org(principal, db.get(Organization, task.org_id)):
        raise NotFound("找不到该任务", code="task_not_found")
    if task.state == "done":
        return {"id": task.id, "state": task.state, "note": task.note}
    db.execute(update(Task).where(Task.id == task.id).values(state="done", note=note, done_at=clock.now()))
    audit.record(db, principal, "task.done", "task", task.id, task.org_id)
    return {"id": task.id, "state": "done", "note": note}


def due_after(day: date, days: int) -> date:
    return day + timedelta(days=days)
