"""Written opinions of members who cannot attend (书面意见): entered by the secretary before the session
closes, counted in the tally and its denominator (seed 三(一)2: 将意见统计在票数内; 细则)."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.adapters.sql import insert_unless_exists
from server.domain import vote_states
from server.domain.errors import Conflict, NotFound, RuleViolation
from server.models import AbsenteeOpinion
from server.services import audit, electorate
from server.services.casting import normalize
from server.services.meetings import get_vote_session, hold_vote_session
from server.services.scope import Principal
from server.services.voting_rights import has_participated


def add_absentee_opinion(db: Session, principal: Principal, vote_id: int, answers,
                         person_id: int | None) -> AbsenteeOpinion:
    vote = hold_vote_session(db, principal, vote_id)
    vote_states.require(vote.state, vote_states.COLLECTING, "表决已结束，不能再录入书面意见", "session_closed")
    voters = electorate.load(db, vote)
    normalized = normalize(db, vote, answers)
    if person_id is not None:
        if person_id not in voters.groups["member"] or person_id in voters.excluded:
            raise RuleViolation("该人员不是本次表决应到会的党员", code="not_in_electorate",
                                fields={"person_id": ["不在应到会党员范围内"]})
        if has_participated(db, vote.id, person_id):
            raise Conflict("该党员已经投票，不能再录入书面意见", code="already_voted")
    opinions = db.scalar(select(func.count()).select_from(AbsenteeOpinion).where(AbsenteeOpinion.session_id == vote.id))
    if opinions >= voters.should_attend("member"):
        raise RuleViolation("书面意见不能多于应到会党员人数", code="too_many_opinions")
    opinion_id = insert_unless_exists(db, AbsenteeOpinion, session_id=vote.id, person_id=person_id,
                                      answers=normalized, entered_by=principal.account_id)
    if opinion_id is None:
        raise Conflict("该党员的书面意见已录入", code="absentee_opinion_exists")
    audit.record(db, principal, "absentee_opinion.added", "vote_session", vote.id, vote.org_id)
    return db.get(AbsenteeOpinion, opinion_id)


def list_absentee_opinions(db: Session, principal: Principal, vote_id: int) -> list[AbsenteeOpinion]:
    vote = get_vote_session(db, principal, vote_id, write=True)
    return list(db.scalars(select(AbsenteeOpinion).where(AbsenteeOpinion.session_id == vote.id)
                           .order_by(AbsenteeOpinion.id)))


def delete_absentee_opinion(db: Session, principal: Principal, vote_id: int, opinion_id: int) -> None:
    vote = get_vote_session(db, principal, vote_id, write=True)
    vote_states.require(vote.state, vote_states.COLLECTING, "表决已结束，书面意见不能再修改", "session_closed")
    opinion = db.get(AbsenteeOpinion, opinion_id) if isinstance(opinion_id, int) else None
    if opinion is None or opinion.session_id != vote.id:
        raise NotFound("找不到该书面意见", code="opinion_not_found")
    db.delete(opinion)
    audit.record(db, principal, "absentee_opinion.deleted", "vote_session", vote.id, vote.org_id)
