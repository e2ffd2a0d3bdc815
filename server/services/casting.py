"""Casting secret ballots, and the written opinions of absent members.

One ballot per credential is enforced by the database: a code flips `used` in one conditional UPDATE, a roster
voter's participation row is unique per session. The ballot row is written in the same transaction and carries
nothing that points back (DESIGN.md section 4, invariants 1–2); a retried submission gets the same receipt.
"""
from __future__ import annotations

import hashlib
import logging
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from server.domain import credentials
from server.domain.ballots import normalize_answers
from server.domain.errors import Conflict, Forbidden, NotFound, RuleViolation, Unauthorized
from server.models import (AbsenteeOpinion, Ballot, ElectorateEntry, Meeting, Participation, SessionOption,
                           VoteSession, VotingCode)
from server.services import audit, electorate, secrets
from server.services import clock
from server.services.codes import code_hash, codes_in_group
from server.services.meetings import get_vote_session, options_of
from server.services.scope import Principal

log = logging.getLogger(__name__)

STATE_ERRORS = {
    "draft": ("session_not_open", "表决尚未开始，请等待主持人宣布开始后再投票"),
    "closed": ("session_closed", "表决已结束，不能再投票"),
    "published": ("session_closed", "表决已结束，结果已公布"),
    "cancelled": ("session_cancelled", "本次表决已作废"),
}


@dataclass
class Credential:
    """A checked right to cast one ballot in one group of one session."""

    vote: VoteSession
    group: str
    code: VotingCode | None = None
    person_id: int | None = None

    @property
    def key(self) -> str:
        return self.code.code_hash if self.code else f"person:{self.person_id}"


def _require_open(vote: VoteSession) -> None:
    if vote.state != "open":
        code, message = STATE_ERRORS[vote.state]
        raise Conflict(message, code=code, extra={"state": vote.state, "session_id": vote.id})


def join_key() -> bytes:
    return secrets.derived_key("join-token")


def lock_session(session: Session, session_id: int, *, exclusive: bool = False) -> VoteSession | None:
    """Casts share the session row's lock; close takes it exclusively, so it waits for casts in flight."""
    query = select(VoteSession).where(VoteSession.id == session_id).execution_options(populate_existing=True)
    return session.scalar(query.with_for_update(read=not exclusive))


def _code_credential(session: Session, code: str, session_id: int | None, *, lock: bool) -> Credential:
    row = session.scalar(select(VotingCode).where(VotingCode.code_hash == code_hash(code)))
    if row is None or (session_id is not None and row.session_id != session_id):
        raise NotFound("票码无效，请核对后重新输入", code="code_invalid")
    vote = lock_session(session, row.session_id) if lock else session.get(VoteSession, row.session_id)
    return Credential(vote=vote, group=row.group, code=row)


def _join_credential(session: Session, principal: Principal | None, token: str, *, lock: bool) -> Credential:
    try:
        session_id = credentials.read_join_token(join_key(), token, clock.timestamp())
    except credentials.JoinTokenError as exc:
        if exc.reason == "expired":
            raise RuleViolation("二维码已过期，请重新扫描会场大屏上的二维码", code="join_expired")
        raise RuleViolation("二维码无效，请扫描会场大屏上的二维码", code="join_invalid")
    if principal is None:
        raise Unauthorized("扫码投票需要先登录（绑定微信的党员）", code="login_required")
    if principal.person_id is None:
        raise Forbidden("扫码投票仅限名册上的党员，请使用票码投票", code="not_a_roster_voter")
    vote = lock_session(session, session_id) if lock else session.get(VoteSession, session_id)
    if vote is None:
        raise NotFound("找不到该表决", code="session_not_found")
    entry = session.scalar(select(ElectorateEntry).where(ElectorateEntry.session_id == vote.id,
                                                         ElectorateEntry.person_id == principal.person_id))
    excluded = principal.person_id in electorate.load(session, vote).excluded if entry else False
    if entry is None or excluded or entry.group != "member":
        _require_open(vote)
        raise Forbidden("您不在本次表决的投票人范围内", code="not_in_electorate")
    if codes_in_group(session, vote.id, "member"):
        raise Conflict("本次表决党员使用纸质票码投票，请使用发放的票码", code="member_codes_in_use")
    return Credential(vote=vote, group="member", person_id=principal.person_id)


