"""A session's life: draft → open → closed → published (or cancelled), and what each state lets people see.

Transitions are idempotent and audited. While open only turnout is visible (invariant 5); closing waits for
casts in flight, freezes should_attend, rewrites the ballot rows in random order (invariant 3) and freezes
the tally; publishing makes the result and the receipt list public to the session's voters.
"""
from __future__ import annotations

import logging
import random
import uuid
from datetime import datetime, timezone

import qrcode
import qrcode.image.svg

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from server.domain import credentials, tally
from server.domain.ballots import BRANCH_WORK_ID
from server.domain.errors import Conflict, NotFound, Unauthorized
from server.models import AbsenteeOpinion, Ballot, ElectorateEntry, FollowUp, Organization, VoteSession, VotingCode
from server.services import audit, codes, electorate
from server.services.casting import lock_session, join_key
from server.services import clock
from server.services.meetings import get_vote_session, options_of
from server.services.scope import Principal, can_read_org

log = logging.getLogger(__name__)
_shuffle = random.SystemRandom().shuffle


def _locked(session: Session, principal: Principal, session_id: int) -> VoteSession:
    get_vote_session(session, principal, session_id, write=True)  # scope and permission first
    return lock_session(session, session_id, exclusive=True)


def open_session(session: Session, principal: Principal, session_id: int, override_reason: str | None = None):
    vote = _locked(session, principal, session_id)
    if vote.state == "open":
        return vote
    if vote.state != "draft":
        raise Conflict("只有草稿状态的表决可以开始", code="invalid_transition", extra={"state": vote.state})
    electorate.freeze(session, vote, override_reason)
    vote.state, vote.opened_at = "open", clock.now()
    log.info("session opened session=%s", vote.id)
    audit.record(session, principal, "session.opened", "vote_session", vote.id, vote.org_id,
                 **({"override_reason": vote.override_reason} if vote.override_reason else {}))
    return vote


def close_session(session: Session, principal: Principal, session_id: int) -> VoteSession:
    vote = _locked(session, principal, session_id)
    if vote.state in ("closed", "published"):
        return vote
    if vote.state != "open":
        raise Conflict("只有进行中的表决可以结束", code="invalid_transition", extra={"state": vote.state})
    voters = electorate.load(session, vote)
    vote.should_attend = voters.should_attend("member")
    vote.state, vote.closed_at = "closed", clock.now()
    ballots = _rewrite_in_random_order(session, vote.id)
    vote.result = _tally(session, vote, ballots)
    _record_low_satisfaction(session, vote)
    codes.forget_printed_codes(session, vote.id)
    audit.record(session, principal, "session.closed", "vote_session", vote.id, vote.org_id, ballots=len(ballots))
    log.info("session closed session=%s ballots=%s", vote.id, len(ballots))
    return vote


def publish_session(session: Session, principal: Principal, session_id: int) -> VoteSession:
    vote = _locked(session, principal, session_id)
    if vote.state == "published":
        return vote
    if vote.state != "closed":
        raise Conflict("请先结束表决再公布结果", code="invalid_transition", extra={"state": vote.state})
    vote.state, vote.published_at = "published", clock.now()
    audit.record(session, principal, "session.published", "vote_session", vote.id, vote.org_id)
    log.info("session published session=%s", vote.id)
    return vote


def cancel_session(session: Session, principal: Principal, session_id: int) -> VoteSession:
    vote = _locked(session, principal, session_id)
    if vote.state == "cancelled":
        return vote
    if vote.state not in ("draft", "open"):
        raise Conflict("已结束的表决不能作废", code="invalid_transition", extra={"state": vote.state})
    vote.state, vote.cancelled_at = "cancelled", clock.now()
    codes.forget_printed_codes(session, vote.id)
    audit.record(session, principal, "session.cancelled", "vote_session", vote.id, vote.org_id)
    return vote


def _rewrite_in_random_order(session: Session, session_id: int) -> list[tuple[str, dict, str]]:
    """Delete the session's ballots and insert them again shuffled, with new random ids (invariant 3)."""
    rows = [tuple(r) for r in session.execute(select(Ballot.group, Ballot.answers, Ballot.receipt_hash)
                                              .where(Ballot.session_id == session_id))]
    session.execute(delete(Ballot).where(Ballot.session_id == session_id))
    _shuffle(rows)
    if rows:
        session.execute(insert(Ballot), [{"id": uuid.uuid4().hex, "session_id": session_id, "group": group,
                                          "answers": answers, "receipt_hash": receipt}
                                         for group, answers, receipt in rows])
    return rows


def _tally(session: Session, vote: VoteSession, ballots: list[tuple[str, dict, str]]) -> dict:
    options = [(o.option_id, o.name) for o in options_of(session, vote)]
    member = [answers for group, answers, _ in ballots if group == "member"]
    mass = [answers for group, answers, _ in ballots if group == "mass"]
    absentee = list(session.scalars(select(AbsenteeOpinion.answers).where(AbsenteeOpinion.session_id == vote.id)))
    if vote.kind == "recommendation":
        result = tally.recommendation_result(options, member, mass, absentee)
    elif vote.kind == "stage_vote":
        result = tally.stage_vote_result(vote.stage, options, vote.should_attend, member, absentee)
    else:
        result = tally.satisfaction_result(options, member, mass, absentee)
    return result


