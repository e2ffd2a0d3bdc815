"""Paper ballots beside phones: handing them out, the two tellers and their counts (rules: domain/paper.py).

A member handed a paper ballot gets a participation row with channel "paper" — the same unique row a phone vote
writes — so nobody can do both, even at the same moment. Mass representatives' paper ballots are a number per
session, bounded with their codes by who should attend. After close each teller enters the counts through a link
of their own; when both agree for every group, the result is counted (lifecycle.finalize).
"""
from __future__ import annotations

import hashlib
import secrets as random_tokens

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from server import settings
from server.adapters import pdf
from server.adapters.sql import insert_unless_exists
from server.domain import vote_states
from server.domain.ballots import GROUPS
from server.domain.e2e.sealing import sealing as sealing_of
from server.domain.errors import Conflict, NotFound, RuleViolation
from server.domain.kinds import session_kind
from server.domain.paper import TELLER_ROLES, PaperCount, check_count, disagreements
from server.models import AbsenteeOpinion, Meeting, PaperGroup, PaperTally, Participation, Teller, TellerKey, VoteSession
from server.services import audit, electorate
from server.services.codes import codes_in_group
from server.services.meetings import get_vote_session, hold_vote_session, options_of
from server.services.scope import Principal

HANDOUT = frozenset({"draft", "open"})  # handed out as the meeting gathers, before or while the vote is open


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def teller_url(token: str) -> str:
    return f"{settings.current().public_base_url}/h5/t/{token}"


def handed_out(db: Session, vote_id: int) -> dict[str, int]:
    return dict(db.execute(select(PaperGroup.group, PaperGroup.handed_out).where(PaperGroup.session_id == vote_id)).all())


def uses_paper(db: Session, vote_id: int) -> bool:
    return any(handed_out(db, vote_id).values())


def _set_handed_out(db: Session, vote_id: int, group: str, count: int) -> None:
    row = db.scalar(select(PaperGroup).where(PaperGroup.session_id == vote_id, PaperGroup.group == group))
    if row is None:
        db.add(PaperGroup(session_id=vote_id, group=group, handed_out=count))
    else:
        row.handed_out = count
    db.flush()


def _member_marks(db: Session, vote_id: int) -> int:
    return db.scalar(select(func.count()).select_from(Participation)
                     .where(Participation.session_id == vote_id, Participation.channel == "paper"))


def mark_member(db: Session, principal: Principal, vote_id: int, person_id: int) -> dict:
    """A member takes a paper ballot: from now on they cannot vote by phone (and one who has, cannot take one)."""
    vote = hold_vote_session(db, principal, vote_id)
    vote_states.require(vote.state, HANDOUT, "纸质选票只能在投票开始前或进行中发放", "session_not_open")
    voters = electorate.load(db, vote)
    if person_id not in voters.groups.get("member", []) or person_id in voters.excluded:
        raise RuleViolation("该人员不是本次表决应到会的党员", code="not_in_electorate",
                            fields={"person_id": ["不在应到会党员范围内"]})
    if codes_in_group(db, vote.id, "member"):
        raise Conflict("本次表决党员使用票码投票，纸质选票请按票码发放", code="member_codes_in_use")
    if db.scalar(select(func.count()).select_from(AbsenteeOpinion).where(
            AbsenteeOpinion.session_id == vote.id, AbsenteeOpinion.person_id == person_id)):
        raise Conflict("该党员已提交书面意见", code="absentee_opinion_exists")
    if insert_unless_exists(db, Participation, session_id=vote.id, person_id=person_id, channel="paper") is None:
        raise Conflict("该党员已投票或已领取纸质选票", code="already_voted")
    _set_handed_out(db, vote.id, "member", _member_marks(db, vote.id))
    audit.record(db, principal, "paper.member_marked", "vote_session", vote.id, vote.org_id, person_id=person_id)
    return describe(db, principal, vote.id)


def unmark_member(db: Session, principal: Principal, vote_id: int, person_id: int) -> dict:
    """Take back a paper ballot marked by mistake (before or while the session is open)."""
    vote = hold_vote_session(db, principal, vote_id)
    vote_states.require(vote.state, HANDOUT, "投票结束后不能再更改纸质选票", "session_not_open")
    removed = db.execute(delete(Participation).where(Participation.session_id == vote.id,
                                                     Participation.person_id == person_id,
                                                     Participation.channel == "paper")).rowcount
    if not removed:
        raise NotFound("该党员没有领取纸质选票", code="paper_mark_not_found")
    _set_handed_out(db, vote.id, "member", _member_marks(db, vote.id))
    audit.record(db, principal, "paper.member_unmarked", "vote_session", vote.id, vote.org_id, person_id=person_id)
    return describe(db, principal, vote.id)