def resolve(session: Session, principal: Principal | None, *, code: str | None, join: str | None,
            session_id: int | None = None, lock: bool = False) -> Credential:
    if bool(code) == bool(join):
        raise RuleViolation("请提供票码或扫码凭证（二选一）", code="credential_required",
                            fields={"code": ["票码与扫码凭证二选一"]})
    if code:
        return _code_credential(session, code, session_id, lock=lock)
    credential = _join_credential(session, principal, join, lock=lock)
    if session_id is not None and credential.vote.id != session_id:
        raise RuleViolation("二维码与表决不一致", code="join_invalid")
    return credential


def _already_voted(session: Session, credential: Credential) -> bool:
    if credential.code is not None:
        return credential.code.used
    return bool(session.scalar(select(func.count()).select_from(Participation).where(
        Participation.session_id == credential.vote.id, Participation.person_id == credential.person_id)))


def _has_absentee_opinion(session: Session, credential: Credential) -> bool:
    return credential.person_id is not None and bool(session.scalar(
        select(func.count()).select_from(AbsenteeOpinion).where(AbsenteeOpinion.session_id == credential.vote.id,
                                                                AbsenteeOpinion.person_id == credential.person_id)))


def ballot_form(session: Session, principal: Principal | None, *, code: str | None, join: str | None) -> dict:
    """What the voter's phone shows: the session and its candidates or subjects."""
    credential = resolve(session, principal, code=code, join=join)
    vote = credential.vote
    _require_open(vote)
    if _already_voted(session, credential):
        raise Conflict("该票码已使用" if credential.code else "您已经投过票了", code="already_voted",
                       extra={"session_id": vote.id})
    if _has_absentee_opinion(session, credential):
        raise Conflict("您已提交书面意见，不能再投票", code="already_voted", extra={"session_id": vote.id})
    meeting = session.get(Meeting, vote.meeting_id)
    options = [{"id": o.option_id, "name": o.name} for o in options_of(session, vote)]
    form = {"session_id": vote.id, "title": vote.title, "kind": vote.kind, "stage": vote.stage,
            "meeting_title": meeting.title, "group": credential.group, "max_choices": vote.max_choices,
            "state": vote.state}
    form["subjects" if vote.kind == "satisfaction" else "candidates"] = options
    return form


def _option_ids(session: Session, vote: VoteSession) -> list[int]:
    return list(session.scalars(select(SessionOption.option_id).where(SessionOption.session_id == vote.id)))


def _submission_hash(submission_id: str | None) -> str | None:
    return hashlib.sha256(submission_id.encode()).hexdigest() if submission_id else None


def cast(session: Session, principal: Principal | None, *, session_id: int, answers, code: str | None = None,
         join: str | None = None, submission_id: str | None = None) -> tuple[str, bool]:
    """Cast one ballot; returns (receipt, created). A retry of the same submission returns the same receipt."""
    credential = resolve(session, principal, code=code, join=join, session_id=session_id, lock=True)
    vote = credential.vote
    _require_open(vote)
    normalized = normalize_answers(vote.kind, answers, _option_ids(session, vote), vote.max_choices)
    submitted = _submission_hash(submission_id)
    receipt = (credentials.receipt_from(secrets.derived_key("receipt"), str(vote.id), credential.key, submission_id)
               if submission_id else credentials.new_receipt())
    if credential.code is not None:
        taken = session.execute(update(VotingCode).where(VotingCode.id == credential.code.id,
                                                         VotingCode.used.is_(False))
                                .values(used=True, submission_hash=submitted)).rowcount
        if not taken:
            return _retry_or_conflict(session, credential, submitted, receipt, "该票码已使用，不能重复投票")
    else:
        if _has_absentee_opinion(session, credential):
            raise Conflict("您已提交书面意见，不能再投票", code="already_voted")
        inserted = insert_unless_exists(session, Participation, session_id=vote.id, person_id=credential.person_id,
                                        submission_hash=submitted)
        if not inserted:
            return _retry_or_conflict(session, credential, submitted, receipt, "您已经投过票了")
    session.add(Ballot(id=uuid.uuid4().hex, session_id=vote.id, group=credential.group, answers=normalized,
                       receipt_hash=credentials.receipt_hash(receipt)))
    session.flush()
    # Only that a ballot arrived: never its answers, its receipt, its code or its voter (invariant 4).
    log.info("ballot accepted session=%s group=%s", vote.id, credential.group)
    return receipt, True


