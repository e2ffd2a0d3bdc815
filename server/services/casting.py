"""Casting secret ballots (invariants 1–2 of docs/voting.md).

One ballot per credential is enforced by the database: a code flips `used` in one conditional UPDATE (the hot
path, services.fast_cast), a roster voter's participation row is unique per session (here). The ballot row is
written in the same transaction and carries nothing that points back; a retried submission gets the same receipt.
"""
from __future__ import annotations

import logging
import uuid

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from server.adapters import ballot_box
from server.adapters.sql import insert_unless_exists
from server.domain import credentials, vote_states
from server.domain.e2e.sealing import sealing
from server.domain.errors import Conflict
from server.domain.kinds import session_kind
from server.models import Ballot, Participation, SessionOption, VoteSession
from server.services.fast_cast import cast_with_code
from server.services.receipts import receipt_for, retry_or_refuse, submission_hash
from server.services.scope import Principal
from server.services.voting_rights import has_absentee_opinion, resolve

log = logging.getLogger(__name__)
_INSERT_BALLOT = insert(Ballot)


def option_ids(db: Session, vote: VoteSession) -> list[int]:
    return list(db.scalars(select(SessionOption.option_id).where(SessionOption.session_id == vote.id)))


def normalize(db: Session, vote: VoteSession, answers) -> dict:
    """The answers as the session's sealing takes them: checked in the clear, or an encrypted ballot's proofs."""
    return sealing(vote.sealing).normalize(session_kind(vote.kind), answers, option_ids(db, vote), vote.max_choices,
                                           vote.e2e_uid, vote.public_key)


def cast(db: Session, principal: Principal | None, *, vote_id: int, answers, code: str | None = None,
         join: str | None = None, submission_id: str | None = None) -> tuple[str, bool]:
    """Cast one ballot; returns (receipt, created). A retry of the same submission returns the same receipt."""
    if code and not join:
        return cast_with_code(db, vote_id, code, answers, submission_id)
    credential = resolve(db, principal, code=code, join=join, vote_id=vote_id, lock=True)
    vote = credential.vote
    vote_states.require_open_for_ballots(vote.state, vote.id)
    normalized = normalize(db, vote, answers)
    submitted = submission_hash(submission_id)
    receipt = sealing(vote.sealing).receipt(
        normalized, lambda: receipt_for(vote.id, f"person:{credential.person_id}", submission_id))
    if has_absentee_opinion(db, vote.id, credential.person_id):
        raise Conflict("您已提交书面意见，不能再投票", code="already_voted")
    if not insert_unless_exists(db, Participation, session_id=vote.id, person_id=credential.person_id,
                                submission_hash=submitted):
        stored, channel = db.execute(select(Participation.submission_hash, Participation.channel).where(
            Participation.session_id == vote.id, Participation.person_id == credential.person_id)).one()
        if channel == "paper":
            raise Conflict("您已领取纸质选票，请在纸质选票上投票", code="already_voted")
        return retry_or_refuse(stored, submitted, receipt, "您已经投过票了")
    db.connection().execute(_INSERT_BALLOT, {"id": uuid.uuid4().hex, "session_id": vote.id,
                                             "group": credential.group,
                                             "answers": ballot_box.seal(vote.id, credential.group, normalized),
                                             "receipt_hash": credentials.receipt_hash(receipt)})
    # Only that a ballot arrived: never its answers, its receipt, its code or its voter (invariant 4).
    log.info("ballot accepted session=%s group=%s", vote.id, credential.group)
    return receipt, True
