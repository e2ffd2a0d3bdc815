"""Development records (全程纪实): reading a person's 25 steps, recording a step, and what votes and approvals
do to a person's status. The rules are server.domain.record and server.domain.steps; this module loads the
facts, checks who may act, stores entries and applies status changes, in the caller's transaction."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server import clock
from server.domain.errors import Conflict, Forbidden, NotFound, RuleViolation
from server.domain.record import RECOMMENDED, Entry, Facts, Record
from server.domain.steps import COMMITTEE, STATUS_RANK, STEPS, VOTE_STEPS, WAITING_TIMES, Step
from server.domain.vocab import ROLES, may_approve
from server.models import Account, Organization, Person, RecordEntry, Task
from server.services import audit, due, gates
from server.services.scope import Principal, can_write_org, get_person

REPEATING = {key for key, s in STEPS.items() if s.repeats_months}


def to_entry(row: RecordEntry, recorders: dict[int, str] | None = None) -> Entry:
    return Entry(key=row.key, done_on=row.done_on, round=row.round, fields=row.fields or {},
                 evidence=row.evidence or {}, source=row.source,
                 recorded_by=(recorders or {}).get(row.recorded_by), late=row.late, flag=row.flag)


def facts_of(person: Person, entries: list[Entry]) -> Facts:
    return Facts(status=person.status, record_from=person.record_from or person.status, applied_at=person.applied_at,
                 activist_at=person.activist_at, target_at=person.target_at, probationary_at=person.probationary_at,
                 full_member_at=person.full_member_at, entries=tuple(entries))


def _rows(db: Session, person_id: int) -> list[RecordEntry]:
    return list(db.scalars(select(RecordEntry).where(RecordEntry.person_id == person_id)
                           .order_by(RecordEntry.round, RecordEntry.done_on, RecordEntry.id)))


def record_of(db: Session, person: Person, today: date | None = None, *, with_names: bool = False) -> Record:
    """The person's record with everything that gates it: entries, publicities and their objections, the review."""
    rows = _rows(db, person.id)
    recorders = _recorders(db, {r.recorded_by for r in rows if r.recorded_by}) if with_names else {}
    facts = facts_of(person, [to_entry(r, recorders) for r in rows])
    shown, halt = gates.publicity_facts(db, person.id)
    facts = Facts(**{**facts.__dict__, "publicities": tuple(shown), "halt": halt, "review": gates.review_facts(db, person.id)})
    return Record(facts, today or clock.today())


def _recorders(db: Session, account_ids: set[int]) -> dict[int, str]:
    """Who recorded, as people read it: the name of the person behind the account, or the role and organization."""
    if not account_ids:
        return {}
    rows = db.execute(select(Account.id, Account.role, Person.name, Organization.name)
                      .join(Organization, Organization.id == Account.org_id)
                      .outerjoin(Person, Person.id == Account.person_id).where(Account.id.in_(account_ids)))
    return {aid: f"{name}（{ROLES.get(role, role)}）" if name else f"{org}{ROLES.get(role, role)}"
            for aid, role, name, org in rows}


def get_record(db: Session, principal: Principal, person_id: int) -> dict:
    """GET /people/{id}/record: the 25 steps, what is due and what blocks the next one, and for each step the
    fields it asks for and whether the caller may record it now."""
    person = get_person(db, principal, person_id)
    view = record_of(db, person, with_names=True).view()
    writer = can_write_org(principal, db.get(Organization, person.org_id))
    committee = _is_superior_committee(db, principal, person)
    for item in view["steps"]:
        step = STEPS[item["key"]]
        item["fields"] = list(step.field_names)
        item["can_record"] = (writer and item["state"] == "open" and not step.by_vote and step.key != "application"
                              and (step.by != COMMITTEE or committee))
    return {"person_id": person.id, "name": person.name, "org_id": person.org_id, **view}


def own_record(db: Session, principal: Principal) -> dict:
    """GET /me/record: the caller's own path to membership (我的发展进程), nobody else's."""
    person = db.get(Person, principal.person_id) if principal.person_id else None
    if person is None:
        raise NotFound("您的账号未关联花名册人员，没有发展纪实", code="no_person")
    return {"name": person.name, **record_of(db, person).own_view()}


def _is_superior_committee(db: Session, principal: Principal, person: Person) -> bool:
    """Staff of an organization above the person's, with approval authority (a county or the city have it)."""
    org = db.get(Organization, principal.org_id) if principal.org_id else None
    person_org = db.get(Organization, person.org_id)
    above = org is not None and person_org.path.startswith(org.path) and org.id != person_org.id
    return principal.role == "org_staff" and above and may_approve(org.level, org.has_approval_authority)


