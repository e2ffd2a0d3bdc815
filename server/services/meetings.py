"""Meetings and their vote sessions while they are drafts: create, edit, list, delete."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from server.domain import eligibility
from server.domain.ballots import BRANCH_WORK_ID, KINDS, STAGES
from server.domain.eligibility import MEETING_KINDS, PersonFacts
from server.domain.errors import Conflict, RuleViolation
from server.models import Meeting, Organization, Person, SessionOption, VoteSession
from server.services import audit, organizers, reminders
from server.services.clock import china_date
from server.services.scope import Principal, get_org, get_owned, in_paths, require_staff

BRANCH_WORK_NAME = "本支部上年度发展党员工作"


def facts(person: Person) -> PersonFacts:
    return PersonFacts(name=person.name, status=person.status, committee_member=person.committee_member,
                       applied_at=person.applied_at, status_since=person.status_since,
                       activist_at=person.activist_at, probationary_at=person.probationary_at)


def get_meeting(session: Session, principal: Principal, meeting_id: int, *, write: bool = False) -> Meeting:
    return get_owned(session, principal, Meeting, meeting_id, write=write, what="会议")


def get_vote_session(session: Session, principal: Principal, session_id: int, *, write: bool = False) -> VoteSession:
    return get_owned(session, principal, VoteSession, session_id, write=write, what="表决")


def create_meeting(session: Session, principal: Principal, *, org_id: int, title: str, kind: str,
                   starts_at: datetime, location: str | None = None) -> Meeting:
    org = get_org(session, principal, org_id, write=True)
    if org.level != "branch":
        raise RuleViolation("会议只能由党支部召开", code="not_a_branch", fields={"org_id": ["应为党支部"]})
    if kind not in MEETING_KINDS:
        raise RuleViolation("会议类型无效", fields={"kind": ["应为 " + "、".join(MEETING_KINDS)]})
    meeting = Meeting(org_id=org.id, title=title, kind=kind, starts_at=starts_at, location=location,
                      created_by=principal.account_id)
    session.add(meeting)
    session.flush()
    audit.record(session, principal, "meeting.created", "meeting", meeting.id, org.id, title=title, kind=kind)
    reminders.schedule(meeting)
    return meeting


def _sessions_of(session: Session, meeting_id: int) -> list[VoteSession]:
    return list(session.scalars(select(VoteSession).where(VoteSession.meeting_id == meeting_id).order_by(VoteSession.id)))


def update_meeting(session: Session, principal: Principal, meeting_id: int, changes: dict) -> Meeting:
    meeting = get_meeting(session, principal, meeting_id, write=True)
    if any(s.state != "draft" for s in _sessions_of(session, meeting.id)) and set(changes) - {"location"}:
        raise Conflict("会议已有开始的表决，不能修改", code="meeting_started")
    if "kind" in changes and changes["kind"] not in MEETING_KINDS:
        raise RuleViolation("会议类型无效", fields={"kind": ["应为 " + "、".join(MEETING_KINDS)]})
    for key, value in changes.items():
        setattr(meeting, key, value)
    for vote in _sessions_of(session, meeting.id):  # candidates are checked against the meeting date and kind
        _check_options(session, meeting, vote.kind, vote.stage, [o.option_id for o in _options(session, vote.id)])
    audit.record(session, principal, "meeting.updated", "meeting", meeting.id, meeting.org_id, fields=sorted(changes))
    if "starts_at" in changes:
        reminders.schedule(meeting)  # reminders for the old time find it changed and do nothing
    return meeting


def delete_meeting(session: Session, principal: Principal, meeting_id: int) -> None:
    meeting = get_meeting(session, principal, meeting_id, write=True)
    votes = _sessions_of(session, meeting.id)
    if any(v.state != "draft" for v in votes):
        raise Conflict("会议已有开始的表决，不能删除", code="meeting_started")
    for vote in votes:
        _delete_draft(session, vote)
    audit.record(session, principal, "meeting.deleted", "meeting", meeting.id, meeting.org_id, title=meeting.title)
    session.delete(meeting)


def list_meetings(session: Session, principal: Principal, org_id: int | None = None) -> list[Meeting]:
    principal = require_staff(principal)
    query = select(Meeting).join(Organization, Organization.id == Meeting.org_id)
    query = query.where(in_paths(Organization.path, principal.read_paths))
    if org_id is not None:
        query = query.where(Meeting.org_id == get_org(session, principal, org_id).id)
    return list(session.scalars(query.order_by(Meeting.starts_at.desc(), Meeting.id.desc()).limit(500)))


def list_sessions(session: Session, principal: Principal, meeting_id: int) -> list[VoteSession]:
    return _sessions_of(session, get_meeting(session, principal, meeting_id).id)


def _options(session: Session, session_id: int) -> list[SessionOption]:
    return list(session.scalars(select(SessionOption).where(SessionOption.session_id == session_id)
                                .order_by(SessionOption.position)))


def options_of(session: Session, vote: VoteSession) -> list[SessionOption]:
    return _options(session, vote.id)


def _check_options(session: Session, meeting: Meeting, kind: str, stage: str | None, person_ids: list[int]) -> list:
    """Load the candidates or subjects and apply the rule of the kind; 422 names the person and the rule."""
    problem = eligibility.meeting_kind_problem(meeting.kind, kind, stage)
    if problem:
        raise RuleViolation(problem, code="meeting_kind_not_allowed")
    day = china_date(meeting.starts_at)
    people = []
    for person_id in person_ids:
        if person_id == BRANCH_WORK_ID and kind == "satisfaction":
            continue
        person = session.get(Person, person_id)
        if person is None or person.org_id != meeting.org_id:
            raise RuleViolation(f"编号 {person_id} 不是本支部的人员", code="ineligible_candidate",
                                fields={"candidate_ids": [f"{person_id} 不是本支部的人员"]})
        if kind == "recommendation":
            problem = eligibility.recommendation_candidate_problem(facts(person), day)
        elif kind == "stage_vote":
            problem = eligibility.stage_candidate_problem(stage, facts(person), day)
        else:
            problem = eligibility.satisfaction_subject_problem(facts(person), day)
        if problem:
            raise RuleViolation(problem, code="ineligible_candidate", extra={"person_id": person.id},
                                fields={"subject_person_ids" if kind == "satisfaction" else "candidate_ids": [problem]})
        people.append(person)
    return people


def eligible_subjects(session: Session, meeting: Meeting) -> list[Person]:
    """Default 双评议 subjects: the branch's members admitted as probationary last calendar year."""
    day = china_date(meeting.starts_at)
    people = session.scalars(select(Person).where(Person.org_id == meeting.org_id,
                                                  Person.status.in_(["probationary", "member"])).order_by(Person.id))
    return [p for p in people if eligibility.satisfaction_subject_problem(facts(p), day) is None]


