"""A session's life: draft → open → closed → published (or cancelled), through the state machine in
server.domain.vote_states, and what each state lets people see.

Transitions are idempotent and audited. While open only turnout is visible (invariant 5); closing waits for
casts in flight, freezes should_attend, rewrites the ballot rows in random order (invariant 3) and freezes
the tally; publishing makes the result and the receipt list visible to the session's voters.
"""
from __future__ import annotations

import logging
import random
import uuid

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from server import clock
from server.adapters import ballot_box
from server.adapters.locks import lock_session
from server.adapters.sql import copy_rows
from server.domain import credentials, vote_states
from server.domain.e2e.sealing import sealing as sealing_of
from server.domain.errors import Conflict, NotFound, Unauthorized
from server.domain.events import BallotsRewritten
from server.domain.kinds import session_kind
from server.domain.paper import PaperCount
from server.domain.tally import attendance_warnings
from server.models import AbsenteeOpinion, Ballot, ElectorateEntry, FollowUp, Meeting, Organization, VoteSession, VotingCode
from server.services import audit, codes, electorate, events, follow_ups, paper, records, sealing
from server.services.meetings import get_vote_session, options_of
from server.services.scope import Principal, can_read_org
from server.services.voting_rights import join_key

log = logging.getLogger(__name__)
_shuffle = random.SystemRandom().shuffle


def _transition(db: Session, principal: Principal, vote_id: int, action: str) -> tuple[VoteSession, str | None]:
    """Lock the session exclusively and ask the machine; the target state, or None when already done."""
    get_vote_session(db, principal, vote_id, write=True)  # scope and permission first
    vote = lock_session(db, vote_id, exclusive=True)
    return vote, vote_states.MACHINE.apply(vote.state, action)


def open_session(db: Session, principal: Principal, vote_id: int, override_reason: str | None = None):
    vote, target = _transition(db, principal, vote_id, "open")
    if target:
        electorate.freeze(db, vote, override_reason)  # reads the roster, as a draft does
        sealing.seal_at_open(db, vote)  # sealed by the tellers: both key shares, or no opening
        vote.state, vote.opened_at = target, clock.now()
        log.info("session opened session=%s", vote.id)
        audit.record(db, principal, "session.opened", "vote_session", vote.id, vote.org_id,
                     **({"override_reason": vote.override_reason} if vote.override_reason else {}))
    return vote


def close_session(db: Session, principal: Principal, vote_id: int) -> VoteSession:
    vote, target = _transition(db, principal, vote_id, "close")
    if not target:
        return vote
    vote.should_attend = electorate.load(db, vote).should_attend("member")
    vote.state, vote.closed_at = target, clock.now()
    ballots = _rewrite_in_random_order(db, vote.id)
    if sealing_of(vote.sealing).counted_by_tellers:
        sealing.sum_at_close(db, vote, ballots)
    vote.result = None
    _count_when_ready(db, principal, vote, ballots)
    codes.forget_printed_codes(db, vote.id)
    audit.record(db, principal, "session.closed", "vote_session", vote.id, vote.org_id, ballots=len(ballots))
    log.info("session closed session=%s ballots=%s", vote.id, len(ballots))
    return vote


def publish_session(db: Session, principal: Principal, vote_id: int) -> VoteSession:
    vote, target = _transition(db, principal, vote_id, "publish")
    if target and vote.result is None:
        raise Conflict("两位计票人录入的纸质选票结果一致后才能公布", code="paper_count_pending",
                       extra={"paper": paper.agreement(db, vote)})
    if target:
        vote.state, vote.published_at = target, clock.now()
        follow_ups.mark_key_targets(db, vote)
        audit.record(db, principal, "session.published", "vote_session", vote.id, vote.org_id)
        log.info("session published session=%s", vote.id)
    return vote


def cancel_session(db: Session, principal: Principal, vote_id: int) -> VoteSession:
    vote, target = _transition(db, principal, vote_id, "cancel")
    if target:
        vote.state, vote.cancelled_at = target, clock.now()
        codes.forget_printed_codes(db, vote.id)
        audit.record(db, principal, "session.cancelled", "vote_session", vote.id, vote.org_id)
    return vote


def _rewrite_in_random_order(db: Session, vote_id: int) -> list[tuple[str, dict, str]]:
    """Open the session's ballots for the tally, delete them and insert them again shuffled, with new random ids
    and sealed with fresh nonces, so no new row matches an old row version (invariant 3)."""
    rows = _opened_ballots(db, vote_id)
    db.execute(delete(Ballot).where(Ballot.session_id == vote_id))
    _shuffle(rows)
    box = ballot_box.SessionBox(vote_id)
    copy_rows(db, Ballot, ("id", "session_id", "group", "answers", "receipt_hash"),
              [(uuid.uuid4().hex, vote_id, group, box.seal(group, answers), receipt) for group, answers, receipt in rows])
    events.raise_event(db, BallotsRewritten(vote_id))
    return rows