def require_superior_committee(db: Session, principal: Principal, person: Person, what: str) -> None:
    if not _is_superior_committee(db, principal, person):
        raise Forbidden(f"“{what}”由有审批权限的上级党委办理", code="committee_step")


def _may_record(db: Session, principal: Principal, person: Person, step: Step) -> None:
    """Branch steps: anyone who may change the person (the secretary, or staff above). Committee steps (pre-review,
    approvals, the committee's talk and filing): staff of a superior organization with approval authority."""
    if step.by == COMMITTEE:
        require_superior_committee(db, principal, person, step.name)


def _check_people(db: Session, person: Person, fields: dict) -> None:
    """Contacts and introducers are full members of the person's organization or its parent's subtree."""
    for name in ("contact_ids", "introducer_ids"):
        ids = fields.get(name)
        if not ids:
            continue
        parent = db.get(Organization, db.get(Organization, person.org_id).parent_id or person.org_id)
        found = dict(db.execute(select(Person.id, Person.status).join(Organization, Organization.id == Person.org_id)
                                .where(Person.id.in_(ids), Organization.path.startswith(parent.path))).all())
        bad = [i for i in ids if found.get(i) != "member" or i == person.id]
        if bad:
            raise RuleViolation("培养联系人和入党介绍人应为本单位的正式党员", code="not_full_members",
                                fields={name: [f"编号 {i} 不是正式党员" for i in bad]}, extra={"rule": "not_full_members"})


def _lock_person(db: Session, person_id: int) -> Person:
    """Steps of one person are recorded one at a time (a vote closing and a secretary typing may meet)."""
    return db.scalar(select(Person).where(Person.id == person_id).with_for_update()
                     .execution_options(populate_existing=True))


def _store(db: Session, person: Person, record: Record, entry: Entry, *, source: str, principal: Principal | None,
           evidence: dict | None = None) -> RecordEntry:
    seq = len(record.entries(entry.key)) + 1 if entry.key in REPEATING else 0
    row = RecordEntry(person_id=person.id, key=entry.key, round=entry.round, seq=seq, done_on=entry.done_on,
                      fields=entry.fields, evidence=evidence or {}, source=source, late=entry.late, flag=entry.flag,
                      recorded_by=principal.account_id if principal else None)
    db.add(row)
    change = record.status_change(entry)
    if change is not None:
        person.status, person.status_since = change.status, change.since
        if change.column:
            setattr(person, change.column, change.since)
    db.flush()
    _close_due_tasks(db, person.id, entry.key)
    due.refresh(db, [person.id])  # what the step makes due shows on the home pages now, not after the night
    return row


def record_step(db: Session, principal: Principal, person_id: int, key: str, done_on: date, fields: dict) -> dict:
    """POST /people/{id}/steps/{key}: 409 when the record's state does not allow it (naming the blocker), 422 when
    a rule of the step is broken (naming the rule)."""
    person = get_person(db, principal, person_id, write=True)
    step = STEPS.get(key)
    if step is None:
        raise NotFound("没有这个环节", code="step_not_found")
    _may_record(db, principal, person, step)
    person = _lock_person(db, person.id)
    record = record_of(db, person)
    entry = record.check(key, done_on, fields)
    _check_people(db, person, fields)
    row = _store(db, person, record, entry, source="hand", principal=principal)
    audit.record(db, principal, "record.step", "person", person.id, person.org_id, step=key, done_on=done_on.isoformat())
    return {"person_id": person.id, "key": key, "no": step.no, "done_on": row.done_on, "late": row.late,
            "status": person.status}


def complete_by_vote(db: Session, principal: Principal, person_id: int, key: str, day: date,
                     session_id: int) -> None:
    """A passed stage vote (or a qualifying 两推荐) completes its part of the record, dated the meeting day."""
    person = _lock_person(db, person_id)
    if person is None:
        return
    record = record_of(db, person, today=max(day, clock.today()))
    evidence = {"session_id": session_id}
    if key == RECOMMENDED:
        db.add(RecordEntry(person_id=person.id, key=key, round=1, seq=len(record.entries(key)) + 1, done_on=day,
                           fields={}, evidence=evidence, source="vote",
                           recorded_by=principal.account_id if principal else None))
        due.refresh(db, [person.id])
        return
    if record.is_done(key):  # recorded already (a vote held twice, or history): nothing to add
        return
    try:
        entry = record.check(key, day, {}, by_vote=True)
    except (Conflict, RuleViolation) as problem:  # the vote stands; what it skipped is flagged for the staff
        entry = Entry(key=key, done_on=day, round=record.round, flag=problem.message)
    _store(db, person, record, entry, source="vote", principal=principal, evidence=evidence)
    audit.record(db, principal, "record.step", "person", person.id, person.org_id, step=key, session_id=session_id)


