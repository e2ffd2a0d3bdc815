"""年度发展党员计划 (seed 二(一) 1、3、4): planned admissions and activists and the structure targets, and how an
actual year is judged against them."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from server.domain.errors import RuleViolation

PLAN_TOLERANCE_PCT = 3.0  # seed 二(一)3: 上下浮动比例控制在 3% 以内
NO_PLAN_GRACE = (1, 31)  # a year's plan is due by the end of January
YOUNG_AGE = 35
# Structure targets: a share (percent) of the year's admissions, as the quarterly report counts them.
STRUCTURE = {
    "women_pct": "女性",
    "young_pct": "35岁及以下",
    "college_pct": "大专及以上学历",
    "frontline_pct": "生产工作一线",
}
COLLEGE_EDUCATION = ("大学专科", "大学本科", "研究生", "大专", "本科", "硕士", "博士")
FRONTLINE_OCCUPATIONS = ("农民", "一线工人", "技术员", "工程师", "教师", "医生", "外出务工", "个体户", "专业技术人员")
STATES = {"draft": "待确认", "confirmed": "已确认"}


@dataclass(frozen=True)
class Structure:
    """Counts of the year's admissions by the structure the plan targets."""

    admitted: int = 0
    women: int = 0
    young: int = 0
    college: int = 0
    frontline: int = 0

    def shares(self) -> dict[str, float | None]:
        def pct(n: int) -> float | None:
            return round(100.0 * n / self.admitted, 1) if self.admitted else None
        return {"women_pct": pct(self.women), "young_pct": pct(self.young), "college_pct": pct(self.college),
                "frontline_pct": pct(self.frontline)}


@dataclass(frozen=True)
class PlanFigures:
    planned_admissions: int
    planned_activists: int | None = None
    targets: dict = field(default_factory=dict)


def check_plan(values: PlanFigures, year: int, today: date) -> None:
    if not 2000 <= year <= today.year + 1:
        raise RuleViolation("计划年度无效", fields={"year": [f"应为 2000 到 {today.year + 1} 年"]})
    if not 0 <= values.planned_admissions <= 100000:
        raise RuleViolation("计划发展党员数无效", fields={"planned_admissions": ["应为 0 到 100000"]})
    if values.planned_activists is not None and not 0 <= values.planned_activists <= 100000:
        raise RuleViolation("计划培养积极分子数无效", fields={"planned_activists": ["应为 0 到 100000"]})
    for key, value in values.targets.items():
        if key == "rural_young_min":
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 1000:
                raise RuleViolation("结构指标无效", fields={"targets": ["农村35岁及以下发展人数应为 0 到 1000"]})
        elif key not in STRUCTURE or not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 100:
            raise RuleViolation("结构指标无效", fields={"targets": [f"{key} 应为 {'、'.join(STRUCTURE)} 之一，取值 0–100"]})


def deviation_pct(planned: int | None, admitted: int, digits: int = 1) -> float | None:
    """(admitted − planned) / planned in percent; None without a plan; a plan of 0 met only by admitting none."""
    if planned is None:
        return None
    if planned == 0:
        return 0.0 if admitted == 0 else 100.0
    return round(100.0 * (admitted - planned) / planned, digits)


def off_plan(planned: int | None, admitted: int) -> bool:
    """More than 3 % off plan, judged on the exact figures (34 against 33 is 3.03 %, though it prints as 3.0)."""
    if planned is None:
        return False
    if planned == 0:
        return admitted != 0
    return abs(admitted - planned) * 100 > PLAN_TOLERANCE_PCT * planned


def missed_targets(targets: dict, structure: Structure) -> list[str]:
    """The structure targets (shares of admissions, at least) the year's admissions missed, in words."""
    shares = structure.shares()
    missed = []
    for key, label in STRUCTURE.items():
        goal = targets.get(key)
        if goal is None or not structure.admitted:
            continue
        # Judged on the exact counts: 29.96 % prints as 30.0 but misses a 30 % target.
        if getattr(structure, key.removesuffix("_pct")) * 100 < goal * structure.admitted:
            missed.append(f"{label}占比 {shares[key]}%，低于计划的 {goal}%")
    return missed


def plan_due(year: int) -> date:
    return date(year, *NO_PLAN_GRACE)


def age_on(birth: date | None, day: date) -> int | None:
    if birth is None:
        return None
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


RECOMMENDATION_RATIO = 2  # seed 三(一)1: 有条件的党支部可按照年度党员发展对象和入党积极分子 1:2 的比例择优推荐


def recommendation_suggestion(planned_activists: int | None, planned_admissions: int | None) -> dict | None:
    """How many a 两推荐 might recommend where the branch can (1:2 of the year's plan); the year's planned activists,
    or its planned admissions where no activists are planned. None without a plan."""
    basis, planned = (("planned_activists", planned_activists) if planned_activists
                      else ("planned_admissions", planned_admissions))
    if not planned:
        return None
    word = "入党积极分子" if basis == "planned_activists" else "发展党员"
    count = planned * RECOMMENDATION_RATIO
    return {"basis": basis, "planned": planned, "suggested": count,
            "text": f"本年度计划{word} {planned} 名，有条件的党支部可按 1:{RECOMMENDATION_RATIO} 的比例择优推荐 {count} 名"}
