"""五公示 (seed 三(四)): public notices of a person at five points of the record, each a kind with its rules.

对入党积极分子、发展对象、预备党员、预备转正四个阶段进行公示，并在接收预备党员阶段、上报基层党(工)委审查之前，
在对象居住地进行公示……公示时间不少于5天. A publicity follows one step of the record and gates the next: that
step waits until the period has ended (the end day counts) and every objection is answered; an objection found
true halts the record until the committee decides.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from server.domain.errors import RuleViolation

MIN_DAYS = 5
OBJECTION_MAX_CHARS = 2000
CONCLUSIONS = {"unfounded": "经核实不属实", "founded": "经核实属实"}
DECISIONS = {"continue": "继续发展程序", "terminate": "终止发展程序"}


@dataclass(frozen=True)
class PublicityKind:
    key: str
    label: str
    after: str        # the step that must be done before it starts
    gates: str        # the step that waits for it
    place: str = "党支部所在单位公示栏"

    def problem(self, done: set[str]) -> str | None:
        """Whether the record is at this publicity: its step done, the gated one not yet."""
        if self.after not in done:
            return f"尚未到{self.label}的时候"
        if self.gates in done:
            return f"{self.label}之后的环节已经完成"
        return None


KINDS: dict[str, PublicityKind] = {k.key: k for k in (
    PublicityKind("activist", "入党积极分子公示", "activist_selected", "activist_filed"),
    PublicityKind("target", "发展对象公示", "target_selected", "target_filed"),
    PublicityKind("residence", "居住地公示", "branch_review", "committee_prereview", place="发展对象居住地"),
    PublicityKind("admission", "拟接收预备党员公示", "admission_vote", "admission_approved"),
    PublicityKind("conversion", "预备党员拟转正公示", "conversion_vote", "conversion_approved"),
)}
GATED = {k.gates: k for k in KINDS.values()}


def publicity_kind(key: str) -> PublicityKind:
    kind = KINDS.get(key)
    if kind is None:
        raise RuleViolation("公示类型无效", fields={"kind": ["应为 " + "、".join(KINDS)]})
    return kind


def check_period(starts_on: date, ends_on: date) -> None:
    """At least 5 calendar days, the end day included (starts 1st, ends 5th is five days)."""
    if ends_on < starts_on + timedelta(days=MIN_DAYS - 1):
        raise RuleViolation(f"公示时间不少于 {MIN_DAYS} 天（含开始和结束当天）", code="publicity_too_short",
                            fields={"ends_on": [f"至少到 {(starts_on + timedelta(days=MIN_DAYS - 1)).isoformat()}"]})


def is_open(starts_on: date, ends_on: date, today: date) -> bool:
    return starts_on <= today <= ends_on


def ended(ends_on: date, today: date) -> bool:
    return today > ends_on


@dataclass(frozen=True)
class PublicityFacts:
    """What the gate needs to know of a publicity."""

    kind: str
    ends_on: date
    unanswered: int
    founded_undecided: int
    terminated: bool


def gate_problem(step_key: str, publicities: list[PublicityFacts], today: date) -> str | None:
    """Why the step after a publicity must wait, or None. The latest publicity of the kind counts."""
    kind = GATED.get(step_key)
    if kind is None:
        return None
    mine = [p for p in publicities if p.kind == kind.key]
    if not mine:
        return f"须先进行{kind.label}（不少于 {MIN_DAYS} 天）"
    latest = max(mine, key=lambda p: p.ends_on)
    if latest.terminated:
        return f"{kind.label}中反映的问题属实，上级党委已决定终止发展程序"
    if not ended(latest.ends_on, today):
        return f"{kind.label}至 {latest.ends_on.isoformat()} 结束"
    if latest.unanswered:
        return f"{kind.label}期间收到的 {latest.unanswered} 条意见尚未答复"
    if latest.founded_undecided:
        return f"{kind.label}中反映的问题经核实属实，待上级党委研究决定"
    return None


def clean_text(text: str, limit: int) -> str:
    """What the public sends, as plain text: control characters dropped, trimmed, bounded (never HTML)."""
    cleaned = "".join(ch for ch in (text or "") if ch in "\n\t" or ch.isprintable()).strip()
    if not cleaned:
        raise RuleViolation("请填写内容", code="text_required", fields={"text": ["必填"]})
    if len(cleaned) > limit:
        raise RuleViolation(f"内容不能超过 {limit} 字", code="text_too_long", fields={"text": [f"不超过 {limit} 字"]})
    return cleaned