def hand_out(db: Session, principal: Principal, vote_id: int, group: str, count: int) -> dict:
    """How many paper ballots the mass representatives were handed (members are marked one by one)."""
    vote = hold_vote_session(db, principal, vote_id)
    vote_states.require(vote.state, HANDOUT, "纸质选票只能在投票开始前或进行中发放", "session_not_open")
    kind = session_kind(vote.kind)
    if group not in kind.groups or group == "member":
        raise RuleViolation("党员的纸质选票请逐人登记；此处只登记群众代表的张数", code="paper_group_invalid",
                            fields={"group": ["应为群众代表组"]})
    should = electorate.load(db, vote).should_attend(group)
    codes = codes_in_group(db, vote.id, group)
    if not isinstance(count, int) or count < 0 or codes + count > should:
        raise RuleViolation(f"{GROUPS[group]}应到 {should} 人，已发票码 {codes} 个，纸质选票最多 {max(0, should - codes)} 张",
                            code="too_many_paper_ballots", fields={"count": ["超出应到人数"]})
    _set_handed_out(db, vote.id, group, count)
    audit.record(db, principal, "paper.handed_out", "vote_session", vote.id, vote.org_id, group=group, count=count)
    return describe(db, principal, vote.id)


def appoint_tellers(db: Session, principal: Principal, vote_id: int, counter: str, monitor: str) -> dict:
    """Name the 计票人 and 监票人; each gets a new link of their own (earlier links stop working)."""
    vote = get_vote_session(db, principal, vote_id, write=True)
    vote_states.require(vote.state, frozenset({"draft", "open", "closed"}), "结果公布后不能再更换计票人",
                        "session_published")
    if vote.state == "closed" and vote.result is not None:
        raise Conflict("纸质选票已计票，不能再更换计票人", code="paper_count_final")
    if sealing_of(vote.sealing).counted_by_tellers and vote.state != "draft":
        raise Conflict("计票人、监票人持有本次表决的密钥，投票开始后不能更换", code="tellers_hold_keys")
    db.execute(delete(TellerKey).where(TellerKey.session_id == vote.id))  # a new teller makes a new share
    names = {"counter": counter.strip(), "monitor": monitor.strip()}
    if names["counter"] == names["monitor"]:
        raise RuleViolation("计票人和监票人应为两个人", code="same_teller", fields={"monitor": ["与计票人相同"]})
    db.execute(delete(Teller).where(Teller.session_id == vote.id))
    links = {}
    for role, name in names.items():
        token = random_tokens.token_urlsafe(32)
        db.add(Teller(session_id=vote.id, role=role, name=name, token_hash=_token_hash(token)))
        url = teller_url(token)
        links[role] = {"role": role, "label": TELLER_ROLES[role], "name": name, "url": url, "token": token,
                       "svg": pdf.qr_svg(url)}
    db.flush()
    audit.record(db, principal, "paper.tellers_appointed", "vote_session", vote.id, vote.org_id, **names)
    return {**describe(db, principal, vote.id), "links": list(links.values())}


def _tellers(db: Session, vote_id: int) -> dict[str, Teller]:
    return {t.role: t for t in db.scalars(select(Teller).where(Teller.session_id == vote_id))}


def _entries(db: Session, vote_id: int) -> dict[tuple[str, str], PaperCount]:
    return {(t.role, t.group): PaperCount(t.returned, t.spoiled, t.counts)
            for t in db.scalars(select(PaperTally).where(PaperTally.session_id == vote_id))}


def _names(db: Session, vote: VoteSession) -> dict[str, str]:
    return {str(o.option_id): o.name for o in options_of(db, vote)}


def agreement(db: Session, vote: VoteSession) -> dict:
    """Per group with paper: which teller has entered, and where they differ; `agreed` when all match."""
    out = handed_out(db, vote.id)
    entries, names, shape = _entries(db, vote.id), _names(db, vote), session_kind(vote.kind).paper
    groups, agreed = {}, True
    for group, count in out.items():
        if not count:
            continue
        first, second = entries.get(("counter", group)), entries.get(("monitor", group))
        differs = disagreements(shape, first, second, names) if first and second else []
        groups[group] = {"handed_out": count, "entered": {"counter": first is not None, "monitor": second is not None},
                         "differences": differs}
        agreed = agreed and first is not None and second is not None and not differs
    return {"groups": groups, "agreed": agreed and bool(groups)}