def _record_low_satisfaction(session: Session, vote: VoteSession) -> None:
    """Score < 80: the branch becomes a key warning target; a new member gets a reminder talk (seed 三(二))."""
    if vote.kind != "satisfaction":
        return
    for subject in vote.result["subjects"]:
        if not subject["below_threshold"]:
            continue
        branch = subject["id"] == BRANCH_WORK_ID
        session.add(FollowUp(org_id=vote.org_id, session_id=vote.id,
                             kind="key_warning_target" if branch else "reminder_talk",
                             person_id=None if branch else subject["id"], score=f"{subject['score']:.2f}"))


# --- what people may see -------------------------------------------------------------------------------

def viewable_session(session: Session, principal: Principal | None, session_id: int, *, code: str | None = None,
                     join: str | None = None, receipt: str | None = None) -> tuple[VoteSession, bool]:
    """The session and whether the caller is its staff; voters prove themselves by login, code, QR or receipt."""
    vote = session.get(VoteSession, session_id) if isinstance(session_id, int) else None
    if vote is not None:
        org = session.get(Organization, vote.org_id)
        if can_read_org(principal, org):
            return vote, True
        if _is_voter(session, vote, principal, code, join, receipt):
            return vote, False
    if principal is None and not (code or join or receipt):
        raise Unauthorized("请先登录，或通过选票链接查看")
    raise NotFound("找不到该表决", code="session_not_found")


def _is_voter(session, vote, principal, code, join, receipt) -> bool:
    if principal is not None and principal.person_id is not None and session.scalar(
            select(func.count()).select_from(ElectorateEntry).where(ElectorateEntry.session_id == vote.id,
                                                                    ElectorateEntry.person_id == principal.person_id)):
        return True
    if code and session.scalar(select(VotingCode.session_id).where(VotingCode.code_hash == codes.code_hash(code))) == vote.id:
        return True
    if join:
        try:
            return credentials.read_join_token(join_key(), join, clock.timestamp(), any_window=True) == vote.id
        except credentials.JoinTokenError:
            return False
    if receipt:
        return bool(session.scalar(select(func.count()).select_from(Ballot).where(
            Ballot.session_id == vote.id, Ballot.receipt_hash == credentials.receipt_hash(receipt.strip().upper()))))
    return False


def turnout(session: Session, vote: VoteSession) -> dict:
    """Ballots cast per group against who should attend; never per-candidate numbers (invariant 5)."""
    cast = dict(session.execute(select(Ballot.group, func.count()).where(Ballot.session_id == vote.id)
                                .group_by(Ballot.group)).all())
    voters = electorate.load(session, vote)
    absentee = session.scalar(select(func.count()).select_from(AbsenteeOpinion)
                              .where(AbsenteeOpinion.session_id == vote.id))
    groups = {g: {"cast": cast.get(g, 0), "electorate": voters.should_attend(g)} for g in codes.groups_for(vote)}
    groups["member"]["absentee"] = absentee
    return {"session_id": vote.id, "state": vote.state, "groups": groups}


def result(session: Session, vote: VoteSession, is_staff: bool) -> dict:
    """Staff see the frozen tally after close; voters after publishing."""
    if vote.state not in ("closed", "published") or (vote.state == "closed" and not is_staff):
        raise Conflict("结果尚未公布" if vote.state == "closed" else "表决尚未结束，暂无结果",
                       code="result_not_available", extra={"state": vote.state})
    return {"session_id": vote.id, "kind": vote.kind, "title": vote.title, "state": vote.state, **vote.result}


def receipts(session: Session, vote: VoteSession, receipt: str | None = None) -> dict:
    """After publishing: every counted receipt's SHA-256, sorted so the order says nothing (invariant 6)."""
    if vote.state != "published":
        raise Conflict("结果公布后才能核对回执", code="receipts_not_available", extra={"state": vote.state})
    hashes = sorted(session.scalars(select(Ballot.receipt_hash).where(Ballot.session_id == vote.id)))
    body = {"session_id": vote.id, "receipts": hashes}
    if receipt:
        body["counted"] = credentials.receipt_hash(receipt.strip().upper()) in set(hashes)
    return body


def _open_for_screen(session: Session, principal: Principal, session_id: int) -> VoteSession:
    vote = get_vote_session(session, principal, session_id, write=True)
    if vote.state != "open":
        raise Conflict("表决进行中才显示投票二维码", code="session_not_open", extra={"state": vote.state})
    return vote


MP_VOTE_PAGE = "pages/vote/ballot"


def join_mp_code(session: Session, principal: Principal, session_id: int, gateway, cache) -> bytes:
    """The rotating mini-program code of the meeting screen (getUnlimited with the short join token as its
    scene), fetched from WeChat once per rotation window and session: WeChat limits how often it may be asked."""
    vote = _open_for_screen(session, principal, session_id)
    scene, expires = credentials.scene_token(join_key(), vote.id, clock.timestamp())
    key = f"mp-code:{scene}"
    image = cache.get(key) if cache is not None else None
    if image is None:
        image = gateway.get_unlimited_code(scene, page=MP_VOTE_PAGE)
        if cache is not None:
            cache.set(key, image, ex=max(1, int(expires - clock.timestamp()) + credentials.ROTATION_SECONDS))
    return image


def join_qr(session: Session, principal: Principal, session_id: int, base_url: str) -> dict:
    """The rotating QR of the meeting screen (staff only, while open)."""
    vote = _open_for_screen(session, principal, session_id)
    token, expires = credentials.join_token(join_key(), vote.id, clock.timestamp())
    url = codes.vote_link(base_url, join=token)
    svg = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2).to_string(encoding="unicode")
    return {"url": url, "token": token, "expires_at": datetime.fromtimestamp(expires, timezone.utc), "svg": svg,
            "rotation_seconds": credentials.ROTATION_SECONDS}