def _retry_or_conflict(session, credential: Credential, submitted, receipt, message):
    """The same submission again (a lost answer on a phone) is not a second vote: give the receipt back."""
    if credential.code is not None:
        stored = session.scalar(select(VotingCode.submission_hash).where(VotingCode.id == credential.code.id))
    else:
        stored = session.scalar(select(Participation.submission_hash).where(
            Participation.session_id == credential.vote.id, Participation.person_id == credential.person_id))
    if submitted and stored == submitted:
        return receipt, False
    raise Conflict(message, code="already_voted")


def insert_unless_exists(session: Session, model, **values) -> int | None:
    """INSERT … ON CONFLICT DO NOTHING: the unique constraint decides, atomically, whether the row is new.
    Returns the new row's id, or None when it already existed."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return session.scalar(insert(model).values(**values).on_conflict_do_nothing().returning(model.id))


def add_absentee_opinion(session: Session, principal: Principal, session_id: int, answers,
                         person_id: int | None) -> AbsenteeOpinion:
    """The secretary enters an absent member's written opinion before the session closes; it is counted."""
    vote = get_vote_session(session, principal, session_id, write=True)
    if vote.state not in ("draft", "open"):
        raise Conflict("表决已结束，不能再录入书面意见", code="session_closed")
    voters = electorate.load(session, vote)
    normalized = normalize_answers(vote.kind, answers, _option_ids(session, vote), vote.max_choices)
    if person_id is not None:
        if person_id not in voters.groups["member"] or person_id in voters.excluded:
            raise RuleViolation("该人员不是本次表决应到会的党员", code="not_in_electorate",
                                fields={"person_id": ["不在应到会党员范围内"]})
        if session.scalar(select(func.count()).select_from(Participation).where(
                Participation.session_id == vote.id, Participation.person_id == person_id)):
            raise Conflict("该党员已经投票，不能再录入书面意见", code="already_voted")
    opinions = session.scalar(select(func.count()).select_from(AbsenteeOpinion)
                              .where(AbsenteeOpinion.session_id == vote.id))
    if opinions >= voters.should_attend("member"):
        raise RuleViolation("书面意见不能多于应到会党员人数", code="too_many_opinions")
    opinion_id = insert_unless_exists(session, AbsenteeOpinion, session_id=vote.id, person_id=person_id,
                                      answers=normalized, entered_by=principal.account_id)
    if opinion_id is None:
        raise Conflict("该党员的书面意见已录入", code="absentee_opinion_exists")
    opinion = session.get(AbsenteeOpinion, opinion_id)
    audit.record(session, principal, "absentee_opinion.added", "vote_session", vote.id, vote.org_id)
    return opinion


def list_absentee_opinions(session: Session, principal: Principal, session_id: int) -> list[AbsenteeOpinion]:
    vote = get_vote_session(session, principal, session_id, write=True)
    return list(session.scalars(select(AbsenteeOpinion).where(AbsenteeOpinion.session_id == vote.id)
                                .order_by(AbsenteeOpinion.id)))


def delete_absentee_opinion(session: Session, principal: Principal, session_id: int, opinion_id: int) -> None:
    vote = get_vote_session(session, principal, session_id, write=True)
    if vote.state not in ("draft", "open"):
        raise Conflict("表决已结束，书面意见不能再修改", code="session_closed")
    opinion = session.get(AbsenteeOpinion, opinion_id) if isinstance(opinion_id, int) else None
    if opinion is None or opinion.session_id != vote.id:
        raise NotFound("找不到该书面意见", code="opinion_not_found")
    session.delete(opinion)
    audit.record(session, principal, "absentee_opinion.deleted", "vote_session", vote.id, vote.org_id)
