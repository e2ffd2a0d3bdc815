"""六部门审查 (seed 三(五)): the committee asks four fixed departments and two chosen from the person's sector for
their opinion of a target, before the political review is concluded (step 10) and the pre-review (step 13).

基层党（工）委在审查发展对象相关材料时，要重点听取纪委、公安、计生、信访等执纪执法部门对发展对象的意见建议。并在此基础
上，针对不同领域发展对象的情况，另外征求与发展对象联系密切或有业务关联的其他两个部门的意见建议.
"""
from __future__ import annotations

from dataclasses import dataclass

from server.domain.errors import RuleViolation

FIXED = ("纪委", "公安", "计生（卫健）", "信访")
EXTRA_COUNT = 2
EXTRA_NAME_LENGTH = (2, 30)
# What the four fixed ones are called, also for short (a freely named extra must not be one of them again).
FIXED_NAMES = ("纪委", "纪检", "监委", "公安", "计生", "卫健", "信访")
REMIND_AFTER_WORKING_DAYS = 10
OPINIONS = {"no_objection": "无不同意见", "adverse": "有不同意见"}
DECISIONS = {"proceed": "经研究，继续发展程序", "stop": "经研究，终止发展程序"}

# 农村、社区发展对象可另外征求综治、司法等部门的意见；机关事业单位、国有企业可另征求居住地党组织以及工会、检察、
# 法院等部门的意见；"两新"组织可另征求居住地、户籍地党组织或工商、税务、民政、工会、人事档案托管单位等部门的意见；
# 大学生发展对象可另外征求原户籍地党组织及团委、学生会的意见.
SECTOR_EXTRAS = {
    "rural": ("综治", "司法"),
    "community": ("综治", "司法"),
    "institution": ("居住地党组织", "工会", "检察院", "法院"),
    "soe": ("居住地党组织", "工会", "检察院", "法院"),
    "two_new": ("居住地党组织", "户籍地党组织", "市场监管（工商）", "税务", "民政", "工会", "人事档案托管单位"),
    "university": ("原户籍地党组织", "团委", "学生会"),
}


def extras_for(sector: str, is_student: bool) -> tuple[str, ...]:
    """The list the two extra departments come from: students have their own, whatever the organization."""
    return SECTOR_EXTRAS["university"] if is_student else SECTOR_EXTRAS.get(sector, SECTOR_EXTRAS["institution"])


def departments(sector: str, is_student: bool, extra: list[str]) -> list[str]:
    """The six departments of a review: the four fixed ones and exactly two distinct others, from the sector's list
    or named freely (the seed's lists end in 等), 2–30 characters, never one of the four fixed ones."""
    allowed = extras_for(sector, is_student)
    names = [" ".join((name or "").split()) for name in extra]
    hint = f"另选 {EXTRA_COUNT} 个与发展对象联系密切或有业务关联的部门，如：" + "、".join(allowed)
    if len(names) != EXTRA_COUNT or len(set(names)) != EXTRA_COUNT:
        raise RuleViolation(f"应另选 {EXTRA_COUNT} 个不同的部门", code="extra_departments", fields={"extra_departments": [hint]})
    for name in names:
        if not EXTRA_NAME_LENGTH[0] <= len(name) <= EXTRA_NAME_LENGTH[1]:
            raise RuleViolation(f"部门名称应为 {EXTRA_NAME_LENGTH[0]}–{EXTRA_NAME_LENGTH[1]} 个字", code="extra_departments",
                                fields={"extra_departments": [f"“{name}”的长度不符合要求"]})
        if any(name == fixed or name in fixed or fixed in name for fixed in FIXED_NAMES):
            raise RuleViolation(f"“{name}”已在必须征求意见的四个部门之中，请另选", code="extra_departments",
                                fields={"extra_departments": [hint]})
    return [*FIXED, *names]


@dataclass(frozen=True)
class ReviewFacts:
    replied: int
    total: int
    adverse_undecided: int
    stopped: bool


def complete(review: ReviewFacts | None) -> bool:
    return review is not None and review.total and review.replied == review.total


def political_review_problem(review: ReviewFacts | None) -> str | None:
    """Step 10 waits for the six departments' replies (the conclusion rests on them)."""
    if review is None:
        return "须先征求纪委、公安等六个部门的意见"
    if review.replied < review.total:
        return f"六部门审查尚有 {review.total - review.replied} 个部门未回复"
    return None


def prereview_problem(review: ReviewFacts | None) -> str | None:
    """Step 13 waits for all six replies, and for the committee's decision on an adverse opinion."""
    problem = political_review_problem(review)
    if problem:
        return problem
    if review.stopped:
        return "上级党委已根据部门意见决定终止发展程序"
    if review.adverse_undecided:
        return "有部门提出不同意见，待上级党委研究决定"
    return None
