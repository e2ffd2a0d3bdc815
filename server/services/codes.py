"""One-time voting codes: generated per group, stored only as keyed hashes, printed as slips."""
from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from server import clock, settings
from server.adapters import secrets, slips
from server.domain import credentials, vote_states
from server.domain.ballots import GROUPS
from server.domain.errors import Conflict, NotFound, RuleViolation
from server.domain.kinds import session_kind
from server.models import CodeBatch, Meeting, Participation, VotingCode
from server.services import audit, electorate
from server.services.meetings import get_vote_session, hold_vote_session
from server.services.scope import Principal

SLIPS_KEEP = timedelta(hours=24)
MAX_CODES_PER_REQUEST = 1000


def code_hash(code: str) -> str:
    return secrets.keyed_hash(credentials.normalize(code), "vote-code")


def codes_in_group(db: Session, vote_id: int, group: str) -> int:
    return db.scalar(select(func.count()).select_from(VotingCode)
                     .where(VotingCode.session_id == vote_id, VotingCode.group == group))


def create_codes(db: Session, principal: Principal, vote_id: int, group: str,
                 count: int) -> tuple[list[str], CodeBatch]:
    """N new codes for one group; never more codes than people who should attend in that group."""
    vote = hold_vote_session(db, principal, vote_id)
    vote_states.require(vote.state, vote_states.COLLECTING, "表决已结束，不能再生成票码", "session_closed")
    kind = session_kind(vote.kind)
    if group not in kind.groups:
        raise RuleViolation(f"{kind.label}没有{GROUPS[group]}组",
                            fields={"group": [f"{kind.label}只能为{'、'.join(GROUPS[g] for g in kind.groups)}生成票码"]})
    if not 1 <= count <= MAX_CODES_PER_REQUEST:
        raise RuleViolation(f"一次生成 1 到 {MAX_CODES_PER_REQUEST} 个票码", fields={"count": ["超出范围"]})
    voters = electorate.load(db, vote)
    existing = codes_in_group(db, vote.id, group)
    allowed = voters.should_attend(group)
    if existing + count > allowed:
        raise RuleViolation(f"{GROUPS[group]}应到 {allowed} 人，已生成 {existing} 个票码，最多还能生成 {max(0, allowed - existing)} 个",
                            code="too_many_codes", fields={"count": ["票码不能多于应到人数"]})
    if group == "member" and db.scalar(select(func.count()).select_from(Participation)
                                            .where(Participation.session_id == vote.id)):
        raise Conflict("已有党员扫码投票，不能再改用纸质票码", code="roster_voting_in_use")
    codes = [credentials.new_code(group) for _ in range(count)]
    batch = CodeBatch(session_id=vote.id, group=group, count=count, codes_enc=secrets.encrypt(json.dumps(codes)),
                      slips_expire_at=clock.now() + SLIPS_KEEP, created_by=principal.account_id)
    db.add(batch)
    db.flush()
    db.execute(VotingCode.__table__.insert(), [
        {"session_id": vote.id, "batch_id": batch.id, "group": group, "code_hash": code_hash(c), "used": False}
        for c in codes])
    audit.record(db, principal, "codes.created", "vote_session", vote.id, vote.org_id, group=group, count=count)
    return codes, batch


def slips_pdf(db: Session, principal: Principal, vote_id: int, batch_id: int) -> bytes:
    """Render the slips of a batch while they are kept (24 hours, and never after the session closes)."""
    vote = get_vote_session(db, principal, vote_id, write=True)
    base_url = settings.current().public_base_url
    batch = db.get(CodeBatch, batch_id) if isinstance(batch_id, int) else None
    if batch is None or batch.session_id != vote.id:
        raise NotFound("找不到该批票码", code="batch_not_found")
    if batch.codes_enc is None or batch.slips_expire_at <= clock.now():
        raise Conflict("票码打印已过期（生成后 24 小时内或表决结束前可打印），请重新生成", code="slips_expired")
    codes = json.loads(secrets.decrypt(batch.codes_enc))
    meeting = db.get(Meeting, vote.meeting_id)
    text = slips.SlipText(meeting=meeting.title, session=vote.title, group_label=GROUPS[batch.group],
                          vote_url=f"{base_url}/h5/vote")
    audit.record(db, principal, "codes.printed", "vote_session", vote.id, vote.org_id, batch_id=batch.id)
    return slips.render(text, [(c, vote_link(code=c)) for c in codes])


def batches(db: Session, principal: Principal, vote_id: int) -> dict:
    """The session's printings, newest first, and how many codes each group has against who should attend."""
    vote = get_vote_session(db, principal, vote_id, write=True)
    now = clock.now()
    used = dict(db.execute(select(VotingCode.batch_id, func.count()).where(
        VotingCode.session_id == vote.id, VotingCode.used.is_(True)).group_by(VotingCode.batch_id)).all())
    rows = db.scalars(select(CodeBatch).where(CodeBatch.session_id == vote.id).order_by(CodeBatch.id.desc())).all()
    items = [{"batch_id": b.id, "group": b.group, "count": b.count, "used": used.get(b.id, 0),
              "created_at": b.created_at, "slips_expire_at": b.slips_expire_at,
              "printable": b.codes_enc is not None and b.slips_expire_at > now} for b in rows]
    voters = electorate.load(db, vote)
    groups = {g: {"codes": sum(b.count for b in rows if b.group == g), "should_attend": voters.should_attend(g)}
              for g in session_kind(vote.kind).groups}
    return {"items": items, "groups": groups}


def vote_link(*, code: str | None = None, join: str | None = None) -> str:
    """The H5 ballot link: a code rides in the fragment (never sent to a server), a join token in the query."""
    base_url = settings.current().public_base_url
    if code:
        return f"{base_url}/h5/vote#code={code}"
    return f"{base_url}/h5/vote?join={join}"


def forget_printed_codes(db: Session, vote_id: int) -> None:
    """At close the codes are useless; drop their encrypted copies."""
    db.execute(update(CodeBatch).where(CodeBatch.session_id == vote_id).values(codes_enc=None))
