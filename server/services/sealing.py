"""Sessions sealed by their tellers (DESIGN §12, docs/verification.md): the secretary chooses it on a draft, each
teller publishes a key share from their own phone, the session opens only with both, and after close each teller's
phone returns its partial decryptions of the sums, which the server checks before counting."""
from __future__ import annotations

import secrets as random_tokens

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from server import clock
from server.domain import vote_states
from server.domain.e2e import elgamal
from server.domain.e2e import sealing as rules
from server.domain.errors import Conflict, RuleViolation
from server.domain.kinds import session_kind
from server.domain.paper import PaperCount
from server.models import Teller, TellerKey, VoteSession
from server.services import audit, paper
from server.services.meetings import get_vote_session, options_of
from server.services.paper import teller_by_token
from server.services.scope import Principal


def choose(db: Session, principal: Principal, vote_id: int, sealing: str) -> VoteSession:
    """Set a draft's sealing; choosing the tellers gives the session its public identifier, leaving drops their keys."""
    vote = get_vote_session(db, principal, vote_id, write=True)
    vote_states.require(vote.state, vote_states.EDITABLE, "只能在开始投票前选择计票方式", "not_draft")
    if sealing == vote.sealing:
        return vote
    vote.sealing = sealing
    if _by_tellers(vote):
        vote.e2e_uid = vote.e2e_uid or random_tokens.token_hex(16)
    else:
        db.execute(delete(TellerKey).where(TellerKey.session_id == vote.id))
    audit.record(db, principal, "session.sealing_chosen", "vote_session", vote.id, vote.org_id, sealing=sealing)
    return vote


def _by_tellers(vote: VoteSession) -> bool:
    return rules.sealing(vote.sealing).counted_by_tellers


def _teller_and_session(db: Session, token: str) -> tuple[Teller, VoteSession]:
    """The teller of a link and their session, locked: only a session sealed by its tellers takes keys or decryptions."""
    teller = teller_by_token(db, token)
    vote = db.scalar(select(VoteSession).where(VoteSession.id == teller.session_id).with_for_update())
    if not _by_tellers(vote):
        raise Conflict("本次表决不由计票人持有密钥", code="not_sealed_by_tellers")
    return teller, vote


def keys(db: Session, vote_id: int) -> dict[str, TellerKey]:
    return {k.role: k for k in db.scalars(select(TellerKey).where(TellerKey.session_id == vote_id))}


def describe(db: Session, vote: VoteSession) -> dict:
    """The sealing of a session as its pages show it: whose keys are in, and after close whose decryptions."""
    tellers = {t.role: t.name for t in db.scalars(select(Teller).where(Teller.session_id == vote.id))}
    named = all(role in tellers for role in rules.ROLES)
    if not _by_tellers(vote):
        return {"sealing": vote.sealing, "label": rules.SEALINGS[vote.sealing], "tellers_named": named}
    held = keys(db, vote.id)
    return {"sealing": vote.sealing, "label": rules.SEALINGS[vote.sealing], "tellers_named": named, "uid": vote.e2e_uid,
            "public_key": vote.public_key,
            "tellers": [{"role": role, "label": rules.ROLE_WORDS[role], "name": tellers.get(role),
                         "key_published": role in held, "decrypted": bool(role in held and held[role].decryption)}
                        for role in rules.ROLES]}


def publish_share(db: Session, token: str, public_key: str, proof) -> dict:
    """A teller's public key share from their phone (before the vote opens); a new one replaces a lost one."""
    teller, vote = _teller_and_session(db, token)
    vote_states.require(vote.state, vote_states.EDITABLE, "投票已经开始，密钥不能再更换", "not_draft")
    rules.checked_share(vote.e2e_uid, teller.role, public_key, proof)
    held = keys(db, vote.id).get(teller.role)
    if held is None:
        db.add(TellerKey(session_id=vote.id, role=teller.role, public_key=public_key, proof=proof))
    else:
        held.public_key, held.proof, held.published_at = public_key, proof, clock.now()
    db.flush()
    audit.record(db, None, "session.key_published", "vote_session", vote.id, vote.org_id, role=teller.role)
    return describe(db, vote)


