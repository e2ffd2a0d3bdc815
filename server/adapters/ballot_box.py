"""Ballot answers sealed at rest (AES-GCM): someone holding the database or a backup, but not the application's
secret, reads only ciphertext — even while a session is open, when a ballot row and its voter's participation
were written by one transaction and PostgreSQL can tell which rows a transaction wrote (docs/voting.md).

Each session has its own key, derived from SECRET_KEY; a ballot's session and group are bound to its ciphertext
(moved to another session or group, it no longer opens). Answers are opened only at close, for the tally, and
sealed again with fresh nonces when the rows are rewritten in random order.
"""
from __future__ import annotations

import base64
import functools
import json
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import text

from server.adapters import secrets

VERSION = "v1."


@functools.lru_cache(maxsize=256)
def _aesgcm(key: bytes) -> AESGCM:
    return AESGCM(key)


class BallotUnreadable(RuntimeError):
    """A stored ballot that does not open with this application's secret (a wrong key, or tampering)."""


class SessionBox:
    """The seal of one session's ballots: its key is derived once, so a close opens and seals a thousand ballots
    with one cipher."""

    def __init__(self, vote_id: int):
        self.vote_id = vote_id
        self._cipher = _aesgcm(secrets.derived_key(f"ballot-answers:{vote_id}"))
        self._contexts = {group: f"ballot:{vote_id}:{group}".encode() for group in ("member", "mass")}

    def _context(self, group: str) -> bytes:
        return self._contexts.get(group) or f"ballot:{self.vote_id}:{group}".encode()

    def seal(self, group: str, answers: dict) -> str:
        nonce = os.urandom(12)
        plain = json.dumps(answers, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
        sealed = self._cipher.encrypt(nonce, plain, self._context(group))
        return VERSION + base64.urlsafe_b64encode(nonce + sealed).decode()

    def unseal(self, group: str, stored) -> dict:
        if isinstance(stored, dict):  # a ballot stored before sealing existed (read once, at close)
            return stored
        if isinstance(stored, str) and not stored.startswith(VERSION):
            return json.loads(stored)
        raw = base64.urlsafe_b64decode(stored[len(VERSION):])
        try:
            plain = self._cipher.decrypt(raw[:12], raw[12:], self._context(group))
        except InvalidTag:
            raise BallotUnreadable(f"a ballot of session {self.vote_id} does not open with this SECRET_KEY") from None
        return json.loads(plain)


def seal(vote_id: int, group: str, answers: dict) -> str:
    return SessionBox(vote_id).seal(group, answers)


def unseal(vote_id: int, group: str, stored) -> dict:
    return SessionBox(vote_id).unseal(group, stored)


def vacuum_ballots(db) -> bool:
    """VACUUM the ballots table, so the row versions a close replaced (whose transaction ids tie them to voters)
    are removed rather than left until autovacuum. PostgreSQL only; VACUUM runs outside a transaction."""
    engine = db.get_bind()
    if engine.dialect.name != "postgresql":
        return False
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ballots"))
    return True
