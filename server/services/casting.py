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

from sqlalchemy import bindparam, func, insert, select, text, update
from sqlalchemy.orm import Session

from server.domain import credentials
from server.domain.ballots import normalize_answers
from server.domain.errors import Conflict, Forbidden, NotFound, RuleViolation, Unauthorized
from server.models import (AbsenteeOpinion, AttendanceExclusion, Ballot, ElectorateEntry, Meeting, Participation,
                           SessionOption, VoteSession, VotingCode)
from server.services import audit, electorate, secrets
from server.services.sql import insert_unless_exists
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


def _require_open(vote: VoteSession) -> None:
    if vote.state != "open":
        code, message = STATE_ERRORS[vote.state]
        raise Conflict(message, code=code, extra={"state": vote.state, "session_id": vote.id})


def join_key() -> bytes:
    return secrets.derived_key("join-token")


# Namespace of the per-session advisory locks (the first key of PostgreSQL's two-key form).
SESSION_LOCK_SPACE = 4201
_SHARED_LOCK = text("SELECT pg_advisory_xact_lock_shared(:space, :session_id)")
_EXCLUSIVE_LOCK = text("SELECT pg_advisory_xact_lock(:space, :session_id)")


def take_session_lock(session: Session, session_id: int, *, exclusive: bool = False) -> None:
    """Casts share a per-session lock until they commit; transitions (close above all) take it exclusively,
    so a close waits for every cast in flight and no cast starts reading the state until the close committed.
    An advisory lock rather than FOR SHARE on the session row: hundreds of casts would otherwise write row
    locks (and WAL) to one hot row. SQLite has a single writer and needs nothing."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(_EXCLUSIVE_LOCK if exclusive else _SHARED_LOCK,
                           {"space": SESSION_LOCK_SPACE, "session_id": session_id})


def lock_session(session: Session, session_id: int, *, exclusive: bool = False) -> VoteSession | None:
    """Take the session lock, then read the session as committed now."""
    take_session_lock(session, session_id, exclusive=exclusive)
    query = select(VoteSession).where(VoteSession.id == session_id).execution_options(populate_existing=True)
    return session.scalar(query.with_for_update() if exclusive else query)


def _code_credential(session: Session, code: str, session_id: int | None) -> Credential:
    """For the ballot form only: casting with a code takes the statement-level path of _cast_with_code."""
    row = session.scalar(select(VotingCode).where(VotingCode.code_hash == code_hash(code)))
    if row is None or (session_id is not None and row.session_id != session_id):
        raise NotFound("票码无效，请核对后重新输入", code="code_invalid")
    return Credential(vote=session.get(VoteSession, row.session_id), group=row.group, code=row)


def _join_credential(session: Session, principal: Principal | None, token: str, *, lock: bool) -> Credential:
    ticket = credentials.is_ballot_ticket(token)
    try:
        if not ticket:
            session_id = credentials.read_join_token(join_key(), token, clock.timestamp())
        elif principal is not None and principal.person_id is not None:
            session_id = credentials.read_ballot_ticket(join_key(), token, principal.person_id, clock.timestamp())
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
    # One row, not the whole electorate: this runs for every member who scans the screen.
    excluded = entry is not None and session.scalar(
        select(func.count()).select_from(AttendanceExclusion)
        .where(AttendanceExclusion.session_id == vote.id, AttendanceExclusion.person_id == principal.person_id))
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
        return _code_credential(session, code, session_id)
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
    if credential.person_id is not None:  # the scanned token rotates in 30 s; the ballot may take longer
        form["join"] = credentials.ballot_ticket(join_key(), vote.id, credential.person_id, clock.timestamp())
    form["subjects" if vote.kind == "satisfaction" else "candidates"] = options
    return form


def _option_ids(session: Session, vote: VoteSession) -> list[int]:
    return list(session.scalars(select(SessionOption.option_id).where(SessionOption.session_id == vote.id)))


def _submission_hash(submission_id: str | None) -> str | None:
    return hashlib.sha256(submission_id.encode()).hexdigest() if submission_id else None


# Built once: the hot path should not rebuild its statements for every ballot.
_SESSION_STATE = select(VoteSession.state, VoteSession.opened_at).where(VoteSession.id == bindparam("session_id"))
_TAKE_CODE = (update(VotingCode)
              .where(VotingCode.code_hash == bindparam("digest"), VotingCode.session_id == bindparam("sid"),
                     VotingCode.used.is_(False))
              .values(used=True, submission_hash=bindparam("submitted")).returning(VotingCode.group))
# PostgreSQL: the same UPDATE, joined to a CTE that takes the session's shared advisory lock first. It also
# returns the session's opened_at (fixed once set), which keys the cached ballot shape; the state itself is
# checked by the INSERT below, whose snapshot is taken after the lock.
_TAKE_CODE_LOCKED = text(
    "WITH session_lock AS MATERIALIZED (SELECT pg_advisory_xact_lock_shared(:space, :sid) AS locked) "
    "UPDATE voting_codes SET used = true, submission_hash = :submitted FROM session_lock, vote_sessions "
    "WHERE voting_codes.code_hash = :digest AND voting_codes.session_id = :sid AND NOT voting_codes.used "
    "AND vote_sessions.id = voting_codes.session_id "
    'RETURNING voting_codes."group", vote_sessions.opened_at')
_CODE_SUBMISSION = select(VotingCode.submission_hash).where(VotingCode.code_hash == bindparam("digest"),
                                                            VotingCode.session_id == bindparam("sid"))
_INSERT_BALLOT = insert(Ballot)
# The ballot goes in only while its session is open: the state check and the insert are one statement.
_INSERT_BALLOT_IF_OPEN = insert(Ballot).from_select(
    ["id", "session_id", "group", "answers", "receipt_hash"],
    select(bindparam("id"), VoteSession.id, bindparam("group"), bindparam("answers", type_=Ballot.answers.type),
           bindparam("receipt_hash"))
    .where(VoteSession.id == bindparam("session_id"), VoteSession.state == "open")).returning(Ballot.session_id)

# (session id, opened_at) → (kind, max_choices, option ids): options never change once a session is open.
_SHAPES: dict[tuple[int, str], tuple[str, int | None, list[int]]] = {}


def _ballot_shape(session: Session, session_id: int, opened_at) -> tuple[str, int | None, list[int]]:
    key = (session_id, str(opened_at))
    shape = _SHAPES.get(key)
    if shape is None:
        kind, max_choices = session.execute(select(VoteSession.kind, VoteSession.max_choices)
                                            .where(VoteSession.id == session_id)).one()
        options = list(session.scalars(select(SessionOption.option_id).where(SessionOption.session_id == session_id)))
        if len(_SHAPES) > 2000:
            _SHAPES.clear()
        shape = _SHAPES[key] = (kind, max_choices, options)
    return shape


def _require_open_state(connection, session_id: int):
    """The session's opened_at if it is open; otherwise the refusal its state calls for."""
    row = connection.execute(_SESSION_STATE, {"session_id": session_id}).first()
    if row is None:
        raise NotFound("票码无效，请核对后重新输入", code="code_invalid")
    state, opened_at = row
    if state != "open":
        code_name, message = STATE_ERRORS[state]
        raise Conflict(message, code=code_name, extra={"state": state, "session_id": session_id})
    return opened_at


