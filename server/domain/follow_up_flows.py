"""What follows a 双评议 (seed part 五): a branch below 80 is ordered to check itself (责令自查自纠), explains
in writing, the committee accepts it and marks the branch a key target (重点预警对象) for the year; a new
probationary member below 80 gets a reminder talk (提醒谈话) from the branch. One state machine per kind; each
action names who takes it and the fields it needs."""
from __future__ import annotations

from dataclasses import dataclass

from server.domain.states import StateMachine, Transition

COMMITTEE, BRANCH = "committee", "branch"


@dataclass(frozen=True)
class FollowUpFlow:
    kind: str
    label: str
    machine: StateMachine
    actors: dict[str, str]              # action → COMMITTEE or BRANCH
    fields: dict[str, tuple[str, ...]]  # action → required fields
    marks_key_target: bool = False      # the published result makes the branch a key target (重点预警对象) that year
    secretary_task_days: int | None = None  # a task for the branch's secretaries, due this many days after the vote

    def problems(self, action: str, values: dict) -> dict[str, list[str]]:
        return {name: ["必填"] for name in self.fields.get(action, ()) if values.get(name) in (None, "")}


SELF_CHECK = FollowUpFlow(
    "key_warning_target", "支部发展党员工作满意度低于 80 分：责令自查自纠，列为重点预警对象",
    StateMachine("self_check", {"open": "待责令", "ordered": "已责令自查", "submitted": "已提交说明",
                                "closed": "已验收"}, (
        Transition("order", "责令自查自纠", {"open"}, "ordered", "已责令（{state}）"),
        Transition("submit", "提交书面说明", {"ordered"}, "submitted", "当前不能提交说明（{state}）"),
        Transition("accept", "验收", {"submitted"}, "closed", "尚未提交说明（{state}）"),
        Transition("return", "退回重新说明", {"submitted"}, "ordered", "当前不能退回（{state}）"),
    )),
    actors={"order": COMMITTEE, "submit": BRANCH, "accept": COMMITTEE, "return": COMMITTEE},
    fields={"order": ("note", "due_on"), "submit": ("note",), "return": ("note",)},
    marks_key_target=True,
)

REMINDER_TALK = FollowUpFlow(
    "reminder_talk", "新发展党员满意度低于 80 分：党支部及时进行提醒谈话",
    StateMachine("reminder_talk", {"open": "待谈话", "closed": "已谈话"}, (
        Transition("talk", "记录提醒谈话", {"open"}, "closed", "已谈话（{state}）"),
    )),
    actors={"talk": BRANCH},
    fields={"talk": ("talked_on", "talked_by", "note")},
    secretary_task_days=30,  # "及时" (seed 五): within a month of the 双评议
)

FLOWS = {f.kind: f for f in (SELF_CHECK, REMINDER_TALK)}