def eligible_people(session: Session, principal: Principal, meeting_id: int, kind: str,
                    stage: str | None) -> list[Person]:
    """Who the rule of `kind` (and `stage`) lets stand at this meeting: what the candidate pickers offer."""
    meeting = get_meeting(session, principal, meeting_id)
    _check_kind(kind, stage)
    day = china_date(meeting.starts_at)
    people = session.scalars(select(Person).where(Person.org_id == meeting.org_id).order_by(Person.name, Person.id))
    if kind == "recommendation":
        rule = eligibility.recommendation_candidate_problem
    elif kind == "stage_vote":
        def rule(person, when):
            return eligibility.stage_candidate_problem(stage, person, when)
    else:
        rule = eligibility.satisfaction_subject_problem
    return [p for p in people if rule(facts(p), day) is None]


def _resolve_options(session: Session, meeting: Meeting, kind: str, stage: str | None, values: dict) -> list[tuple]:
    """(option_id, person_id, name) in ballot order, after every rule has been checked."""
    if kind == "satisfaction":
        ids = values.get("subject_person_ids")
        people = (_check_options(session, meeting, kind, None, ids) if ids is not None
                  else eligible_subjects(session, meeting))
        _check_options(session, meeting, kind, None, [])  # meeting-kind rule even without people
        options = [(BRANCH_WORK_ID, None, BRANCH_WORK_NAME)] if values.get("include_branch_work", True) else []
        options += [(p.id, p.id, p.name) for p in people]
        if not options:
            raise RuleViolation("评议至少要有一个对象", code="no_subjects")
        return options
    ids = values.get("candidate_ids") or []
    if not ids:
        raise RuleViolation("请至少选择一名候选人", code="no_candidates", fields={"candidate_ids": ["必填"]})
    if len(set(ids)) != len(ids):
        raise RuleViolation("候选人重复", fields={"candidate_ids": ["候选人重复"]})
    return [(p.id, p.id, p.name) for p in _check_options(session, meeting, kind, stage, ids)]