def _cast_with_code(session: Session, session_id: int, code: str, answers, submission_id: str | None):
    """The hot path of a meeting, in two statements on PostgreSQL and no ORM objects (a room of phones votes
    at once): use the code, taking the session's shared lock in the same statement, then insert the ballot
    only if the session is open as committed after that lock. Any refusal raises, and the request's rollback
    gives the code back."""
    connection = session.connection()
    digest, submitted = code_hash(code), _submission_hash(submission_id)
    params = {"digest": digest, "sid": session_id}
    if connection.dialect.name == "postgresql":
        taken = connection.execute(_TAKE_CODE_LOCKED, {**params, "submitted": submitted,
                                                       "space": SESSION_LOCK_SPACE}).first()
        opened_at = taken[1] if taken is not None else None
    else:  # SQLite's RETURNING cannot name the joined table
        taken = connection.execute(_TAKE_CODE, {**params, "submitted": submitted}).first()
        opened_at = _require_open_state(connection, session_id) if taken is not None else None
    receipt = (credentials.receipt_from(secrets.derived_key("receipt"), str(session_id), digest, submission_id)
               if submission_id else credentials.new_receipt())
    if taken is None:
        _require_open_state(connection, session_id)
        stored = connection.execute(_CODE_SUBMISSION, params).first()
        if stored is None:
            raise NotFound("票码无效，请核对后重新输入", code="code_invalid")
        if submitted and stored[0] == submitted:  # the same submission again: not a second vote
            return receipt, False
        raise Conflict("该票码已使用，不能重复投票", code="already_voted")
    if opened_at is None:  # not open when the statement began: refuse with its state, or go on if it opened since
        opened_at = _require_open_state(connection, session_id)
    kind, max_choices, options = _ballot_shape(session, session_id, opened_at)
    normalized = normalize_answers(kind, answers, options, max_choices)
    inserted = connection.execute(_INSERT_BALLOT_IF_OPEN, {
        "id": uuid.uuid4().hex, "session_id": session_id, "group": taken[0], "answers": normalized,
        "receipt_hash": credentials.receipt_hash(receipt)}).first()
    if inserted is None:  # closed while this phone was voting
        _require_open_state(connection, session_id)
        raise NotFound("票码无效，请核对后重新输入", code="code_invalid")
    log.info("ballot accepted session=%s group=%s", session_id, taken[0])  # never answers, code or receipt
    return receipt, True