def enter_paper_count(db: Session, token: str, group: str, count: PaperCount) -> dict:
    """A teller's count; when both tellers agree on every group, the session is counted, phone and paper."""
    vote, agreed = paper.enter_count(db, token, group, count)
    if agreed:
        log.info("paper counts agreed session=%s", vote.id)
        _count_when_ready(db, None, vote)
    return sealing.teller_view(db, token)


def enter_decryption(db: Session, token: str, decryption) -> dict:
    """A teller's partial decryptions of the sums; with both in (and paper agreed), the session is counted."""
    vote, both = sealing.submit_decryption(db, token, decryption)
    if both:
        log.info("both tellers decrypted session=%s", vote.id)
        _count_when_ready(db, None, vote)
    return sealing.teller_view(db, token)


def _count_when_ready(db: Session, principal: Principal | None, vote: VoteSession, ballots=None) -> None:
    """Count once nothing is awaited: the paper counts both tellers agree on, and the tellers' decryptions of the
    sums when they hold the key. Phone ballots sealed by the tellers join the tally as their decrypted totals."""
    if paper.uses_paper(db, vote.id) and not paper.agreement(db, vote)["agreed"]:
        return
    if not sealing.decrypted(db, vote):
        return
    if sealing_of(vote.sealing).counted_by_tellers:  # the decrypted totals, never the ballots themselves
        kind = session_kind(vote.kind)
        ballots = [(g, answers, None) for g, count in sealing.phone_counts(db, vote).items()
                   for answers in kind.paper.ballots(count)]
    elif ballots is None:  # opened only when they are counted (not for a paper entry that still waits)
        ballots = _opened_ballots(db, vote.id)
    _finalize(db, principal, vote, ballots)


def _opened_ballots(db: Session, vote_id: int) -> list[tuple[str, dict, str]]:
    box = ballot_box.SessionBox(vote_id)
    return [(group, box.unseal(group, sealed), receipt) for group, sealed, receipt in db.execute(
        select(Ballot.group, Ballot.answers, Ballot.receipt_hash).where(Ballot.session_id == vote_id))]


def _finalize(db: Session, principal: Principal | None, vote: VoteSession, ballots) -> None:
    """The tally of phone ballots and the agreed paper counts, and what it sets off: follow-ups, record steps."""
    vote.result = _tally(db, vote, ballots)
    _record_follow_ups(db, vote)
    _move_records(db, principal, vote)


def _tally(db: Session, vote: VoteSession, ballots: list[tuple[str, dict, str]]) -> dict:
    kind = session_kind(vote.kind)
    options = [(o.option_id, o.name) for o in options_of(db, vote)]
    absentee = list(db.scalars(select(AbsenteeOpinion.answers).where(AbsenteeOpinion.session_id == vote.id)))
    by_group = {group: [a for g, a, _ in ballots if g == group] for group in ("member", "mass")}
    channels = {group: {"phone": len(by_group[group]), "paper": 0, "spoiled": 0} for group in kind.groups}
    for group, count in paper.agreed_counts(db, vote).items():
        by_group[group] += kind.paper.ballots(count)
        channels[group].update(paper=count.returned + count.spoiled, spoiled=count.spoiled)
    result = kind.tally(options, member=by_group["member"], mass=by_group["mass"], absentee=absentee,
                        should_attend=vote.should_attend, stage=vote.stage)
    return {**result, "channels": channels}


def _record_follow_ups(db: Session, vote: VoteSession) -> None:
    """What the result asks for (a branch or a new member scoring below 80 in a 双评议)."""
    rows = [FollowUp(org_id=vote.org_id, session_id=vote.id, kind=due.kind, person_id=due.person_id,
                     score=f"{due.score:.2f}") for due in session_kind(vote.kind).follow_ups(vote.result)]
    db.add_all(rows)
    db.flush()
    follow_ups.open_tasks(db, rows)


def _move_records(db: Session, principal: Principal, vote: VoteSession) -> None:
    """A passed stage vote completes its step of each candidate's record (and may change their status); a
    qualifying 两推荐 is kept as the first half of step 3. Dated the meeting day in China."""
    day = clock.china_date(db.get(Meeting, vote.meeting_id).starts_at)
    for person_id, key in session_kind(vote.kind).record_entries(vote.result, vote.stage):
        records.complete_by_vote(db, principal, person_id, key, day, vote.id)


