"""Casting with a one-time code: the hot path of a meeting, where a room of phones votes at once.

Two statements on PostgreSQL and no ORM objects: use the code, taking the session's shared lock in the same
statement, then insert the ballot only if the session is open as committed after that lock. Any refusal raises,
and the request's rollback gives the code back. The ballot row carries nothing that points back to the code.
"""
from __future__ import annotations

import logging
import uuid

from sqlalchemy import bindparam, insert, select, text, update
from sqlalchemy.orm import Session

from server.domain import credentials, vote_states
from server.domain.kinds import SESSION_KINDS
from server.models import Ballot, SessionOption, VoteSession, VotingCode
from server.services import ballot_box, receipts
from server.services.codes import code_hash
from server.services.locks import SESSION_LOCK_SPACE
from server.services.voting_rights import code_invalid

log = logging.getLogger(__name__)

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
# The ballot goes in only while its session is open: the state check and the insert are one statement.
_INSERT_BALLOT_IF_OPEN = insert(Ballot).from_select(
    ["id", "session_id", "group", "answers", "receipt_hash"],
    select(bindparam("id"), VoteSession.id, bindparam("group"), bindparam("answers", type_=Ballot.answers.type),
           bindparam("receipt_hash"))
    .where(VoteSession.id == bindparam("session_id"), VoteSession.state == "open")).returning(Ballot.session_id)

# (session id, opened_at) → (kind, max_choices, option ids): options never change once a session is open.
_SHAPES: dict[tuple[int, str], tuple[str, int | None, list[int]]] = {}


def _ballot_shape(db: Session, vote_id: int, opened_at) -> tuple[str, int | None, list[int]]:
    key = (vote_id, str(opened_at))
    shape = _SHAPES.get(key)
    if shape is None:
        kind, max_choices = db.execute(select(VoteSession.kind, VoteSession.max_choices)
                                       .where(VoteSession.id == vote_id)).one()
        options = list(db.scalars(select(SessionOption.option_id).where(SessionOption.session_id == vote_id)))
        if len(_SHAPES) > 2000:
            _SHAPES.clear()
        shape = _SHAPES[key] = (kind, max_choices, options)
    return shape


def _require_open_state(connection, vote_id: int):
    """The session's opened_at if it is open; otherwise the refusal its state calls for."""
    row = connection.execute(_SESSION_STATE, {"session_id": vote_id}).first()
    if row is None:
        raise code_invalid()
    state, opened_at = row
    vote_states.require_open_for_ballots(state, vote_id)
    return opened_at


def cast_with_code(db: Session, vote_id: int, code: str, answers, submission_id: str | None) -> tuple[str, bool]:
    connection = db.connection()
    digest, submitted = code_hash(code), receipts.submission_hash(submission_id)
    params = {"digest": digest, "sid": vote_id}
    if connection.dialect.name == "postgresql":
        taken = connection.execute(_TAKE_CODE_LOCKED, {**params, "submitted": submitted,
                                                       "space": SESSION_LOCK_SPACE}).first()
        opened_at = taken[1] if taken is not None else None
    else:  # SQLite's RETURNING cannot name the joined table
        taken = connection.execute(_TAKE_CODE, {**params, "submitted": submitted}).first()
        opened_at = _require_open_state(connection, vote_id) if taken is not None else None
    receipt = receipts.receipt_for(vote_id, digest, submission_id)
    if taken is None:
        _require_open_state(connection, vote_id)
        stored = connection.execute(_CODE_SUBMISSION, params).first()
        if stored is None:
            raise code_invalid()
        return receipts.retry_or_refuse(stored[0], submitted, receipt, "该票码已使用，不能重复投票")
    if opened_at is None:  # not open when the statement began: refuse with its state, or go on if it opened since
        opened_at = _require_open_state(connection, vote_id)
    kind, max_choices, options = _ballot_shape(db, vote_id, opened_at)
    normalized = SESSION_KINDS[kind].normalize_answers(answers, options, max_choices)
    inserted = connection.execute(_INSERT_BALLOT_IF_OPEN, {
        "id": uuid.uuid4().hex, "session_id": vote_id, "group": taken[0],
        "answers": ballot_box.seal(vote_id, taken[0], normalized),
        "receipt_hash": credentials.receipt_hash(receipt)}).first()
    if inserted is None:  # closed while this phone was voting
        _require_open_state(connection, vote_id)
        raise code_invalid()
    log.info("ballot accepted session=%s group=%s", vote_id, taken[0])  # never answers, code or receipt
    return receipt, True
