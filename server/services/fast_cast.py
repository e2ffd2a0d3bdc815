"""Casting with a one-time code: the hot path of a meeting, where a room of phones votes at once.

A cast reads the open session's ballot shape (cached per process), checks the answers against it, then runs one
atomic step that takes the session's lock, checks after the lock that the session is still this opening, uses
the code and inserts the sealed ballot, answering an outcome ('ok', 'used', 'state', 'stale', 'invalid'). It
writes nothing unless it answers 'ok'. The ballot row carries nothing that points back to the code.

Only the atomic step differs by database: on PostgreSQL it is one statement, the function `cast_with_code`
(migration 7a1c3e5b9d20), run on any psycopg connection — the request's own transaction, or the autocommit
connection of the fast path in front of Flask (server/api/cast_fast_path.py); on SQLite the same steps run as
statements in the request's transaction, where the write lock SQLite takes on the first write stands for the
session's lock.
"""
from __future__ import annotations

import logging
import uuid

from sqlalchemy import bindparam, insert, select, text, update
from sqlalchemy.orm import Session

from server.adapters import ballot_box
from server.adapters.locks import SESSION_LOCK_SPACE
from server.domain import credentials, vote_states
from server.domain.e2e.sealing import sealing as sealing_of
from server.domain.errors import DomainError
from server.domain.kinds import SESSION_KINDS
from server.models import Ballot, SessionOption, VoteSession, VotingCode
from server.services import receipts
from server.services.codes import code_hash
from server.services.voting_rights import code_invalid

log = logging.getLogger(__name__)
USED_MESSAGE = "该票码已使用，不能重复投票"


# session id → (opened_at, kind, max_choices, option ids) of an open session: options never change once open,
# and the atomic step refuses ('stale') when the session's opened_at is no longer the one cached.
_SHAPES: dict[int, tuple] = {}


def forget_shapes() -> None:
    """Drop the cached ballot shapes (for tests, which reuse session ids in emptied tables)."""
    _SHAPES.clear()


class _PostgresStatements:
    """The cast's statements on a psycopg connection; the atomic step is the function cast_with_code."""

    CAST = "SELECT outcome, detail FROM cast_with_code(%s, %s, %s, %s, %s, %s, %s, %s, %s)"
    SHAPE = "SELECT state, opened_at, kind, max_choices, sealing, e2e_uid, public_key FROM vote_sessions WHERE id = %s"
    OPTIONS = "SELECT option_id FROM session_options WHERE session_id = %s"

    def __init__(self, connection):
        self.connection = connection

    def shape(self, vote_id: int) -> tuple | None:
        with self.connection.cursor() as cursor:
            row = cursor.execute(self.SHAPE, (vote_id,)).fetchone()
            if row is None:
                return None
            return (*row, [r[0] for r in cursor.execute(self.OPTIONS, (vote_id,))])

    def cast(self, vote_id, digest, group, submitted, opened_at, ballot_id, answers, receipt_hash) -> tuple:
        with self.connection.cursor() as cursor:
            return cursor.execute(self.CAST, (SESSION_LOCK_SPACE, vote_id, digest, group, submitted, opened_at,
                                              ballot_id, answers, receipt_hash)).fetchone()


_code = (VotingCode.code_hash == bindparam("digest"), VotingCode.session_id == bindparam("sid"),
         VotingCode.group == bindparam("code_group"))


