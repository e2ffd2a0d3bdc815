"""The electorate of a session: who votes in which group, should_attend, and the mass representative rule."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from server.domain import eligibility, vote_states
from server.domain.errors import Conflict, NotFound, RuleViolation
from server.domain.kinds import VOTING_STATUSES, session_kind
from server.models import (
    AbsenteeOpinion,
    AttendanceExclusion,
    ElectorateEntry,
    Organization,
    Participation,
    Person,
    VoteSession,
)
from server.services import audit
from server.services.meetings import facts, get_vote_session, hold_vote_session
from server.services.scope import Principal


@dataclass
class Electorate:
    """Person ids per group, and who is excluded from should_attend (with reasons)."""

    groups: dict[str, list[int]]
    excluded: dict[int, str]

    def should_attend(self, group: str = "member") -> int:
        return sum(1 for pid in self.groups.get(group, []) if pid not in self.excluded)


def roster_electorate(db: Session, vote: VoteSession) -> dict[str, list[int]]:
    """Who would vote if the session opened now (from the roster). A branch without committee members holds the
    committee's votes in the 党员大会."""
    kind = session_kind(vote.kind)
    roster = [(facts(p), p.id) for p in db.scalars(select(Person).where(Person.org_id == vote.org_id)
                                                   .order_by(Person.id))]
    committee_exists = any(f.committee_member and f.status in VOTING_STATUSES for f, _ in roster)
    groups: dict[str, list[int]] = {"member": [], "mass": []}
    for person, person_id in roster:
        group = kind.voter_group(person, vote.stage, committee_exists)
        if group:
            groups[group].append(person_id)
    return groups


def load(db: Session, vote: VoteSession) -> Electorate:
    """The frozen electorate once open; the roster's before."""
    if vote.state in vote_states.EDITABLE:
        groups = roster_electorate(db, vote)
    else:
        groups = {"member": [], "mass": []}
        for person_id, group in db.execute(select(ElectorateEntry.person_id, ElectorateEntry.group)
                                                .where(ElectorateEntry.session_id == vote.id)
                                                .order_by(ElectorateEntry.person_id)):
            groups[group].append(person_id)
    excluded = dict(db.execute(select(AttendanceExclusion.person_id, AttendanceExclusion.reason)
                                    .where(AttendanceExclusion.session_id == vote.id)).all())
    return Electorate(groups, excluded)


def mass_rep_check(db: Session, vote: VoteSession, electorate: Electorate) -> dict | None:
    """The mass representative numbers of seed 三(一)3, for sessions that have a mass group."""
    if not session_kind(vote.kind).mass_rule_applies:
        return None
    org = db.get(Organization, vote.org_id)
    rule = eligibility.required_mass_reps(org.sector, org.staff_count, len(electorate.groups["member"]))
    actual = electorate.should_attend("mass")
    present = [pid for pid in electorate.groups["mass"] if pid not in electorate.excluded]
    categories = list(db.scalars(select(Person.mass_category).where(Person.id.in_(present)))) if present else []
    return {"required": rule.required, "actual": actual, "rule": rule.source,
            "met": rule.required is None or actual >= rule.required,
            "composition": eligibility.mass_composition(org.sector, categories)}


def freeze(db: Session, vote: VoteSession, override_reason: str | None) -> Electorate:
    """Take the electorate from the roster as the session opens; below the mass numbers only with a reason."""
    electorate = load(db, vote)
    check = mass_rep_check(db, vote, electorate)
    if check and not check["met"]:
        if not override_reason:
            raise RuleViolation(
                f"群众代表 {check['actual']} 人，少于要求的 {check['required']} 人（{check['rule']}）。"
                "如确需开始表决，请填写理由", code="mass_reps_below_rule",
                fields={"override_reason": ["群众代表人数不足时必须填写理由"]}, extra={"mass_reps": check})
        vote.override_reason = override_reason
    if not electorate.should_attend("member") and not electorate.should_attend("mass"):
        raise RuleViolation("没有符合条件的投票人，请先完善名册", code="empty_electorate")
    for group, people in electorate.groups.items():
        for person_id in people:
            db.add(ElectorateEntry(session_id=vote.id, person_id=person_id, group=group))
    db.flush()
    return electorate


def exclude(db: Session, principal: Principal, vote_id: int, person_id: int, reason: str) -> AttendanceExclusion:
    """Leave a person out of should_attend, with a reason; not once they have voted or the session closed."""
    vote = hold_vote_session(db, principal, vote_id)
    vote_states.require(vote.state, vote_states.COLLECTING, "表决已结束，应到人数已确定", "session_closed")
    electorate = load(db, vote)
    if not any(person_id in people for people in electorate.groups.values()):
        raise NotFound("该人员不在本次表决的投票人范围内", code="not_in_electorate")
    if db.scalar(select(func.count()).select_from(Participation)
                      .where(Participation.session_id == vote.id, Participation.person_id == person_id)):
        raise Conflict("该人员已投票，不能排除", code="already_voted")
    if db.scalar(select(func.count()).select_from(AbsenteeOpinion)
                      .where(AbsenteeOpinion.session_id == vote.id, AbsenteeOpinion.person_id == person_id)):
        raise Conflict("该人员已提交书面意见，不能排除", code="absentee_opinion_exists")
    if person_id in electorate.excluded:
        raise Conflict("该人员已被排除", code="already_excluded")
    exclusion = AttendanceExclusion(session_id=vote.id, person_id=person_id, reason=reason)
    db.add(exclusion)
    db.flush()
    audit.record(db, principal, "electorate.excluded", "vote_session", vote.id, vote.org_id, person_id=person_id,
                 reason=reason)
    return exclusion


def include(db: Session, principal: Principal, vote_id: int, person_id: int) -> None:
    vote = get_vote_session(db, principal, vote_id, write=True)
    vote_states.require(vote.state, vote_states.COLLECTING, "表决已结束，应到人数已确定", "session_closed")
    deleted = db.execute(delete(AttendanceExclusion).where(AttendanceExclusion.session_id == vote.id,
                                                                AttendanceExclusion.person_id == person_id)).rowcount
    if not deleted:
        raise NotFound("该人员未被排除", code="exclusion_not_found")
    audit.record(db, principal, "electorate.included", "vote_session", vote.id, vote.org_id, person_id=person_id)


def describe(db: Session, principal: Principal, vote_id: int) -> dict:
    """The electorate for the console: groups with names, exclusions, should_attend and the mass rule."""
    vote = get_vote_session(db, principal, vote_id)
    electorate = load(db, vote)
    ids = [pid for people in electorate.groups.values() for pid in people]
    people = {p.id: p for p in db.scalars(select(Person).where(Person.id.in_(ids)))} if ids else {}
    groups = {}
    for group, members in electorate.groups.items():
        groups[group] = {"people": [{"id": pid, "name": people[pid].name, "status": people[pid].status,
                                     "excluded": pid in electorate.excluded,
                                     "exclusion_reason": electorate.excluded.get(pid)} for pid in members],
                         "electorate": len(members), "should_attend": electorate.should_attend(group)}
    return {"state": vote.state, "frozen": vote.state not in vote_states.EDITABLE, "groups": groups,
            "should_attend": electorate.should_attend("member"), "mass_reps": mass_rep_check(db, vote, electorate),
            "override_reason": vote.override_reason}
