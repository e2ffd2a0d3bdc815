"""Follow-ups that 双评议 results ask for (a branch or a new member below 80), taken to their end: the self-check a
committee orders, explained by the branch and accepted; the reminder talk a branch records (rules:
domain/follow_up_flows.py). Also the committee's delegate at a 双评议 and the branches that held none."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from server import clock
from server.domain.errors import Forbidden, NotFound, RuleViolation
from server.domain.follow_up_flows import BRANCH, COMMITTEE, FLOWS
from server.domain.kinds import GUIDED_KINDS, session_kind
from server.models import Account, FollowUp, FollowUpEvent, Meeting, Organization, Person, Task, VoteSession
from server.services import audit
from server.services.scope import Principal, get_org, in_paths, require_staff, require_writer


def _describe(f: FollowUp, org_name: str, person_name: str | None, principal: Principal | None = None,
              org: Organization | None = None) -> dict:
    flow = FLOWS[f.kind]
    item = {"id": f.id, "kind": f.kind, "label": flow.label, "org_id": f.org_id, "org_name": org_name,
            "session_id": f.session_id, "person_id": f.person_id, "person_name": person_name, "score": f.score,
            "created_at": f.created_at, "done_at": f.done_at, "state": f.state,
            "state_label": flow.machine.label(f.state), "due_on": f.due_on, "key_target_year": f.key_target_year}
    if principal is not None and org is not None:
        item["allowed_actions"] = [a for a in flow.machine.allowed_actions(f.state)
                                   if _may_act(principal, org, flow.actors[a])]
    return item


def list_follow_ups(db: Session, principal: Principal, *, open_only: bool = True) -> list[dict]:
    principal = require_staff(principal)
    query = (select(FollowUp, Organization, Person.name)
             .join(Organization, Organization.id == FollowUp.org_id)
             .outerjoin(Person, Person.id == FollowUp.person_id)
             .where(in_paths(Organization.path, principal.read_paths)).order_by(FollowUp.id.desc()))
    if open_only:
        query = query.where(FollowUp.done_at.is_(None))
    return [_describe(f, org.name, person_name, principal, org) for f, org, person_name in db.execute(query.limit(500))]


def _may_act(principal: Principal, org: Organization, actor: str) -> bool:
    """The committee: staff of an organization above the branch. The branch: its own secretary (or staff)."""
    if not principal.can_write or not any(org.path.startswith(p) for p in principal.write_paths):
        return False
    own = principal.org_id == org.id
    return own if actor == BRANCH else (not own and principal.role == "org_staff")


def _follow_up(db: Session, principal: Principal, follow_up_id: int) -> tuple[FollowUp, Organization]:
    follow_up = db.get(FollowUp, follow_up_id) if isinstance(follow_up_id, int) else None
    if follow_up is None:
        raise NotFound("找不到该跟进事项", code="follow_up_not_found")
    try:
        org = get_org(db, principal, follow_up.org_id)
    except (NotFound, Forbidden):
        raise NotFound("找不到该跟进事项", code="follow_up_not_found") from None
    return follow_up, org


def get_follow_up(db: Session, principal: Principal, follow_up_id: int) -> dict:
    principal = require_staff(principal)
    follow_up, org = _follow_up(db, principal, follow_up_id)
    person = db.get(Person, follow_up.person_id) if follow_up.person_id else None
    flow = FLOWS[follow_up.kind]
    events = db.scalars(select(FollowUpEvent).where(FollowUpEvent.follow_up_id == follow_up.id)
                        .order_by(FollowUpEvent.id))
    return {**_describe(follow_up, org.name, person.name if person else None, principal, org),
            "events": [{"action": e.action, "label": flow.machine.transition(e.action).label, "details": e.details,
                        "at": e.at} for e in events]}


def act(db: Session, principal: Principal, follow_up_id: int, action: str, values: dict) -> dict:
    """Take one step of the follow-up's flow, by the side the step belongs to, with its required fields."""
    principal = require_writer(principal)
    follow_up, org = _follow_up(db, principal, follow_up_id)
    flow = FLOWS[follow_up.kind]
    if action not in flow.actors:
        raise RuleViolation("该事项没有这一步", code="unknown_action", fields={"action": ["无效"]})
    if not _may_act(principal, org, flow.actors[action]):
        side = "上级党委" if flow.actors[action] == COMMITTEE else "党支部"
        raise Forbidden(f"这一步由{side}办理", code="wrong_side")
    problems = flow.problems(action, values)
    if problems:
        raise RuleViolation("请填写完整", fields=problems)
    target = flow.machine.apply(follow_up.state, action)
    if target is None:
        return get_follow_up(db, principal, follow_up.id)
    follow_up.state = target
    if action == "order":
        follow_up.due_on = values["due_on"]
    if target == "closed":
        follow_up.done_at = clock.now()
        db.execute(update(Task).where(Task.kind == "follow_up", Task.ref_id == follow_up.id, Task.state == "open")
                   .values(state="done", note=values.get("note"), done_at=follow_up.done_at))
    details = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items() if v not in (None, "")}
    db.add(FollowUpEvent(follow_up_id=follow_up.id, action=action, details=details,
                         actor_account_id=principal.account_id))
    audit.record(db, principal, f"follow_up.{action}", "follow_up", follow_up.id, follow_up.org_id)
    return get_follow_up(db, principal, follow_up.id)


