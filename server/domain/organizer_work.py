"""What a special organizer does besides tasks (seed part 四): activities the committee records, reports upward,
recommendations of promising people. Each kind says which fields it needs."""
from __future__ import annotations

from dataclasses import dataclass

from server.domain.states import StateMachine, Transition


@dataclass(frozen=True)
class ActivityKind:
    """An entry of an organizer's file: what it is called and which fields it needs besides its date."""

    key: str
    label: str
    required: tuple[str, ...]

    def problems(self, values: dict) -> dict[str, list[str]]:
        return {name: ["必填"] for name in self.required if values.get(name) in (None, "")}


ACTIVITY_KINDS = {k.key: k for k in (
    ActivityKind("talk", "谈心谈话", ("counterpart", "notes")),       # with the committee member in direct contact
    ActivityKind("training", "培训", ("hours", "notes")),
    ActivityKind("allowance", "工作补贴发放", ("amount",)),
    ActivityKind("honor", "优秀党务工作者推荐", ("notes",)),
)}

# Reports upward (向上级党委报告); the city's 组织三科 reads the experience ones (经验做法) too.
REPORT_KINDS = {"experience": "经验做法", "problems": "存在问题", "thinking": "党员思想动态",
                "unqualified": "不合格党员情况", "suggestions": "意见建议"}
# What counties and committees report to the city's 组织三科 (seed 五: 及时总结经验做法，反映存在问题).
WORK_REPORT_KINDS = ("experience", "problems")
WORK_REPORT_LEVELS = ("county", "committee")


def is_work_report_kind(key: str) -> bool:
    return key in WORK_REPORT_KINDS

RECOMMENDATION_FLOW = StateMachine("recommendation", {"open": "待支部研究", "accepted": "支部已采纳",
                                                      "declined": "支部暂不采纳"}, (
    Transition("accept", "采纳", {"open"}, "accepted", "推荐已处理（{state}）"),
    Transition("decline", "暂不采纳", {"open"}, "declined", "推荐已处理（{state}）"),
))
