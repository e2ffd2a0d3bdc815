"""Facts about people and the rules of who may stand for 两推荐 and 双评议, and how many mass representatives
the seed asks for (seed part 三(一)(二)). The 四票决 stages are objects in server.domain.kinds."""
from __future__ import annotations

import calendar
import math
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class PersonFacts:
    """What the rules need to know about a person."""

    name: str
    status: str
    committee_member: bool = False
    applied_at: date | None = None
    status_since: date | None = None
    activist_at: date | None = None
    probationary_at: date | None = None


APPLICANT_MONTHS = 6  # 经过半年培养教育的入党申请人 (seed 三(一)1); the activist vote's waiting time too


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), clamped to the month's end."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def recommendation_candidate_problem(person: PersonFacts, meeting_day: date) -> str | None:
    """两推荐: applicants who applied at least six months before the meeting (经过半年培养教育的入党申请人)."""
    if person.status != "applicant":
        return f"{person.name}不是入党申请人，不能作为推荐对象"
    if person.applied_at is None or add_months(person.applied_at, APPLICANT_MONTHS) > meeting_day:
        applied = person.applied_at.isoformat() if person.applied_at else "未登记"
        return f"{person.name}递交入党申请不满 {APPLICANT_MONTHS} 个月（申请日期 {applied}），不能作为推荐对象"
    return None


def satisfaction_subject_problem(person: PersonFacts, meeting_day: date) -> str | None:
    """双评议: members admitted as probationary in the previous calendar year (上年度新发展党员)."""
    if person.status not in ("probationary", "member") or person.probationary_at is None \
            or person.probationary_at.year != meeting_day.year - 1:
        return f"{person.name}不是上年度（{meeting_day.year - 1} 年）新发展的党员，不能作为评议对象"
    return None


@dataclass(frozen=True)
class MassRepRule:
    """How many mass representatives the policy asks for (原则上), and where that number comes from."""

    required: int | None
    source: str


def required_mass_reps(sector: str, staff_count: int | None, member_count: int) -> MassRepRule:
    """Seed 三(一)3: villages/communities ≥ 30; SOEs and 两新 ≥ 30, or ≥ 30 % of staff below 100 staff;
    institutions invite all staff (and retiree representatives)."""
    if sector in ("rural", "community"):
        return MassRepRule(30, "村（社区）群众代表原则上不少于 30 人")
    if sector in ("soe", "two_new"):
        if staff_count is not None and staff_count < 100:
            return MassRepRule(math.ceil(staff_count * 0.3), "从业人员 100 人以下的，代表人数原则上不少于人员总数的 30%")
        return MassRepRule(30, "企业、“两新”组织群众代表一般不少于 30 人")
    if sector == "institution" and staff_count is not None:
        return MassRepRule(max(0, staff_count - member_count), "机关事业单位应邀请全体在编在职人员参加（另加离退休人员代表）")
    return MassRepRule(None, "本领域未规定群众代表人数")


# Who the mass representatives of a 两推荐 are, by sector (seed 三(一)3 群众范围). A missing category is said before
# the session opens (a warning, never a block: the seed lists them with 等).
MASS_CATEGORY_LABELS = {
    "village_committee": "现任村（居）委会成员",
    "villager_rep": "村（居）民代表及村（居）民小组长",
    "deputy": "乡级以上人大代表和政协委员",
    "local_org_leader": "村（社区）级其他组织负责人",
    "staff": "在编在职人员",
    "retiree": "离退休人员代表",
    "manager": "中层以上管理人员",
    "team_leader": "生产班（组）长或内设部门主要负责人",
    "worker_rep": "职工代表",
    "skilled": "技术能手",
}
_VILLAGE = ("village_committee", "villager_rep", "deputy", "local_org_leader")
_ENTERPRISE = ("manager", "team_leader", "worker_rep", "skilled")
MASS_CATEGORIES_BY_SECTOR: dict[str, tuple[str, ...]] = {
    "rural": _VILLAGE, "community": _VILLAGE, "institution": ("staff", "retiree"),
    "soe": _ENTERPRISE, "two_new": _ENTERPRISE, "university": (),
}


def mass_category_problem(sector: str, status: str, category: str | None) -> str | None:
    """A category belongs to a mass representative, and to the categories of their organization's sector."""
    if category is None:
        return None
    if status != "mass_rep":
        return "只有群众代表有代表类别"
    allowed = MASS_CATEGORIES_BY_SECTOR.get(sector, ())
    if category not in allowed:
        return "本领域的群众代表类别为：" + ("、".join(MASS_CATEGORY_LABELS[c] for c in allowed) or "无")
    return None


def mass_composition(sector: str, categories: list[str | None]) -> dict:
    """How the mass representatives of a session divide into the sector's categories, and which are missing."""
    allowed = MASS_CATEGORIES_BY_SECTOR.get(sector, ())
    parts = [{"category": c, "label": MASS_CATEGORY_LABELS[c], "count": categories.count(c)} for c in allowed]
    return {"parts": parts, "unmarked": sum(1 for c in categories if c not in allowed),
            "missing": [p["label"] for p in parts if p["count"] == 0]}
