"""Casting with a one-time code: the hot path of a meeting, where a room of phones votes at once.

On PostgreSQL the cast is one statement, the function `cast_with_code` (migration 7a1c3e5b9d20): it takes the
session's shared lock, checks after the lock that the session is open (and is the opening whose ballot shape the
caller validated against), uses the code and inserts the sealed ballot. It writes nothing unless it answers 'ok',
so a refusal needs no rollback. The ballot row carries nothing that points back to the code.

`cast_on_connection` runs on any psycopg connection: the request's own transaction, or the autocommit connection
of the fast path in front of Flask (server/api/cast_fast_path.py), where the statement is the whole transaction.
SQLite keeps the portable path of two statements.
"""
from __future__ import annotations

import logging
import uuid

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from server.domain import credentials, vote_states
from server.domain.errors import DomainError
from server.domain.kinds import SESSION_KINDS
from server.models import Ballot, SessionOption, VoteSession, VotingCode
from server.services import ballot_box, receipts
from server.services.codes import code_hash
from server.services.locks import SESSION_LOCK_SPACE
from server.services.voting_rights import code_invalid

log = logging.getLogger(__name__)
USED_MESSAGE = "该票码已使用，不能重复投票"

_CAST = "SELECT outcome, detail FROM cast_with_code(%s, %s, %s, %s, %s, %s, %s, %s, %s)"
_SHAPE = "SELECT state, opened_at, kind, max_choices FROM vote_sessions WHERE id = %s"
_OPTIONS = "SELECT option_id FROM session_options WHERE session_id = %s"

# session id → (opened_at, kind, max_choices, option ids) of an open session: options never change once open,
# and the statement refuses ('stale') when the session's opened_at is no longer the one cached.
_SHAPES: dict[int, tuple] = {}


def _open_shape(connection, vote_id: int) -> tuple:
    shape = _SHAPES.get(vote_id)
    if shape is not None:
        return shape
    with connection.cursor() as cursor:
        row = cursor.execute(_SHAPE, (vote_id,)).fetchone()
        if row is None:
            raise code_invalid()
        state, opened_at, kind, max_choices = row
        vote_states.require_open_for_ballots(state, vote_id)
        options = [r[0] for r in cursor.execute(_OPTIONS, (vote_id,))]
    if len(_SHAPES) > 2000:
        _SHAPES.clear()
    shape = _SHAPES[vote_id] = (opened_at, kind, max_choices, options)
    return shape


def cast_on_connection(connection, vote_id: int, code: str, answers, submission_id: str | None) -> tuple[str, bool]:
    """One ballot by code on a psycopg connection (PostgreSQL); (receipt, created), or the domain's refusal."""
    group = credentials.group_of(code)
    if group is None:
        raise code_invalid()
    digest, submitted = code_hash(code), receipts.submission_hash(submission_id)
    receipt = receipts.receipt_for(vote_id, digest, submission_id)
    for _ in range(2):
        cached = vote_id in _SHAPES
        opened_at, kind, max_choices, options = _open_shape(connection, vote_id)
        try:
            normalized = SESSION_KINDS[kind].normalize_answers(answers, options, max_choices)
        except DomainError:
            if not cached:
                raise
            _SHAPES.pop(vote_id, None)  # judged by a shape that may be stale: judge again by the stored one
            continue
        with connection.cursor() as cursor:
            outcome, detail = cursor.execute(_CAST, (
                SESSION_LOCK_SPACE, vote_id, digest, group, submitted, opened_at, uuid.uuid4().hex,
                ballot_box.seal(vote_id, group, normalized), credentials.receipt_hash(receipt))).fetchone()
        if outcome == "ok":
            log.debug("ballot accepted session=%s group=%s", vote_id, group)  # never answers, code or receipt
            return receipt, True
        if outcome == "used":
            return receipts.retry_or_refuse(detail, submitted, receipt, USED_MESSAGE)
        if outcome == "state":
            _SHAPES.pop(vote_id, None)
            vote_states.require_open_for_ballots(detail, vote_id)
        if outcome != "stale":
            raise code_invalid()
        _SHAPES.pop(vote_id, None)  # opened again since the shape was read: read it again, once
    raise code_invalid()  # a session cannot open twice within one cast


# SQLite: the code is used by one conditional UPDATE, the ballot inserted only while the session is open.
_TAKE_CODE = (update(VotingCode)
              .where(VotingCode.code_hash == bindparam("digest"), VotingCode.session_id == bindparam("sid"),
                     VotingCode.used.is_(False))
              .values(used=True, submission_hash=bindparam("submitted")).returning(VotingCode.group))
_CODE_SUBMISSION = select(VotingCode.submission_hash).where(VotingCode.code_hash == bindparam("digest"),
                                                            VotingCode.session_id == bindparam("sid"))
_INSERT_BALLOT_IF_OPEN = insert(Ballot).from_select(
    ["id", "session_id", "group", "answers", "receipt_hash"],
    select(bindparam("id"), VoteSession.id, bindparam("group"), bindparam("answers", type_=Ballot.answers.type),
           bindparam("receipt_hash"))
    .where(VoteSession.id == bindparam("session_id"), VoteSession.state == "open")).returning(Ballot.session_id)


def _require_open_state(db: Session, vote_id: int) -> None:
    state = db.scalar(select(VoteSession.state).where(VoteSession.id == vote_id))
    if state is None:
        raise code_invalid()
    vote_states.require_open_for_ballots(state, vote_id)


def cast_with_code(db: Session, vote_id: int, code: str, answers, submission_id: str | None) -> tuple[str, bool]:
    """One ballot by code in the request's transaction."""
    connection = db.connection()
    if connection.dialect.name == "postgresql":
        return cast_on_connection(connection.connection.driver_connection, vote_id, code, answers, submission_id)
    digest, submitted = code_hash(code), receipts.submission_hash(submission_id)
    params = {"digest": digest, "sid": vote_id}
    taken = connection.execute(_TAKE_CODE, {**params, "submitted": submitted}).first()
    receipt = receipts.receipt_for(vote_id, digest, submission_id)
    _require_open_state(db, vote_id)
    if taken is None:
        stored = connection.execute(_CODE_SUBMISSION, params).first()
        if stored is None:
            raise code_invalid()
        return receipts.retry_or_refuse(stored[0], submitted, receipt, USED_MESSAGE)
    kind, max_choices = db.execute(select(VoteSession.kind, VoteSession.max_choices)
                                   .where(VoteSession.id == vote_id)).one()
    options = list(db.scalars(select(SessionOption.option_id).where(SessionOption.session_id == vote_id)))
    normalized = SESSION_KINDS[kind].normalize_answers(answers, options, max_choices)
    inserted = connection.execute(_INSERT_BALLOT_IF_OPEN, {
        "id": uuid.uuid4().hex, "session_id": vote_id, "group": taken[0],
        "answers": ballot_box.seal(vote_id, taken[0], normalized),
        "receipt_hash": credentials.receipt_hash(receipt)}).first()
    if inserted is None:
        _require_open_state(db, vote_id)
        raise code_invalid()
    log.debug("ballot accepted session=%s group=%s", vote_id, taken[0])
    return receipt, True