class _PortableStatements:
    """The same steps as cast_with_code, as statements in the request's transaction (SQLite)."""

    LOCK = text("UPDATE vote_sessions SET id = id WHERE id = :sid")  # SQLite's write lock, taken before reading
    SHAPE = select(VoteSession.state, VoteSession.opened_at, VoteSession.kind, VoteSession.max_choices,
                   VoteSession.sealing, VoteSession.e2e_uid, VoteSession.public_key).where(VoteSession.id == bindparam("sid"))
    OPTIONS = select(SessionOption.option_id).where(SessionOption.session_id == bindparam("sid"))
    TAKE_CODE = update(VotingCode).where(*_code, VotingCode.used.is_(False)).values(
        used=True, submission_hash=bindparam("submitted"))
    STORED = select(VotingCode.submission_hash).where(*_code)
    INSERT = insert(Ballot)

    def __init__(self, connection):
        self.connection = connection

    def shape(self, vote_id: int) -> tuple | None:
        row = self.connection.execute(self.SHAPE, {"sid": vote_id}).first()
        if row is None:
            return None
        return (*row, list(self.connection.execute(self.OPTIONS, {"sid": vote_id}).scalars()))

    def cast(self, vote_id, digest, group, submitted, opened_at, ballot_id, answers, receipt_hash) -> tuple:
        run = self.connection.execute
        run(self.LOCK, {"sid": vote_id})
        row = run(self.SHAPE, {"sid": vote_id}).first()
        if row is None:
            return "invalid", None
        if row.state != "open":
            return "state", row.state
        if row.opened_at != opened_at:
            return "stale", None
        code = {"digest": digest, "sid": vote_id, "code_group": group}
        if run(self.TAKE_CODE, {**code, "submitted": submitted}).rowcount == 0:
            stored = run(self.STORED, code).first()
            return ("invalid", None) if stored is None else ("used", stored[0])
        run(self.INSERT, {"id": ballot_id, "session_id": vote_id, "group": group, "answers": answers,
                          "receipt_hash": receipt_hash})
        return "ok", None


def _open_shape(statements, vote_id: int) -> tuple:
    shape = _SHAPES.get(vote_id)
    if shape is not None:
        return shape
    row = statements.shape(vote_id)
    if row is None:
        raise code_invalid()
    state, opened_at, kind, max_choices, sealing, uid, public_key, options = row
    vote_states.require_open_for_ballots(state, vote_id)
    if len(_SHAPES) > 2000:
        _SHAPES.clear()
    shape = _SHAPES[vote_id] = (opened_at, SESSION_KINDS[kind], max_choices, options, sealing_of(sealing), uid, public_key)
    return shape


def _cast(statements, vote_id: int, code: str, answers, submission_id: str | None) -> tuple[str, bool]:
    group = credentials.group_of(code)
    if group is None:
        raise code_invalid()
    digest, submitted = code_hash(code), receipts.submission_hash(submission_id)
    receipt = receipts.receipt_for(vote_id, digest, submission_id)
    for _ in range(2):
        cached = vote_id in _SHAPES
        opened_at, kind, max_choices, options, sealing, uid, public_key = _open_shape(statements, vote_id)
        try:
            normalized = sealing.normalize(kind, answers, options, max_choices, uid, public_key)
        except DomainError:
            if not cached:
                raise
            _SHAPES.pop(vote_id, None)  # judged by a shape that may be stale: judge again by the stored one
            continue
        given = sealing.receipt(normalized, lambda: receipt)  # the tracker of a sealed ballot
        outcome, detail = statements.cast(vote_id, digest, group, submitted, opened_at, uuid.uuid4().hex,
                                          ballot_box.seal(vote_id, group, normalized), credentials.receipt_hash(given))
        if outcome == "ok":
            log.debug("ballot accepted session=%s group=%s", vote_id, group)  # never answers, code or receipt
            return given, True
        if outcome == "used":
            return receipts.retry_or_refuse(detail, submitted, given, USED_MESSAGE)
        _SHAPES.pop(vote_id, None)
        if outcome == "state":
            vote_states.require_open_for_ballots(detail, vote_id)
        if outcome != "stale":
            raise code_invalid()
        # 'stale': opened again since the shape was read: read it again, once
    raise code_invalid()  # a session cannot open twice within one cast


def cast_on_connection(connection, vote_id: int, code: str, answers, submission_id: str | None) -> tuple[str, bool]:
    """One ballot by code on a psycopg connection (PostgreSQL); (receipt, created), or the domain's refusal."""
    return _cast(_PostgresStatements(connection), vote_id, code, answers, submission_id)


def cast_with_code(db: Session, vote_id: int, code: str, answers, submission_id: str | None) -> tuple[str, bool]:
    """One ballot by code in the request's transaction."""
    connection = db.connection()
    if connection.dialect.name == "postgresql":
        return cast_on_connection(connection.connection.driver_connection, vote_id, code, answers, submission_id)
    return _cast(_PortableStatements(connection), vote_id, code, answers, submission_id)