def vote_blocker(db: Session, person: Person, stage: str, day: date, override_reason: str | None, *,
                 need_recommendation: bool = True) -> tuple[str, dict] | None:
    """Why `person` cannot stand in a `stage` vote held on `day`, with what a client needs to say so: its waiting time
    (never waived), the steps its stage needs, and for the activist vote a qualifying 两推荐 (or a reason
    recorded on the session why there was none)."""
    step = VOTE_STEPS[stage]
    record = record_of(db, person, today=day)
    waiting = record.waiting_problem(step, day)
    if waiting:
        rule, ready = waiting
        return f"{person.name}{rule}", {"rule": WAITING_TIMES[step.key].rule,
                                       "ready_on": ready.isoformat() if ready else None}
    missing = record.missing(step)
    if missing:
        return f"{person.name}尚未完成：" + "、".join(missing), {"missing": missing}
    if need_recommendation and step.key == "activist_selected" and record.entry(RECOMMENDED) is None \
            and not (override_reason or "").strip():
        return f"{person.name}未在“两推荐”中符合条件；如确需票决，请填写理由", {}
    return None


def correct_status(db: Session, principal: Principal, person: Person, status: str, reason: str | None) -> None:
    """A hand change of status is a correction with a reason, kept in the audit log; the record counts the steps
    before the corrected status as done before the system."""
    if not (reason or "").strip():
        raise RuleViolation("身份只能由表决和审批改变；手工更正须填写更正理由", code="status_by_procedure",
                            fields={"correction_reason": ["手工更正身份须填写理由"]})
    previous = person.status
    person.status = status
    current_from = person.record_from or previous
    if STATUS_RANK.get(status, 0) > STATUS_RANK.get(current_from, 0):
        person.record_from = status
    audit.record(db, principal, "person.status_corrected", "person", person.id, person.org_id,
                 previous=previous, status=status, reason=reason.strip()[:200])


def _close_due_tasks(db: Session, person_id: int, key: str) -> None:
    """The step is done: the due-list tasks about it are done too."""
    from server.models import DueStep

    ids = list(db.scalars(select(DueStep.id).where(DueStep.person_id == person_id, DueStep.step_key == key)))
    if ids:
        db.execute(update(Task).where(Task.kind == "record_step", Task.ref_id.in_(ids), Task.state == "open")
                   .values(state="done", note="环节已记录", done_at=clock.now()))


def waiting_on_committee(db: Session, principal: Principal, org_id: int | None = None) -> list[dict]:
    """People of the caller's subtree whose next step is the committee's (pre-review, talk, approvals)."""
    from server.services.scope import get_org, in_paths, require_staff

    principal = require_staff(principal)
    query = (select(Person).join(Organization, Organization.id == Person.org_id)
             .where(in_paths(Organization.path, principal.read_paths), Person.status.in_(["target", "probationary"])))
    if org_id is not None:
        query = query.where(Organization.path.startswith(get_org(db, principal, org_id).path))
    people = list(db.scalars(query.order_by(Person.id).limit(2000)))
    today = clock.today()
    rows = _entries_of(db, [p.id for p in people])
    waiting = []
    for person in people:
        record = Record(facts_of(person, rows.get(person.id, [])), today)
        for step in STEPS.values():
            if step.by == COMMITTEE and record.state(step) == "open":
                due = record.due_on(step)
                waiting.append({"person_id": person.id, "name": person.name, "org_id": person.org_id, "key": step.key,
                                "step": step.name, "due_on": due, "overdue": bool(due and due < today)})
    return sorted(waiting, key=lambda w: (w["due_on"] is None, w["due_on"] or today, w["person_id"]))


def _entries_of(db: Session, person_ids: list[int]) -> dict[int, list[Entry]]:
    entries: dict[int, list[Entry]] = {}
    for chunk in range(0, len(person_ids), 1000):
        ids = person_ids[chunk:chunk + 1000]
        for row in db.scalars(select(RecordEntry).where(RecordEntry.person_id.in_(ids))):
            entries.setdefault(row.person_id, []).append(to_entry(row))
    return entries
