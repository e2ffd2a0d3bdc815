"""A voter's receipt and the recognition of a retried submission, shared by both ways of casting."""
from __future__ import annotations

import hashlib

from server.adapters import secrets
from server.domain import credentials
from server.domain.errors import Conflict


def submission_hash(submission_id: str | None) -> str | None:
    """SHA-256 of the client's submission id: a retried submission is recognised, never the receipt."""
    return hashlib.sha256(submission_id.encode()).hexdigest() if submission_id else None


def receipt_for(vote_id: int, voter: str, submission_id: str | None) -> str:
    """The voter's receipt: derived from the submission id, so a retry gets the same one; random without it."""
    if not submission_id:
        return credentials.new_receipt()
    return credentials.receipt_from(secrets.derived_key("receipt"), str(vote_id), voter, submission_id)


def retry_or_refuse(stored: str | None, submitted: str | None, receipt: str, message: str) -> tuple[str, bool]:
    """The credential was used: the same submission again (a lost answer on a phone) is not a second vote."""
    if submitted and stored == submitted:
        return receipt, False
    raise Conflict(message, code="already_voted")
