"""The daily due list: steps due within a week and steps overdue, for every person on the way to membership.

The scan recomputes each record from its facts, keeps the list in `due_steps` (what warning criterion 5 reads),
makes a task for the branch's secretaries and the organizers of the organization for each new item, and tells
them once when an item becomes due and once when it becomes overdue.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from server import clock
from server.adapters import sql
from server.domain.record import Entry, Facts, Record
from server.domain.steps import STEPS
from server.models import Account, DueStep, Organization, OrganizerAssignment, Person, RecordEntry, Task
from server.services import notices
from server.services.appointments import in_term_condition, remind_assessments
from server.services.scope import Principal, get_org, in_paths, require_login

IN_PROGRESS = ("applicant", "activist", "target", "probationary")
PERSON_COLUMNS = (Person.id, Person.org_id, Person.name, Person.status, Person.record_from, Person.applied_at,
                  Person.activist_at, Person.target_at, Person.probationary_at, Person.full_member_at)


def _people_in_progress(db: Session, person_ids: list[int] | None = None) -> list:
    query = select(*PERSON_COLUMNS).where(Person.status.in_(IN_PROGRESS))
    if person_ids is not None:
        query = query.where(Person.id.in_(person_ids))
    return list(db.execute(query))


def _entries(db: Session, person_ids: list[int] | None = None) -> dict[int, list[Entry]]:
    query = (select(RecordEntry.person_id, RecordEntry.key, RecordEntry.round, RecordEntry.done_on, RecordEntry.fields)
             .join(Person, Person.id == RecordEntry.person_id).where(Person.status.in_(IN_PROGRESS)))
    if person_ids is not None:
        query = query.where(RecordEntry.person_id.in_(person_ids))
    rows = db.execute(query)
    entries: dict[int, list[Entry]] = defaultdict(list)
    for person_id, key, round_, done_on, fields in rows:
        entries[person_id].append(Entry(key=key, done_on=done_on, round=round_, fields=fields or {}))
    return entries


def find_due(db: Session, today: date, person_ids: list[int] | None = None) -> dict[tuple[int, str], tuple[int, str, date, bool]]:
    """(person, step) → (org, person's name, due date, overdue) for every record in progress (or these people's)."""
    entries = _entries(db, person_ids)
    found = {}
    for pid, org_id, name, status, record_from, *dates in _people_in_progress(db, person_ids):
        applied, activist, target, probationary, member = dates
        record = Record(Facts(status=status, record_from=record_from or status, applied_at=applied,
                              activist_at=activist, target_at=target, probationary_at=probationary,
                              full_member_at=member, entries=tuple(entries.get(pid, ()))), today)
        for step, due_on, overdue in record.due_items():
            found[(pid, step.key)] = (org_id, name, due_on, overdue)
    return found


def _sync(db: Session, found: dict, existing: dict, today: date) -> tuple[list[int], list[dict]]:
    """Make `due_steps` hold what was found: items no longer due go (with their open tasks), new ones come."""
    gone = [r.id for key, r in existing.items() if key not in found]
    if gone:
        for start in range(0, len(gone), 1000):
            chunk = gone[start:start + 1000]
            db.execute(update(Task).where(Task.kind == "record_step", Task.ref_id.in_(chunk), Task.state == "open")
                       .values(state="done", note="环节已完成或不再到期", done_at=clock.now()))
            db.execute(delete(DueStep).where(DueStep.id.in_(chunk)))
    new_rows = [{"person_id": pid, "org_id": org_id, "step_key": key, "due_on": due_on, "overdue": overdue,
                 "notified": "", "found_on": today}
                for (pid, key), (org_id, _, due_on, overdue) in found.items() if (pid, key) not in existing]
    for start in range(0, len(new_rows), 5000):
        db.execute(insert(DueStep), new_rows[start:start + 5000])
    for key, row in existing.items():
        if key in found:
            _, _, due_on, overdue = found[key]
            if (row.due_on, row.overdue) != (due_on, overdue):
                row.due_on, row.overdue = due_on, overdue
    db.flush()
    return gone, new_rows


def refresh(db: Session, person_ids: list[int], today: date | None = None) -> None:
    """The due list of these people, brought up to date at once (a step recorded, a person added or corrected):
    the home pages and the organizers' overdue counts need not wait for the night. The night's scan still makes
    the tasks and the pushes."""
    if not person_ids:
        return
    today = today or clock.today()
    db.flush()
    found = find_due(db, today, person_ids)
    existing = {(r.person_id, r.step_key): r for r in db.scalars(select(DueStep).where(DueStep.person_id.in_(person_ids)))}
    _sync(db, found, existing, today)


def scan(db: Session, today: date | None = None) -> dict:
    """Bring `due_steps` up to date, make the tasks and queue the pushes; returns what changed."""
    today = today or clock.today()
    found = find_due(db, today)
    existing = {(r.person_id, r.step_key): r for r in db.scalars(select(DueStep))}
    gone, new_rows = _sync(db, found, existing, today)
    sql.refresh_statistics(db, DueStep, added=len(new_rows), before=len(existing))
    told = _tell(db, found, today)
    return {"due": len(found), "overdue": sum(1 for v in found.values() if v[3]), "new": len(new_rows),
            "gone": len(gone), "notified_orgs": told, "assessment_reminders": remind_assessments(db, today)}


def _responsible(db: Session, org_ids: set[int]) -> dict[int, list[tuple[int, int | None]]]:
    """Per organization: (account id, bound person id) of its secretaries and of the organizers serving it."""
    result: dict[int, list[tuple[int, int | None]]] = defaultdict(list)
    for account_id, org_id, person_id in db.execute(
            select(Account.id, Account.org_id, Account.person_id)
            .where(Account.role == "secretary", Account.active.is_(True), Account.org_id.in_(org_ids))):
        result[org_id].append((account_id, person_id))
    assignments = list(db.execute(select(OrganizerAssignment.account_id, Organization.path, Account.person_id)
                                  .join(Organization, Organization.id == OrganizerAssignment.org_id)
                                  .join(Account, Account.id == OrganizerAssignment.account_id)
                                  .where(Account.active.is_(True), in_term_condition(clock.today()))))
    if assignments:
        paths = dict(db.execute(select(Organization.id, Organization.path).where(Organization.id.in_(org_ids))).all())
        for org_id, path in paths.items():
            result[org_id] += [(a, p) for a, assigned, p in assignments if path.startswith(assigned)]
    return result


def _tell(db: Session, found: dict, today: date) -> int:
    """A task per new item for everyone responsible; one notice per organization with items newly due or newly
    overdue (each item is told once as due and once as overdue)."""
    rows = list(db.scalars(select(DueStep).where(DueStep.found_on <= today)))
    to_tell = [r for r in rows if r.notified != ("overdue" if r.overdue else "soon")]
    if not to_tell:
        return 0
    by_org: dict[int, list[DueStep]] = defaultdict(list)
    for row in to_tell:
        by_org[row.org_id].append(row)
    responsible = _responsible(db, set(by_org))
    names = {pid: name for (pid, _), (_, name, _, _) in found.items()}
    tasks = []
    for org_id, items in by_org.items():
        for row in items:
            if row.notified:
                continue  # told before: its task exists
            step = STEPS[row.step_key]
            for account_id, _ in responsible.get(org_id, []):
                tasks.append({"account_id": account_id, "org_id": org_id, "kind": "record_step", "ref_id": row.id,
                              "title": f"{names.get(row.person_id, '')}：{step.name}"[:200], "due_on": row.due_on,
                              "state": "open"})
        people = sorted({p for _, p in responsible.get(org_id, []) if p})
        if people:
            overdue = sum(1 for r in items if r.overdue)
            notices.create_notice(db, Principal(org_id=org_id), title="发展党员环节到期提醒",
                                  body=f"有 {len(items) - overdue} 个环节将在 7 天内到期，{overdue} 个环节已逾期，请及时办理。",
                                  audience={"due_scan": today.isoformat()}, kind="record_due", person_ids=people)
    if tasks:
        existing = set(db.execute(select(Task.account_id, Task.ref_id).where(Task.kind == "record_step")))
        tasks = [t for t in tasks if (t["account_id"], t["ref_id"]) not in existing]
        for start in range(0, len(tasks), 5000):
            db.execute(insert(Task), tasks[start:start + 5000])
    for row in to_tell:
        row.notified = "overdue" if row.overdue else "soon"
    return len(by_org)


def _due_rows(db: Session, principal: Principal, org_id: int | None):
    """The caller's due rows (a secretary's branch, a committee's subtree, an organizer's organizations)."""
    principal = require_login(principal)
    query = (select(DueStep, Person.name, Organization.name).join(Person, Person.id == DueStep.person_id)
             .join(Organization, Organization.id == DueStep.org_id)
             .where(in_paths(Organization.path, principal.read_paths)))
    if org_id is not None:
        query = query.where(Organization.path.startswith(get_org(db, principal, org_id).path))
    return query


def due_list(db: Session, principal: Principal, org_id: int | None = None, overdue_only: bool = False,
             limit: int = 1000) -> list[dict]:
    """The due list of the caller's organizations, soonest first."""
    query = _due_rows(db, principal, org_id)
    if overdue_only:
        query = query.where(DueStep.overdue.is_(True))
    rows = db.execute(query.order_by(DueStep.due_on, DueStep.id).limit(limit))
    return [{"id": d.id, "person_id": d.person_id, "name": name, "org_id": d.org_id, "org_name": org_name,
             "key": d.step_key, "step": STEPS[d.step_key].name, "no": STEPS[d.step_key].no, "due_on": d.due_on,
             "overdue": d.overdue} for d, name, org_name in rows]


def due_counts(db: Session, principal: Principal, org_id: int | None = None) -> dict:
    """How many steps are due within a week and overdue in all (the list itself stops at its limit)."""
    rows = _due_rows(db, principal, org_id).subquery()
    total, overdue = db.execute(select(func.count(), func.count().filter(rows.c.overdue.is_(True)))
                                .select_from(rows)).one()
    return {"total": total, "overdue": overdue}