def agreed_counts(db: Session, vote: VoteSession) -> dict[str, PaperCount]:
    """The counts both tellers agree on, per group (call only when agreement says so)."""
    return {group: count for (role, group), count in _entries(db, vote.id).items() if role == "counter"}


def describe(db: Session, principal: Principal, vote_id: int) -> dict:
    """For the secretary: what was handed out, the members marked, the tellers and how far their counts agree."""
    vote = get_vote_session(db, principal, vote_id)
    tellers = _tellers(db, vote.id)
    marked = list(db.scalars(select(Participation.person_id).where(Participation.session_id == vote.id,
                                                                  Participation.channel == "paper")))
    return {"session_id": vote.id, "state": vote.state, "handed_out": handed_out(db, vote.id),
            "marked_person_ids": sorted(marked),
            "tellers": [{"role": r, "label": TELLER_ROLES[r], "name": tellers[r].name} for r in TELLER_ROLES
                        if r in tellers],
            **agreement(db, vote)}


# --- the tellers' own pages (public: a link each) -------------------------------------------------------

def teller_by_token(db: Session, token: str) -> Teller:
    teller = db.scalar(select(Teller).where(Teller.token_hash == _token_hash(token)))
    if teller is None:
        raise NotFound("链接无效或已更换，请向支部书记索取新的链接", code="teller_link_invalid")
    return teller


def teller_view(db: Session, token: str) -> dict:
    """What a teller's page shows: the session, the groups with paper, the options, and their own counts."""
    teller = teller_by_token(db, token)
    vote = db.get(VoteSession, teller.session_id)
    meeting = db.get(Meeting, vote.meeting_id)
    kind = session_kind(vote.kind)
    entries = _entries(db, vote.id)
    state = agreement(db, vote)
    return {"role": teller.role, "label": TELLER_ROLES[teller.role], "name": teller.name, "session_id": vote.id,
            "title": vote.title, "kind": vote.kind, "stage": vote.stage, "state": vote.state,
            "meeting_title": meeting.title, "max_choices": vote.max_choices,
            "options": [{"id": o.option_id, "name": o.name} for o in options_of(db, vote)],
            "groups": [{"group": group, "label": GROUPS[group], "handed_out": info["handed_out"],
                        "mine": entries[(teller.role, group)].as_dict() if (teller.role, group) in entries else None,
                        "both_entered": all(info["entered"].values()),
                        "agreed": all(info["entered"].values()) and not info["differences"]}
                       for group, info in state["groups"].items() if group in kind.groups],
            "agreed": state["agreed"]}


def enter_count(db: Session, token: str, group: str, count: PaperCount) -> tuple[VoteSession, bool]:
    """A teller's count of one group, replacing their earlier one; True when both tellers now agree everywhere."""
    teller = teller_by_token(db, token)
    vote = db.scalar(select(VoteSession).where(VoteSession.id == teller.session_id).with_for_update())
    if vote.state == "published":
        raise Conflict("结果已公布，不能再录入", code="session_published")
    vote_states.require(vote.state, frozenset({"closed"}), "表决结束后才能录入纸质选票", "session_not_closed")
    if vote.result is not None:
        raise Conflict("两位计票人的结果已经一致并已计票，不能再修改", code="paper_count_final")
    out = handed_out(db, vote.id).get(group, 0)
    if not out:
        raise RuleViolation("该组没有发放纸质选票", code="paper_group_invalid", fields={"group": ["没有纸质选票"]})
    names = _names(db, vote)
    full, problems = check_count(session_kind(vote.kind).paper, count, handed_out=out,
                                 option_ids=[int(k) for k in names], names=names, max_choices=vote.max_choices)
    if problems:
        raise RuleViolation("；".join(problems), code="paper_count_invalid", fields={"counts": problems})
    row = db.scalar(select(PaperTally).where(PaperTally.session_id == vote.id, PaperTally.role == teller.role,
                                             PaperTally.group == group))
    if row is None:
        row = PaperTally(session_id=vote.id, role=teller.role, group=group)
        db.add(row)
    row.returned, row.spoiled, row.counts = full.returned, full.spoiled, full.counts
    db.flush()
    audit.record(db, None, "paper.counted", "vote_session", vote.id, vote.org_id, role=teller.role, group=group)
    return vote, agreement(db, vote)["agreed"]