# --- what people may see -------------------------------------------------------------------------------

def viewable_session(db: Session, principal: Principal | None, vote_id: int, *, code: str | None = None,
                     join: str | None = None, receipt: str | None = None) -> tuple[VoteSession, bool]:
    """The session and whether the caller is its staff; voters prove themselves by login, code, QR or receipt."""
    vote = db.get(VoteSession, vote_id) if isinstance(vote_id, int) else None
    if vote is not None:
        org = db.get(Organization, vote.org_id)
        if can_read_org(principal, org):
            return vote, True
        if _is_voter(db, vote, principal, code, join, receipt):
            return vote, False
    if principal is None and not (code or join or receipt):
        raise Unauthorized("请先登录，或通过选票链接查看")
    raise NotFound("找不到该表决", code="session_not_found")


def _is_voter(db, vote, principal, code, join, receipt) -> bool:
    if principal is not None and principal.person_id is not None and db.scalar(
            select(func.count()).select_from(ElectorateEntry).where(ElectorateEntry.session_id == vote.id,
                                                                    ElectorateEntry.person_id == principal.person_id)):
        return True
    if code and db.scalar(select(VotingCode.session_id).where(VotingCode.code_hash == codes.code_hash(code))) == vote.id:
        return True
    if join:
        try:
            return credentials.read_join_token(join_key(), join, clock.timestamp(), any_window=True) == vote.id
        except credentials.JoinTokenError:
            return False
    if receipt:
        return bool(db.scalar(select(func.count()).select_from(Ballot).where(
            Ballot.session_id == vote.id, Ballot.receipt_hash == credentials.receipt_hash(credentials.receipt_as_given(receipt)))))
    return False


def turnout(db: Session, vote: VoteSession) -> dict:
    """Ballots cast per group against who should attend; never per-candidate numbers (invariant 5)."""
    cast = dict(db.execute(select(Ballot.group, func.count()).where(Ballot.session_id == vote.id)
                           .group_by(Ballot.group)).all())
    voters = electorate.load(db, vote)
    absentee = db.scalar(select(func.count()).select_from(AbsenteeOpinion).where(AbsenteeOpinion.session_id == vote.id))
    out = paper.handed_out(db, vote.id)
    groups = {g: {"cast": cast.get(g, 0), "electorate": voters.should_attend(g)} for g in session_kind(vote.kind).groups}
    for group, count in out.items():  # paper ballots handed out, said only where there are some
        if count and group in groups:
            groups[group]["paper"] = count
    groups["member"]["absentee"] = absentee
    return {"session_id": vote.id, "state": vote.state, "groups": groups}


def result(db: Session, vote: VoteSession, is_staff: bool) -> dict:
    """Staff see the frozen tally after close; voters after publishing."""
    if not vote_states.result_visible(vote.state, is_staff):
        raise Conflict("结果尚未公布" if vote.state in vote_states.TALLIED else "表决尚未结束，暂无结果",
                       code="result_not_available", extra={"state": vote.state})
    if vote.result is None:
        waiting = sealing_of(vote.sealing).waiting
        raise Conflict(f"{waiting}，暂无结果", code="paper_count_pending", extra={"state": vote.state})
    board = vote.e2e_uid if sealing_of(vote.sealing).counted_by_tellers and vote.state == "published" else None
    return {"session_id": vote.id, "kind": vote.kind, "title": vote.title, "state": vote.state, **vote.result,
            "attendance_warnings": _attendance_warnings(db, vote), **({"board": board} if board else {})}


def _attendance_warnings(db: Session, vote: VoteSession) -> list[dict]:
    kind = session_kind(vote.kind)
    groups = vote.result.get("groups") if kind.warns_on_low_turnout else None
    if not groups:
        return []
    voters = electorate.load(db, vote)
    # Written opinions count among the votes, never as attendance (细则 第二十条).
    return attendance_warnings({g: row["ballots"] for g, row in groups.items()},
                               {g: voters.should_attend(g) for g in kind.groups})


def receipts(db: Session, vote: VoteSession, receipt: str | None = None) -> dict:
    """After publishing: every counted receipt's SHA-256, sorted so the order says nothing (invariant 6)."""
    vote_states.require(vote.state, vote_states.PUBLISHED, "结果公布后才能核对回执", "receipts_not_available")
    hashes = sorted(db.scalars(select(Ballot.receipt_hash).where(Ballot.session_id == vote.id)))
    body = {"session_id": vote.id, "receipts": hashes}
    if receipt:
        body["counted"] = credentials.receipt_hash(credentials.receipt_as_given(receipt)) in set(hashes)
    return body