def _check_kind(kind: str, stage: str | None) -> None:
    if kind not in KINDS:
        raise RuleViolation("表决类型无效", fields={"kind": ["应为 " + "、".join(KINDS)]})
    if kind == "stage_vote" and stage not in STAGES:
        raise RuleViolation("四票决需要指定阶段", fields={"stage": ["应为 " + "、".join(STAGES)]})
    if kind != "stage_vote" and stage is not None:
        raise RuleViolation("只有四票决有阶段", fields={"stage": ["只有四票决有阶段"]})


def _check_max_choices(kind: str, max_choices: int | None, option_count: int) -> int | None:
    if kind != "recommendation":
        if max_choices is not None:
            raise RuleViolation("只有两推荐可以设置最多推荐人数", fields={"max_choices": ["只适用于两推荐"]})
        return None
    if max_choices is None:
        return option_count
    if not 1 <= max_choices <= option_count:
        raise RuleViolation(f"最多推荐人数应在 1 到 {option_count} 之间", fields={"max_choices": ["超出范围"]})
    return max_choices


def create_session(session: Session, principal: Principal, meeting_id: int, values: dict) -> VoteSession:
    meeting = get_meeting(session, principal, meeting_id, write=True)
    kind, stage = values["kind"], values.get("stage")
    _check_kind(kind, stage)
    options = _resolve_options(session, meeting, kind, stage, values)
    vote = VoteSession(meeting_id=meeting.id, org_id=meeting.org_id, kind=kind, stage=stage, title=values["title"],
                       state="draft", max_choices=_check_max_choices(kind, values.get("max_choices"), len(options)))
    session.add(vote)
    session.flush()
    _store_options(session, vote, options)
    audit.record(session, principal, "session.created", "vote_session", vote.id, vote.org_id, kind=kind, stage=stage,
                 options=len(options))
    organizers.create_auto_tasks(session, vote.org_id, "attend_vote", vote.id, f"列席：{meeting.title}（{vote.title}）",
                                 china_date(meeting.starts_at))
    return vote


def _store_options(session: Session, vote: VoteSession, options: list[tuple]) -> None:
    session.execute(delete(SessionOption).where(SessionOption.session_id == vote.id))
    for position, (option_id, person_id, name) in enumerate(options):
        session.add(SessionOption(session_id=vote.id, option_id=option_id, person_id=person_id, name=name,
                                  position=position))
    session.flush()


def update_session(session: Session, principal: Principal, session_id: int, changes: dict) -> VoteSession:
    """Edit a draft: title, candidates or subjects, max_choices."""
    vote = get_vote_session(session, principal, session_id, write=True)
    if vote.state != "draft":
        raise Conflict("只能修改草稿状态的表决", code="not_draft")
    meeting = session.get(Meeting, vote.meeting_id)
    if "title" in changes:
        vote.title = changes["title"]
    option_keys = {"candidate_ids", "subject_person_ids", "include_branch_work"}
    options = _options(session, vote.id)
    if option_keys & set(changes):
        values = dict(changes)
        if vote.kind == "satisfaction":
            values.setdefault("include_branch_work", any(o.option_id == BRANCH_WORK_ID for o in options))
            values.setdefault("subject_person_ids", [o.option_id for o in options if o.option_id != BRANCH_WORK_ID])
        resolved = _resolve_options(session, meeting, vote.kind, vote.stage, values)
        _store_options(session, vote, resolved)
        count = len(resolved)
    else:
        count = len(options)
    if "max_choices" in changes or vote.kind == "recommendation":
        vote.max_choices = _check_max_choices(vote.kind, changes.get("max_choices", vote.max_choices), count)
    audit.record(session, principal, "session.updated", "vote_session", vote.id, vote.org_id, fields=sorted(changes))
    return vote


def _delete_draft(session: Session, vote: VoteSession) -> None:
    from server.models import AbsenteeOpinion, AttendanceExclusion, CodeBatch, VotingCode

    for model in (VotingCode, CodeBatch, AbsenteeOpinion, AttendanceExclusion, SessionOption):
        session.execute(delete(model).where(model.session_id == vote.id))
    session.delete(vote)


def delete_session(session: Session, principal: Principal, session_id: int) -> None:
    vote = get_vote_session(session, principal, session_id, write=True)
    if vote.state != "draft":
        raise Conflict("只能删除草稿状态的表决；已开始的表决请作废", code="not_draft")
    audit.record(session, principal, "session.deleted", "vote_session", vote.id, vote.org_id, title=vote.title)
    _delete_draft(session, vote)


