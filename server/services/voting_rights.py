"""Who may cast a ballot: a one-time code, or a bound member's scan of the meeting screen (its rotating join
token, exchanged for a 15-minute ballot ticket) — and the ballot form such a voter sees."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server import clock
from server.adapters import secrets
from server.adapters.locks import lock_session
from server.domain import credentials, vote_states
from server.domain.e2e.sealing import sealing as sealing_of
from server.domain.errors import Conflict, Forbidden, NotFound, RuleViolation, Unauthorized
from server.domain.kinds import session_kind
from server.models import (
    AbsenteeOpinion,
    AttendanceExclusion,
    ElectorateEntry,
    Meeting,
    Participation,
    VoteSession,
    VotingCode,
)
from server.services.codes import code_hash, codes_in_group
from server.services.meetings import options_of
from server.services.scope import Principal


@dataclass
class Credential:
    """A checked right to cast one ballot in one group of one session."""

    vote: VoteSession
    group: str
    code: VotingCode | None = None
    person_id: int | None = None


def join_key() -> bytes:
    return secrets.derived_key("join-token")


def code_invalid() -> NotFound:
    return NotFound("票码无效，请核对后重新输入", code="code_invalid")


def _code_credential(db: Session, code: str, vote_id: int | None) -> Credential:
    """For the ballot form only: casting with a code takes the statement-level path (services.fast_cast)."""
    row = db.scalar(select(VotingCode).where(VotingCode.code_hash == code_hash(code)))
    if row is None or (vote_id is not None and row.session_id != vote_id):
        raise code_invalid()
    return Credential(vote=db.get(VoteSession, row.session_id), group=row.group, code=row)


def _scanned_vote_id(principal: Principal | None, token: str) -> int:
    """The session a join token (or the ballot ticket it was exchanged for) names, checked and current."""
    try:
        if not credentials.is_ballot_ticket(token):
            vote_id = credentials.read_join_token(join_key(), token, clock.timestamp())
        elif principal is not None and principal.person_id is not None:
            vote_id = credentials.read_ballot_ticket(join_key(), token, principal.person_id, clock.timestamp())
        else:
            vote_id = None
    except credentials.JoinTokenError as exc:
        if exc.reason == "expired":
            raise RuleViolation("二维码已过期，请重新扫描会场大屏上的二维码", code="join_expired") from None
        raise RuleViolation("二维码无效，请扫描会场大屏上的二维码", code="join_invalid") from None
    if principal is None:
        raise Unauthorized("扫码投票需要先登录（绑定微信的党员）", code="login_required")
    if principal.person_id is None:
        raise Forbidden("扫码投票仅限名册上的党员，请使用票码投票", code="not_a_roster_voter")
    return vote_id


def _join_credential(db: Session, principal: Principal | None, token: str, *, lock: bool) -> Credential:
    vote_id = _scanned_vote_id(principal, token)
    vote = lock_session(db, vote_id) if lock else db.get(VoteSession, vote_id)
    if vote is None:
        raise NotFound("找不到该表决", code="session_not_found")
    entry = db.scalar(select(ElectorateEntry).where(ElectorateEntry.session_id == vote.id,
                                                    ElectorateEntry.person_id == principal.person_id))
    # One row, not the whole electorate: this runs for every member who scans the screen.
    excluded = entry is not None and db.scalar(
        select(func.count()).select_from(AttendanceExclusion)
        .where(AttendanceExclusion.session_id == vote.id, AttendanceExclusion.person_id == principal.person_id))
    if entry is None or excluded or entry.group != "member":
        vote_states.require_open_for_ballots(vote.state, vote.id)
        raise Forbidden("您不在本次表决的投票人范围内", code="not_in_electorate")
    if codes_in_group(db, vote.id, "member"):
        raise Conflict("本次表决党员使用纸质票码投票，请使用发放的票码", code="member_codes_in_use")
    return Credential(vote=vote, group="member", person_id=principal.person_id)


def resolve(db: Session, principal: Principal | None, *, code: str | None, join: str | None,
            vote_id: int | None = None, lock: bool = False) -> Credential:
    if bool(code) == bool(join):
        raise RuleViolation("请提供票码或扫码凭证（二选一）", code="credential_required",
                            fields={"code": ["票码与扫码凭证二选一"]})
    if code:
        return _code_credential(db, code, vote_id)
    credential = _join_credential(db, principal, join, lock=lock)
    if vote_id is not None and credential.vote.id != vote_id:
        raise RuleViolation("二维码与表决不一致", code="join_invalid")
    return credential


def has_participated(db: Session, vote_id: int, person_id: int) -> bool:
    return bool(db.scalar(select(func.count()).select_from(Participation).where(
        Participation.session_id == vote_id, Participation.person_id == person_id)))


def participation_channel(db: Session, vote_id: int, person_id: int) -> str | None:
    """"phone" or "paper" once the person has voted or taken a paper ballot; None before."""
    return db.scalar(select(Participation.channel).where(Participation.session_id == vote_id,
                                                         Participation.person_id == person_id))


def has_absentee_opinion(db: Session, vote_id: int, person_id: int | None) -> bool:
    return person_id is not None and bool(db.scalar(
        select(func.count()).select_from(AbsenteeOpinion).where(AbsenteeOpinion.session_id == vote_id,
                                                                AbsenteeOpinion.person_id == person_id)))


def refuse_second_vote(db: Session, credential: Credential) -> None:
    """A used code, a member who has voted, or one whose written opinion is in: no second ballot."""
    if credential.code is not None and credential.code.used:
        raise Conflict("该票码已使用", code="already_voted", extra={"session_id": credential.vote.id})
    if credential.person_id is None:
        return
    channel = participation_channel(db, credential.vote.id, credential.person_id)
    if channel == "paper":
        raise Conflict("您已领取纸质选票，请在纸质选票上投票", code="already_voted", extra={"session_id": credential.vote.id})
    if channel is not None:
        raise Conflict("您已经投过票了", code="already_voted", extra={"session_id": credential.vote.id})
    if has_absentee_opinion(db, credential.vote.id, credential.person_id):
        raise Conflict("您已提交书面意见，不能再投票", code="already_voted", extra={"session_id": credential.vote.id})


def ballot_form(db: Session, principal: Principal | None, *, code: str | None, join: str | None) -> dict:
    """What the voter's phone shows: the session and its candidates or subjects."""
    credential = resolve(db, principal, code=code, join=join)
    vote = credential.vote
    vote_states.require_open_for_ballots(vote.state, vote.id)
    refuse_second_vote(db, credential)
    meeting = db.get(Meeting, vote.meeting_id)
    options = [{"id": o.option_id, "name": o.name} for o in options_of(db, vote)]
    form = {"session_id": vote.id, "title": vote.title, "kind": vote.kind, "stage": vote.stage,
            "meeting_title": meeting.title, "group": credential.group, "max_choices": vote.max_choices,
            "state": vote.state, "options": options, session_kind(vote.kind).options_key: options}
    if sealing_of(vote.sealing).counted_by_tellers:  # the phone encrypts under the tellers' key and proves it (DESIGN §12)
        form["sealing"] = {"sealing": vote.sealing, "uid": vote.e2e_uid, "public_key": vote.public_key}
    if credential.person_id is not None:  # the scanned token rotates in 30 s; the ballot may take longer
        form["join"] = credentials.ballot_ticket(join_key(), vote.id, credential.person_id, clock.timestamp())
    return form