def _store_ballot(session: Session, session_id: int, group: str, answers: dict, receipt: str) -> None:
    session.connection().execute(_INSERT_BALLOT, {"id": uuid.uuid4().hex, "session_id": session_id, "group": group,
                                     "answers": answers, "receipt_hash": credentials.receipt_hash(receipt)})
    # Only that a ballot arrived: never its answers, its receipt, its code or its voter (invariant 4).
    log.info("ballot accepted session=%s group=%s", session_id, group)


def cast(session: Session, principal: Principal | None, *, session_id: int, answers, code: str | None = None,
         join: str | None = None, submission_id: str | None = None) -> tuple[str, bool]:
    """Cast one ballot; returns (receipt, created). A retry of the same submission returns the same receipt."""
    if code and not join:
        return _cast_with_code(session, session_id, code, answers, submission_id)
    credential = resolve(session, principal, code=code, join=join, session_id=session_id, lock=True)
    vote = credential.vote
    _require_open(vote)
    normalized = normalize_answers(vote.kind, answers, _option_ids(session, vote), vote.max_choices)
    submitted = _submission_hash(submission_id)
    receipt = (credentials.receipt_from(secrets.derived_key("receipt"), str(vote.id), f"person:{credential.person_id}",
                                        submission_id)
               if submission_id else credentials.new_receipt())
    if _has_absentee_opinion(session, credential):
        raise Conflict("您已提交书面意见，不能再投票", code="already_voted")
    inserted = insert_unless_exists(session, Participation, session_id=vote.id, person_id=credential.person_id,
                                    submission_hash=submitted)
    if not inserted:
        # The same submission again (a lost answer on a phone) is not a second vote: give the receipt back.
        stored = session.scalar(select(Participation.submission_hash).where(
            Participation.session_id == vote.id, Participation.person_id == credential.person_id))
        if submitted and stored == submitted:
            return receipt, False
        raise Conflict("您已经投过票了", code="already_voted")
    _store_ballot(session, vote.id, credential.group, normalized, receipt)
    return receipt, True


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
