"""The life of a vote session (表决): draft → open → closed → published, or cancelled from draft or open.

Besides the transitions, each state says what it allows (and 细则 on 当场公布):
- while a draft, the session may be edited or deleted;
- until it closes, the electorate, codes and written opinions may still change;
- ballots are taken only while open, and every other state has its own refusal for a voter;
- after close the tally is frozen and staff see it; after publishing the voters see it too.
"""
from __future__ import annotations

from server.domain.errors import Conflict
from server.domain.states import StateMachine, Transition

STATES = {"draft": "草稿", "open": "投票中", "closed": "已结束", "published": "已公布", "cancelled": "已作废"}

MACHINE = StateMachine("表决", STATES, (
    Transition("open", "开始投票", {"draft"}, "open", "只有草稿状态的表决可以开始"),
    Transition("close", "结束投票并计票", {"open"}, "closed", "只有进行中的表决可以结束", done={"published"}),
    Transition("publish", "当场公布结果", {"closed"}, "published", "请先结束表决再公布结果"),
    Transition("cancel", "作废", {"draft", "open"}, "cancelled", "已结束的表决不能作废"),
))

EDITABLE = frozenset({"draft"})
COLLECTING = frozenset({"draft", "open"})  # electorate, codes and written opinions may still change
TALLIED = frozenset({"closed", "published"})
PUBLISHED = frozenset({"published"})

# What a voter is told when the session does not take ballots (code, message).
CAST_REFUSALS = {
    "draft": ("session_not_open", "表决尚未开始，请等待主持人宣布开始后再投票"),
    "closed": ("session_closed", "表决已结束，不能再投票"),
    "published": ("session_closed", "表决已结束，结果已公布"),
    "cancelled": ("session_cancelled", "本次表决已作废"),
}

# Abilities that follow from the state alone, for the clients (`allowed_actions`), besides the transitions.
ABILITIES = {
    "edit": EDITABLE,
    "delete": EDITABLE,
    "exclude": COLLECTING,
    "codes": COLLECTING,
    "absentee_opinions": EDITABLE,  # 细则: written opinions are handed in before the meeting
    "screen": frozenset({"open", "closed", "published"}),
    "paper": frozenset({"draft", "open"}),  # hand out paper ballots
    "tellers": frozenset({"draft", "open", "closed"}),
    "result": TALLIED,
}


def allowed_actions(state: str, *, can_write: bool = True, counted: bool = True) -> list[str]:
    """What the caller may do with a session now: transitions first, then the state's abilities. A closed
    session whose paper ballots the tellers have not yet agreed on (`counted` false) has no result to show or
    publish yet."""
    if not can_write:
        actions = [a for a in ("screen", "result") if state in ABILITIES[a]]
    else:
        actions = MACHINE.allowed_actions(state) + [a for a, states in ABILITIES.items() if state in states]
    if counted:  # counted after close: the tellers' work is done
        return [a for a in actions if not (a == "tellers" and state in TALLIED)]
    return [a for a in actions if a not in ("publish", "result")]


def require(state: str, states: frozenset[str], message: str, code: str) -> None:
    """Refuse (409) unless the session is in one of `states`."""
    if state not in states:
        raise Conflict(message, code=code, extra={"state": state})


def require_open_for_ballots(state: str, session_id: int) -> None:
    """A ballot is taken only while open; anything else gets the refusal of its state."""
    if state != "open":
        code, message = CAST_REFUSALS[state]
        raise Conflict(message, code=code, extra={"state": state, "session_id": session_id})


def result_visible(state: str, is_staff: bool) -> bool:
    return state in PUBLISHED or (is_staff and state in TALLIED)
