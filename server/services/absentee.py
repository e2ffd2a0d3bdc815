"""Written opinions of members who cannot attend (书面意见): entered by the secretary while the session is a draft
(细则: 在支部大会召开前正式向党支部提出), each under the name of one member of the electorate, who is told what was
recorded for them; counted among the votes, never as attendance (seed 三(一)2: 将意见统计在票数内)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.adapters.sql import insert_unless_exists
from server.domain import vote_states
from server.domain.errors import Conflict, NotFound, RuleViolation
from server.domain.kinds import session_kind
from server.models import AbsenteeOpinion
from server.services import audit, documents, electorate, notices
from server.services.casting import option_ids
from server.services.meetings import get_vote_session, hold_vote_session, options_of
from server.services.scope import Principal
from server.services.voting_rights import has_participated


def add_absentee_opinion(db: Session, principal: Principal, vote_id: int, answers, person_id: int) -> AbsenteeOpinion:
    """One member's written opinion, under the session's lock like every other way of voting."""
    vote = hold_vote_session(db, principal, vote_id)
    vote_states.require(vote.state, vote_states.EDITABLE, "书面意见须在表决开始前录入", "session_not_draft")
    voters = electorate.load(db, vote)
    # A signed paper, entered in the clear whatever the phones' sealing (DESIGN §12: added to the sums as it is).
    normalized = session_kind(vote.kind).normalize_answers(answers, option_ids(db, vote), vote.max_choices)
    if person_id not in voters.groups["member"] or person_id in voters.excluded:
        raise RuleViolation("该人员不是本次表决应到会的党员", code="not_in_electorate",
                            fields={"person_id": ["不在应到会党员范围内"]})
    if has_participated(db, vote.id, person_id):
        raise Conflict("该党员已经投票，不能再录入书面意见", code="already_voted")
    # One per member of the electorate (the unique constraint): never more opinions than should attend.
    opinion_id = insert_unless_exists(db, AbsenteeOpinion, session_id=vote.id, person_id=person_id,
                                      answers=normalized, entered_by=principal.account_id)
    if opinion_id is None:
        raise Conflict("该党员的书面意见已录入", code="absentee_opinion_exists")
    audit.record(db, principal, "absentee_opinion.added", "vote_session", vote.id, vote.org_id)
    _tell_the_member(db, principal, vote, person_id, normalized)
    return db.get(AbsenteeOpinion, opinion_id)


def _tell_the_member(db: Session, principal: Principal, vote, person_id: int, answers: dict) -> None:
    """The member named reads what was recorded for them, so an opinion entered in their name is seen by them."""
    names = {o.option_id: o.name for o in options_of(db, vote)}
    recorded = session_kind(vote.kind).describe_answers(answers, names)
    notices.create_notice(db, principal, title="您的书面意见已录入", kind="absentee_opinion", ref_id=vote.id,
                          body=f"“{vote.title}”中以您的名义录入的书面意见：{recorded}。如与您的意见不符，请及时向党组织反映。",
                          audience={"person_ids": [person_id]}, person_ids=[person_id])


def list_absentee_opinions(db: Session, principal: Principal, vote_id: int) -> list[AbsenteeOpinion]:
    vote = get_vote_session(db, principal, vote_id, write=True)
    return list(db.scalars(select(AbsenteeOpinion).where(AbsenteeOpinion.session_id == vote.id)
                           .order_by(AbsenteeOpinion.id)))


def delete_absentee_opinion(db: Session, principal: Principal, vote_id: int, opinion_id: int) -> None:
    vote, opinion = _opinion(db, principal, vote_id, opinion_id)
    vote_states.require(vote.state, vote_states.EDITABLE, "表决开始后书面意见不能再修改", "session_not_draft")
    if opinion.scan_key:
        documents.storage().delete(opinion.scan_key)
    db.delete(opinion)
    audit.record(db, principal, "absentee_opinion.deleted", "vote_session", vote.id, vote.org_id)


def _opinion(db: Session, principal: Principal, vote_id: int, opinion_id: int):
    vote = get_vote_session(db, principal, vote_id, write=True)
    opinion = db.get(AbsenteeOpinion, opinion_id) if isinstance(opinion_id, int) else None
    if opinion is None or opinion.session_id != vote.id:
        raise NotFound("找不到该书面意见", code="opinion_not_found")
    return vote, opinion


def attach_scan(db: Session, principal: Principal, vote_id: int, opinion_id: int, data: bytes,
                filename: str) -> AbsenteeOpinion:
    """The scan or photo of the signed opinion (PDF, PNG, JPEG). It may be added later, after the meeting, but
    once the vote has opened it is never replaced: the evidence of what was counted stays as it was."""
    vote, opinion = _opinion(db, principal, vote_id, opinion_id)
    if opinion.scan_key and vote.state not in vote_states.EDITABLE:
        raise Conflict("表决开始后，已上传的书面意见扫描件不能替换", code="scan_locked")
    documents.replace_attachment(opinion, "scan", data, filename, "书面意见")
    audit.record(db, principal, "absentee_opinion.scan_added", "vote_session", vote.id, vote.org_id)
    return opinion


def scan(db: Session, principal: Principal, vote_id: int, opinion_id: int) -> tuple[str, str, bytes]:
    _, opinion = _opinion(db, principal, vote_id, opinion_id)
    return documents.attachment(opinion, "scan", "该书面意见没有扫描件")
