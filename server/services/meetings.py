"""Meetings and their vote sessions while they are drafts: create, edit, list, delete.

Every per-kind rule (who may stand, the branch-work subject, max_choices, stages) comes from the session kind
in server.domain.kinds, looked up once per call.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from server import clock
from server.adapters.locks import lock_session
from server.domain import plans as plan_rules
from server.domain import vote_states
from server.domain.eligibility import PersonFacts
from server.domain.errors import Conflict, RuleViolation
from server.domain.events import MeetingScheduled
from server.domain.kinds import SessionKind, meeting_kind, session_kind
from server.models import (
    AbsenteeOpinion,
    AnnualPlan,
    AttendanceExclusion,
    CodeBatch,
    Meeting,
    Organization,
    Person,
    SessionOption,
    TellerKey,
    VoteSession,
    VotingCode,
)
from server.services import audit, events, organizer_work, organizers, records, reminders
from server.services.scope import Principal, can_write_org, get_org, get_owned, in_paths, require_staff


def facts(person: Person) -> PersonFacts:
    return PersonFacts(name=person.name, status=person.status, committee_member=person.committee_member,
                       applied_at=person.applied_at, status_since=person.status_since,
                       activist_at=person.activist_at, probationary_at=person.probationary_at)


def get_meeting(db: Session, principal: Principal, meeting_id: int, *, write: bool = False) -> Meeting:
    return get_owned(db, principal, Meeting, meeting_id, write=write, what="会议")


def get_vote_session(db: Session, principal: Principal, vote_id: int, *, write: bool = False) -> VoteSession:
    return get_owned(db, principal, VoteSession, vote_id, write=write, what="表决")


def hold_vote_session(db: Session, principal: Principal, vote_id: int) -> VoteSession:
    """The caller's session, held against casts until commit: for changes to who counts (member codes, written
    opinions, exclusions), which must see every ballot already cast and be seen by every ballot cast after."""
    vote = get_vote_session(db, principal, vote_id, write=True)
    return lock_session(db, vote.id, exclusive=True)


def create_meeting(db: Session, principal: Principal, *, org_id: int, title: str, kind: str,
                   starts_at: datetime, location: str | None = None) -> Meeting:
    org = get_org(db, principal, org_id, write=True)
    problem = meeting_kind(kind).place_problem(org.level)
    if problem:
        raise RuleViolation(problem, code="not_a_branch", fields={"org_id": [problem]})
    meeting = Meeting(org_id=org.id, title=title, kind=kind, starts_at=starts_at, location=location,
                      created_by=principal.account_id)
    db.add(meeting)
    db.flush()
    audit.record(db, principal, "meeting.created", "meeting", meeting.id, org.id, title=title, kind=kind)
    organizer_work.invite_to_meeting(db, meeting)
    reminders.plan(db, meeting)
    events.raise_event(db, MeetingScheduled(meeting.id, meeting.starts_at))
    return meeting


def _sessions_of(db: Session, meeting_id: int) -> list[VoteSession]:
    return list(db.scalars(select(VoteSession).where(VoteSession.meeting_id == meeting_id).order_by(VoteSession.id)))


def _started(votes: list[VoteSession]) -> bool:
    return any(v.state not in vote_states.EDITABLE for v in votes)


def update_meeting(db: Session, principal: Principal, meeting_id: int, changes: dict) -> Meeting:
    meeting = get_meeting(db, principal, meeting_id, write=True)
    votes = _sessions_of(db, meeting.id)
    if _started(votes) and set(changes) - {"location"}:
        raise Conflict("会议已有开始的表决，不能修改", code="meeting_started")
    if "kind" in changes:
        problem = meeting_kind(changes["kind"]).place_problem(db.get(Organization, meeting.org_id).level)
        if problem:
            raise RuleViolation(problem, code="not_a_branch", fields={"kind": [problem]})
    for key, value in changes.items():
        setattr(meeting, key, value)
    for vote in votes:  # candidates are checked against the meeting date and kind
        kind = session_kind(vote.kind)
        _meeting_allows(meeting, kind, vote.stage)
        _check_people(db, meeting, kind, vote.stage, [o.person_id for o in options_of(db, vote) if o.person_id],
                      vote.override_reason)
    audit.record(db, principal, "meeting.updated", "meeting", meeting.id, meeting.org_id, fields=sorted(changes))
    if "starts_at" in changes:  # reminders booked for the old time find theirs gone and do nothing
        reminders.plan(db, meeting)
        events.raise_event(db, MeetingScheduled(meeting.id, meeting.starts_at))
    return meeting


def delete_meeting(db: Session, principal: Principal, meeting_id: int) -> None:
    meeting = get_meeting(db, principal, meeting_id, write=True)
    votes = _sessions_of(db, meeting.id)
    if _started(votes):
        raise Conflict("会议已有开始的表决，不能删除", code="meeting_started")
    for vote in votes:
        _delete_draft(db, vote)
    reminders.cancel(db, meeting.id)
    db.flush()  # the sessions go first: nothing tells the unit of work that they refer to the meeting
    audit.record(db, principal, "meeting.deleted", "meeting", meeting.id, meeting.org_id, title=meeting.title)
    db.delete(meeting)


STILL_AT_HAND = timedelta(hours=3)  # a meeting that began this morning is still the one at hand


def list_meetings(db: Session, principal: Principal, org_id: int | None = None, upcoming: bool = False) -> list[Meeting]:
    """The newest 500 meetings, or with `upcoming` the next few from now (the home pages' 下次会议)."""
    principal = require_staff(principal)
    query = select(Meeting).join(Organization, Organization.id == Meeting.org_id)
    query = query.where(in_paths(Organization.path, principal.read_paths))
    if org_id is not None:
        query = query.where(Meeting.org_id == get_org(db, principal, org_id).id)
    if upcoming:
        query = query.where(Meeting.starts_at >= clock.now() - STILL_AT_HAND)
        return list(db.scalars(query.order_by(Meeting.starts_at, Meeting.id).limit(5)))
    return list(db.scalars(query.order_by(Meeting.starts_at.desc(), Meeting.id.desc()).limit(500)))


def list_sessions(db: Session, principal: Principal, meeting_id: int) -> list[VoteSession]:
    return _sessions_of(db, get_meeting(db, principal, meeting_id).id)


def options_of(db: Session, vote: VoteSession) -> list[SessionOption]:
    return list(db.scalars(select(SessionOption).where(SessionOption.session_id == vote.id)
                           .order_by(SessionOption.position)))


def _meeting_allows(meeting: Meeting, kind: SessionKind, stage: str | None) -> None:
    problem = meeting_kind(meeting.kind).vote_problem(kind.key, stage)
    if problem:
        raise RuleViolation(problem, code="meeting_kind_not_allowed")


def _check_people(db: Session, meeting: Meeting, kind: SessionKind, stage: str | None,
                  person_ids: list[int], override_reason: str | None = None) -> list[Person]:
    """Load the candidates or subjects and apply the rule of the kind, and for a stage vote the steps of the
    record its stage needs; 422 names the person and the rule."""
    day = clock.china_date(meeting.starts_at)
    people = []
    for person_id in person_ids:
        person = db.get(Person, person_id)
        if person is None or person.org_id != meeting.org_id:
            raise RuleViolation(f"编号 {person_id} 不是本支部的人员", code="ineligible_candidate",
                                fields={kind.options_field: [f"{person_id} 不是本支部的人员"]})
        problem, details = kind.option_problem(facts(person), day, stage), {}
        if problem is None and kind.has_stage:
            problem, details = records.vote_blocker(db, person, stage, day, override_reason) or (None, {})
        if problem:
            raise RuleViolation(problem, code="ineligible_candidate", extra={"person_id": person.id, **details},
                                fields={kind.options_field: [problem]})
        people.append(person)
    return people


def _eligible(db: Session, meeting: Meeting, kind: SessionKind, stage: str | None, order_by) -> list[Person]:
    """Who may stand; for a stage vote, also with the steps its stage needs (the activist vote's 两推荐 may be
    replaced by a reason on the session, so it does not hide anyone here)."""
    day = clock.china_date(meeting.starts_at)
    people = db.scalars(select(Person).where(Person.org_id == meeting.org_id).order_by(*order_by))
    return [p for p in people if kind.option_problem(facts(p), day, stage) is None
            and (not kind.has_stage or records.vote_blocker(db, p, stage, day, None, need_recommendation=False) is None)]


def eligible_people(db: Session, principal: Principal, meeting_id: int, kind_key: str,
                    stage: str | None) -> list[Person]:
    """Who the rule of the kind (and stage) lets stand at this meeting: what the candidate pickers offer."""
    meeting = get_meeting(db, principal, meeting_id)
    kind = session_kind(kind_key)
    kind.check_stage(stage)
    return _eligible(db, meeting, kind, stage, (Person.name, Person.id))


def options_suggestion(db: Session, principal: Principal, meeting_id: int, kind_key: str) -> dict | None:
    """How many to put forward, for the kinds that suggest it (两推荐: 1:2 of the branch's plan for the year)."""
    meeting = get_meeting(db, principal, meeting_id)
    if not session_kind(kind_key).suggests_plan_ratio:
        return None
    plan = db.scalar(select(AnnualPlan).where(AnnualPlan.org_id == meeting.org_id,
                                              AnnualPlan.year == clock.china_date(meeting.starts_at).year))
    return plan_rules.recommendation_suggestion(plan.planned_activists, plan.planned_admissions) if plan else None


def _resolve_options(db: Session, meeting: Meeting, kind: SessionKind, stage: str | None,
                     values: dict) -> list[tuple]:
    """(option_id, person_id, name) in ballot order, after every rule has been checked."""
    _meeting_allows(meeting, kind, stage)
    ids = values.get(kind.options_field)
    if ids is None and kind.defaults_to_eligible:
        people = _eligible(db, meeting, kind, stage, (Person.id,))
    else:
        ids = ids or []
        if len(set(ids)) != len(ids):
            raise RuleViolation(f"{kind.options_word}重复", fields={kind.options_field: [f"{kind.options_word}重复"]})
        people = _check_people(db, meeting, kind, stage, ids, values.get("override_reason"))
    options = kind.fixed_options(values.get("include_branch_work")) + [(p.id, p.id, p.name) for p in people]
    if not options:
        message, code = kind.no_options
        raise RuleViolation(message, code=code, fields={kind.options_field: ["必填"]})
    return options


def create_session(db: Session, principal: Principal, meeting_id: int, values: dict) -> VoteSession:
    meeting = get_meeting(db, principal, meeting_id, write=True)
    kind, stage = session_kind(values["kind"]), values.get("stage")
    kind.check_stage(stage)
    options = _resolve_options(db, meeting, kind, stage, values)
    vote = VoteSession(meeting_id=meeting.id, org_id=meeting.org_id, kind=kind.key, stage=stage, title=values["title"],
                       state="draft", max_choices=kind.check_max_choices(values.get("max_choices"), len(options)),
                       override_reason=values.get("override_reason"))
    db.add(vote)
    db.flush()
    _store_options(db, vote, options)
    audit.record(db, principal, "session.created", "vote_session", vote.id, vote.org_id, kind=kind.key, stage=stage,
                 options=len(options))
    organizers.create_auto_tasks(db, vote.org_id, "attend_vote", vote.id, f"列席：{meeting.title}（{vote.title}）",
                                 clock.china_date(meeting.starts_at))
    return vote


def _store_options(db: Session, vote: VoteSession, options: list[tuple]) -> None:
    db.execute(delete(SessionOption).where(SessionOption.session_id == vote.id))
    for position, (option_id, person_id, name) in enumerate(options):
        db.add(SessionOption(session_id=vote.id, option_id=option_id, person_id=person_id, name=name,
                             position=position))
    db.flush()


def update_session(db: Session, principal: Principal, vote_id: int, changes: dict) -> VoteSession:
    """Edit a draft: title, candidates or subjects, max_choices."""
    vote = get_vote_session(db, principal, vote_id, write=True)
    vote_states.require(vote.state, vote_states.EDITABLE, "只能修改草稿状态的表决", "not_draft")
    kind = session_kind(vote.kind)
    if "title" in changes:
        vote.title = changes["title"]
    if "override_reason" in changes:
        vote.override_reason = changes["override_reason"]
    current = options_of(db, vote)
    count = len(current)
    if {kind.options_field, "include_branch_work", "override_reason"} & set(changes):
        values = {**changes, "override_reason": vote.override_reason}
        values.setdefault("include_branch_work", any(o.person_id is None for o in current))
        values.setdefault(kind.options_field, [o.person_id for o in current if o.person_id is not None])
        resolved = _resolve_options(db, db.get(Meeting, vote.meeting_id), kind, vote.stage, values)
        _store_options(db, vote, resolved)
        count = len(resolved)
    if "max_choices" in changes or kind.has_max_choices:
        vote.max_choices = kind.check_max_choices(changes.get("max_choices", vote.max_choices), count)
    audit.record(db, principal, "session.updated", "vote_session", vote.id, vote.org_id, fields=sorted(changes))
    return vote


def _delete_draft(db: Session, vote: VoteSession) -> None:
    for model in (VotingCode, CodeBatch, AbsenteeOpinion, AttendanceExclusion, SessionOption, TellerKey):
        db.execute(delete(model).where(model.session_id == vote.id))
    db.delete(vote)


def delete_session(db: Session, principal: Principal, vote_id: int) -> None:
    vote = get_vote_session(db, principal, vote_id, write=True)
    vote_states.require(vote.state, vote_states.EDITABLE, "只能删除草稿状态的表决；已开始的表决请作废", "not_draft")
    audit.record(db, principal, "session.deleted", "vote_session", vote.id, vote.org_id, title=vote.title)
    _delete_draft(db, vote)


def describe_session(db: Session, principal: Principal | None, vote: VoteSession) -> dict:
    """A session for the clients: its options (also under `candidates` or `subjects`, as before `options`
    existed) and what the caller may do with it now."""
    options = [{"id": o.option_id, "name": o.name} for o in options_of(db, vote)]
    org = db.get(Organization, vote.org_id)
    body = {c.key: getattr(vote, c.key) for c in VoteSession.__table__.columns if c.key != "result"}
    counted = vote.result is not None or vote.state not in vote_states.TALLIED
    body.update(options=options, counted=counted, allowed_actions=vote_states.allowed_actions(
        vote.state, can_write=can_write_org(principal, org), counted=counted))
    body[session_kind(vote.kind).options_key] = options
    body["committee_guides"] = session_kind(vote.kind).committee_guides
    return body
