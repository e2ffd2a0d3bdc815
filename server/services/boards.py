"""The public bulletin board of a session sealed by its tellers (DESIGN §12, docs/verification.md): everything anyone
needs to check the published result — the tellers' keys and proofs, every accepted ballot with its proofs (sorted by
tracker, no time, no voter), the sums, both tellers' partial decryptions and proofs, the counts in the clear (paper,
written opinions) and the result. It opens once the result is published."""
from __future__ import annotations

import hashlib
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.adapters import ballot_box
from server.domain.e2e import ballot as e2e_ballot
from server.domain.e2e import sealing as rules
from server.domain.e2e.transcript import GROUP, PROTOCOL
from server.domain.errors import NotFound
from server.domain.kinds import session_kind
from server.models import AbsenteeOpinion, Ballot, Meeting, Organization, VoteSession
from server.services import paper
from server.services.meetings import options_of
from server.services.sealing import keys


def board(db: Session, token: str) -> dict:
    vote = db.scalar(select(VoteSession).where(VoteSession.e2e_uid == token,
                                               VoteSession.sealing == rules.TellerSealing.key))
    if vote is None or vote.state != "published":
        raise NotFound("找不到该表决的公开记录（结果公布后才公开）", code="board_not_found")
    kind = session_kind(vote.kind)
    options = options_of(db, vote)
    qs = rules.questions(kind, [o.option_id for o in options], vote.max_choices)
    box = ballot_box.SessionBox(vote.id)
    ballots: dict[str, list] = {g: [] for g in kind.groups}
    for group_key, stored in db.execute(select(Ballot.group, Ballot.answers).where(Ballot.session_id == vote.id)):
        sealed = box.unseal(group_key, stored)["sealed"]
        ballots[group_key].append({"tracker": e2e_ballot.tracker(sealed), "ballot": sealed})
    for rows in ballots.values():
        rows.sort(key=lambda row: row["tracker"])
    held = keys(db, vote.id)
    meeting = db.get(Meeting, vote.meeting_id)
    content = {
        "protocol": PROTOCOL.decode(), "group": GROUP.decode(),
        "session": {"uid": vote.e2e_uid, "kind": vote.kind, "stage": vote.stage, "title": vote.title,
                    "meeting": meeting.title, "organization": db.get(Organization, vote.org_id).name,
                    "max_choices": vote.max_choices, "should_attend": vote.should_attend,
                    "published_at": vote.published_at.isoformat()},
        "options": [{"id": o.option_id, "name": o.name} for o in options],
        "questions": [{"key": q.key, "options": list(q.options), "sums": list(q.sums)} for q in qs],
        "tellers": [{"role": role, "public_key": held[role].public_key, "proof": held[role].proof} for role in rules.ROLES],
        "public_key": vote.public_key,
        "ballots": ballots,
        "aggregates": vote.aggregates["entries"],
        "ballot_counts": vote.aggregates["ballots"],
        "decryptions": [{"role": role, "parts": held[role].decryption} for role in rules.ROLES],
        "clear": {"paper": {g: c.as_dict() for g, c in paper.agreed_counts(db, vote).items()},
                  "absentee": list(db.scalars(select(AbsenteeOpinion.answers).where(AbsenteeOpinion.session_id == vote.id)))},
        "result": vote.result,
    }
    return {**content, "board_hash": board_hash(content)}


def canonical(content: dict) -> bytes:
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def board_hash(content: dict) -> str:
    """SHA-256 of the board's canonical JSON (without this field): what the result sheet prints."""
    return hashlib.sha256(canonical(content)).hexdigest()
