"""责任追究 on a warning (seed 二(四)): 对在规定时间内仍未能解除调控预警的单位，要对党组织及其负责人、直接责任人进行
批评教育；情节严重的，按照发展党员责任追究制的有关规定，给予组织处置和党纪处分.

The issuer records 批评教育 (of whom, by whom, when, what was said); the competent level — the issuer or a level above
it — records 组织处置 and 党纪处分 decisions (the measure, the person, the date, the deciding body, a document).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from server.domain.errors import RuleViolation


@dataclass(frozen=True)
class AccountabilityKind:
    """A kind of 责任追究 and what its record asks."""

    key: str
    label: str
    by_issuer_only: bool      # 批评教育 comes from the organization that issued the warning
    needs_measure: bool       # a decision names its measure (诫勉谈话, 调整职务, 警告处分 …)
    decided_by_word: str      # what the `decided_by` field is called


KINDS = {kind.key: kind for kind in (
    AccountabilityKind("criticism", "批评教育", by_issuer_only=True, needs_measure=False, decided_by_word="谈话人"),
    AccountabilityKind("organizational", "组织处置", by_issuer_only=False, needs_measure=True, decided_by_word="决定机关"),
    AccountabilityKind("disciplinary", "党纪处分", by_issuer_only=False, needs_measure=True, decided_by_word="决定机关"),
)}
LABELS = {key: kind.label for key, kind in KINDS.items()}


def kind_of(key: str) -> AccountabilityKind:
    if key not in KINDS:
        raise RuleViolation("责任追究方式无效", code="unknown_accountability",
                            fields={"kind": ["应为 " + "、".join(LABELS.values())]})
    return KINDS[key]


def check(kind: AccountabilityKind, *, person: str, decided_by: str, decided_on: date, measure: str | None,
          content: str | None, warning_issued_on: date, today: date) -> dict:
    """The record's values, cleaned; 422 naming what is missing or out of time."""
    values = {"person": (person or "").strip(), "decided_by": (decided_by or "").strip(),
              "measure": (measure or "").strip() or None, "content": (content or "").strip() or None}
    missing = {}
    if len(values["person"]) < 2:
        missing["person"] = ["对谁：党组织负责人或直接责任人的姓名、职务"]
    if len(values["decided_by"]) < 2:
        missing["decided_by"] = [f"请填写{kind.decided_by_word}"]
    if kind.needs_measure and not values["measure"]:
        missing["measure"] = ["请填写处置或处分的措施"]
    if not kind.needs_measure and not values["content"]:
        missing["content"] = ["请填写谈话的主要内容"]
    if missing:
        raise RuleViolation(f"{kind.label}记录不完整", code="accountability_incomplete", fields=missing)
    if decided_on > today or decided_on < warning_issued_on:
        raise RuleViolation("日期应在预警发出之后、今天之前", code="accountability_date",
                            fields={"decided_on": [f"应在 {warning_issued_on.isoformat()} 至 {today.isoformat()} 之间"]})
    return values