def mark_key_targets(db: Session, vote: VoteSession) -> int:
    """A 双评议 below 80 makes the branch a key target (重点预警对象) of the year from the day its result is published
    (seed 三(二)), not from the day its explanation is accepted."""
    kinds = [kind for kind, flow in FLOWS.items() if flow.marks_key_target]
    year = clock.china_date(vote.published_at or clock.now()).year
    return db.execute(update(FollowUp).where(FollowUp.session_id == vote.id, FollowUp.kind.in_(kinds),
                                             FollowUp.key_target_year.is_(None))
                      .values(key_target_year=year)).rowcount


def open_tasks(db: Session, follow_ups: list[FollowUp]) -> int:
    """Tasks for the branch's secretaries for the follow-ups whose flow asks for one (the reminder talk)."""
    made = 0
    for follow_up in follow_ups:
        days = FLOWS[follow_up.kind].secretary_task_days
        if days is None:
            continue
        person = db.get(Person, follow_up.person_id) if follow_up.person_id else None
        title = f"提醒谈话：{person.name if person else ''}（满意度 {follow_up.score} 分）"
        for account_id in db.scalars(select(Account.id).where(Account.org_id == follow_up.org_id,
                                                              Account.role == "secretary", Account.active.is_(True))):
            db.add(Task(account_id=account_id, org_id=follow_up.org_id, kind="follow_up", ref_id=follow_up.id,
                        title=title[:200], due_on=clock.today() + timedelta(days=days), state="open"))
            made += 1
    return made


def set_guidance_delegate(db: Session, principal: Principal, session_id: int, delegate: str) -> dict:
    """The committee records whom it sent to guide a 双评议 meeting (派人参会指导)."""
    principal = require_writer(principal)
    vote = db.get(VoteSession, session_id) if isinstance(session_id, int) else None
    if vote is None:
        raise NotFound("找不到该表决", code="session_not_found")
    org = get_org(db, principal, vote.org_id)
    if not session_kind(vote.kind).committee_guides:
        raise RuleViolation("只有双评议记录上级党委派人参会指导", code="not_satisfaction")
    if principal.org_id == org.id or principal.role != "org_staff":
        raise Forbidden("由上级党委记录派出的指导人员", code="wrong_side")
    get_org(db, principal, vote.org_id, write=True)
    vote.guidance_delegate = delegate
    audit.record(db, principal, "session.guidance_delegate", "vote_session", vote.id, vote.org_id)
    return {"session_id": vote.id, "guidance_delegate": delegate}


def branches_without_satisfaction(db: Session, principal: Principal, year: int, limit: int = 500) -> dict:
    """Branches in the caller's subtree that held no 双评议 in `year` (a published session of a meeting that year):
    how many, and the first `limit` of them in tree order (a city has some 15,000 branches)."""
    principal = require_staff(principal)
    start = datetime.combine(date(year, 1, 1), time.min, clock.CHINA)
    end = datetime.combine(date(year + 1, 1, 1), time.min, clock.CHINA)
    held = (select(VoteSession.org_id).join(Meeting, Meeting.id == VoteSession.meeting_id)
            .where(VoteSession.kind.in_(GUIDED_KINDS), VoteSession.state == "published",
                   Meeting.starts_at >= start, Meeting.starts_at < end))
    missing = (Organization.level == "branch", in_paths(Organization.path, principal.read_paths),
               Organization.id.not_in(held))
    total = db.scalar(select(func.count()).select_from(Organization).where(*missing))
    rows = db.execute(select(Organization.id, Organization.name, Organization.sector).where(*missing)
                      .order_by(Organization.path).limit(limit))
    return {"total": total, "items": [{"org_id": i, "org_name": n, "sector": s} for i, n, s in rows]}