def seal_at_open(db: Session, vote: VoteSession) -> None:
    """Opening a session sealed by its tellers needs both shares: their sum becomes the session's key."""
    if not _by_tellers(vote):
        return
    held = keys(db, vote.id)
    missing = [rules.ROLE_WORDS[role] for role in rules.ROLES if role not in held]
    if missing:
        raise RuleViolation(f"{'、'.join(missing)}尚未在自己的手机上生成密钥，不能开始投票", code="tellers_keys_missing")
    vote.public_key = elgamal.joint_key(bytes.fromhex(held[role].public_key) for role in rules.ROLES).hex()


def sum_at_close(db: Session, vote: VoteSession, ballots: list[tuple[str, dict, str]]) -> None:
    """The sums the tellers will decrypt: per group, question and option (no single ballot is ever decrypted)."""
    kind = session_kind(vote.kind)
    qs = rules.questions(kind, [o.option_id for o in options_of(db, vote)], vote.max_choices)
    by_group = {g: [answers["sealed"] for group_key, answers, _ in ballots if group_key == g] for g in kind.groups}
    vote.aggregates = {"entries": rules.summed(by_group, qs), "ballots": {g: len(b) for g, b in by_group.items()}}


def submit_decryption(db: Session, token: str, decryption) -> tuple[VoteSession, bool]:
    """A teller's partial decryptions after close; True when both tellers' are in and checked."""
    teller, vote = _teller_and_session(db, token)
    vote_states.require(vote.state, frozenset({"closed"}), "表决结束后才能确认计票", "session_not_closed")
    held = keys(db, vote.id)
    mine = held.get(teller.role)
    if mine is None or not vote.aggregates:
        raise Conflict("本次表决没有使用您的密钥", code="not_sealed_by_tellers")
    if mine.decryption:
        return vote, False
    rules.checked_decryption(vote.e2e_uid, vote.public_key, teller.role, mine.public_key,
                             vote.aggregates["entries"], decryption)
    mine.decryption, mine.decrypted_at = decryption, clock.now()
    audit.record(db, None, "session.decrypted", "vote_session", vote.id, vote.org_id, role=teller.role)
    return vote, all(held[role].decryption for role in rules.ROLES)


def decrypted(db: Session, vote: VoteSession) -> bool:
    """Whether the phone ballots can be counted: always, unless both tellers' decryptions are still awaited."""
    if not _by_tellers(vote):
        return True
    held = keys(db, vote.id)
    return all(role in held and held[role].decryption for role in rules.ROLES)


def phone_counts(db: Session, vote: VoteSession) -> dict[str, PaperCount]:
    """The phone ballots' totals per group, solved from the sums and both tellers' parts, as paper-like counts."""
    entries = vote.aggregates["entries"]
    held = keys(db, vote.id)
    partials = [[bytes.fromhex(item["d"]) for item in held[role].decryption] for role in rules.ROLES]
    values = rules.totals(entries, partials, vote.aggregates["ballots"])
    counts = rules.counts_by_group(entries, values, session_kind(vote.kind).scale)
    return {g: PaperCount(returned=n, spoiled=0, counts=counts.get(g, {})) for g, n in vote.aggregates["ballots"].items()}


def teller_part(db: Session, vote: VoteSession, role: str) -> dict:
    """What a teller's phone needs: the session's identifier, its key and their own share, and after close the sums."""
    if not _by_tellers(vote):
        return {"sealing": vote.sealing}
    held = keys(db, vote.id).get(role)
    return {**describe(db, vote), "my_public_key": held.public_key if held else None,
            "entries": vote.aggregates["entries"] if vote.aggregates and held and not held.decryption else None}



def teller_view(db: Session, token: str) -> dict:
    """A teller's page: the paper counts of §11 and, when they hold a key share, the sealing's part."""
    view = paper.teller_view(db, token)  # finds the teller by the link, once
    return {**view, "sealing": teller_part(db, db.get(VoteSession, view["session_id"]), view["role"])}
