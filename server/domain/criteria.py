"""Criteria 1–5 of 调控预警 (seed 二(一)), evaluated from the data for one organization and one year; each finding
is a proposal for the organization that warns it (see warning_issuers), with the facts in words and a suggested
level: 口头告知 for a borderline case (临界状态, seed 二(二)1), 函告督办 otherwise.

A criterion is an object with `applies` (which organizations and which years it judges) and `evaluate`; the scan
looks each one up once and never branches on the criterion's number.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

from server.domain import plans

NO_ADMISSION_YEARS = 3  # 连续三年以上未发展党员
NO_ACTIVIST_YEARS = 2  # 连续两年未培养入党积极分子
LAST_QUARTER_FROM_MONTH = 10
# Near a threshold (临界状态, seed 二(二)1: 对处于临界状态…的，给予口头告知): a verbal warning is suggested.
PLAN_NEAR_DAY = (1, 10)          # no plan by 10 January (the plan is due by the end of January)
NO_ADMISSION_NEAR_MONTHS = 30    # 30 months without an admission (three years is the line)
NO_ACTIVIST_NEAR_MONTHS = 18     # 18 months without a new activist (two years is the line)


@dataclass(frozen=True)
class OrgYear:
    """What the data say of one organization (its whole subtree) in one year, as of `today`."""

    org_id: int
    name: str
    level: str
    sector: str
    year: int
    today: date
    planned_admissions: int | None = None  # None: no plan for the year
    targets: dict = field(default_factory=dict)
    structure: plans.Structure = plans.Structure()
    last_admission: date | None = None
    last_activist: date | None = None
    overdue_steps: int = 0
    late_steps: int = 0          # steps of the year recorded after their due date
    flagged_history: int = 0     # history entered this year that broke a rule (kept and flagged)

    @property
    def finished(self) -> bool:
        return self.year < self.today.year

    @property
    def current(self) -> bool:
        return self.year == self.today.year

    @property
    def last_quarter(self) -> bool:
        return self.current and self.today.month >= LAST_QUARTER_FROM_MONTH


@dataclass(frozen=True)
class Finding:
    criterion: int
    suggested_level: str
    facts: str


def years_ago(today: date, years: int) -> date:
    """The same day `years` calendar years before (29 February falls back to the 28th): 连续三年 counted to the day."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def months_ago(today: date, months: int) -> date:
    """The same day `months` before, clamped to the month's end."""
    index = today.year * 12 + today.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(today.day, calendar.monthrange(year, month + 1)[1]))


def no_admission_since(today: date) -> date:
    """An organization whose last admission is before this day has gone three years without one (情形 2, 重点管理)."""
    return years_ago(today, NO_ADMISSION_YEARS)


class NoPlan:
    """1. 未制定年度发展党员工作计划 — no plan for the year once January is over."""

    number = 1

    def applies(self, org: OrgYear) -> bool:
        return org.current

    def evaluate(self, org: OrgYear) -> Finding | None:
        if org.planned_admissions is not None:
            return None
        due, near = plans.plan_due(org.year), date(org.year, *PLAN_NEAR_DAY)
        facts = f"截至 {org.today.isoformat()}，未制定 {org.year} 年度发展党员工作计划（应于 {due.isoformat()} 前制定）。"
        if org.today > due:
            return Finding(1, "letter", facts)
        if org.today > near:
            return Finding(1, "verbal", facts + "临近截止（临界状态）。")
        return None


class NoDevelopment:
    """2. 连续三年以上未发展党员、连续两年未培养入党积极分子，或农村党支部当年未发展35岁及以下党员."""

    number = 2

    def applies(self, org: OrgYear) -> bool:
        return org.current or (org.finished and org.level == "branch" and org.sector == "rural")

    def evaluate(self, org: OrgYear) -> Finding | None:
        if org.finished:  # a rural branch's finished year
            if org.structure.young == 0:
                return Finding(2, "letter", f"{org.year} 年未发展35岁及以下党员（农村党组织）。")
            return None
        if org.last_admission is None or org.last_admission < no_admission_since(org.today):
            since = f"最近一次发展党员在 {org.last_admission.isoformat()}" if org.last_admission else "没有发展党员的记录"
            return Finding(2, "letter", f"连续三年以上未发展党员（{since}）。")
        if org.last_activist is None or org.last_activist < years_ago(org.today, NO_ACTIVIST_YEARS):
            since = f"最近一次确定积极分子在 {org.last_activist.isoformat()}" if org.last_activist else "没有确定积极分子的记录"
            return Finding(2, "letter", f"连续两年未培养入党积极分子（{since}）。")
        if org.last_admission < months_ago(org.today, NO_ADMISSION_NEAR_MONTHS):
            return Finding(2, "verbal", f"已 {NO_ADMISSION_NEAR_MONTHS} 个月以上未发展党员（最近一次在 "
                                        f"{org.last_admission.isoformat()}），接近连续三年（临界状态）。")
        if org.last_activist < months_ago(org.today, NO_ACTIVIST_NEAR_MONTHS):
            return Finding(2, "verbal", f"已 {NO_ACTIVIST_NEAR_MONTHS} 个月以上未确定入党积极分子（最近一次在 "
                                        f"{org.last_activist.isoformat()}），接近连续两年（临界状态）。")
        return None


class OffPlan:
    """3. 计划数与实际发展数上下浮动超过 3% — for a finished year; in the last quarter, a verbal warning when the
    year so far is off by more (临界状态)."""

    number = 3

    def applies(self, org: OrgYear) -> bool:
        return org.planned_admissions is not None and (org.finished or org.last_quarter)

    def evaluate(self, org: OrgYear) -> Finding | None:
        admitted = org.structure.admitted
        if not plans.off_plan(org.planned_admissions, admitted):
            return None
        deviation = plans.deviation_pct(org.planned_admissions, admitted, digits=2)  # 3.03 %, not "3.0 %"
        so_far = "实际" if org.finished else "截至目前"
        facts = f"{org.year} 年计划发展党员 {org.planned_admissions} 名，{so_far}发展 {admitted} 名，偏差 {deviation:+.2f}%。"
        if org.finished:
            return Finding(3, "letter", facts + "超出上下 3% 的调控范围。")
        return Finding(3, "verbal", facts + "已进入第四季度，存在完不成计划或超计划的风险（临界状态）。")


class StructureMissed:
    """4. 年度发展党员结构指标未完成指导性计划调控要求 — for a finished year with targets; in the last quarter, a
    verbal warning when the year so far is below a target (临界状态)."""

    number = 4

    def applies(self, org: OrgYear) -> bool:
        return bool(org.targets) and (org.finished or org.last_quarter)

    def evaluate(self, org: OrgYear) -> Finding | None:
        missed = plans.missed_targets(org.targets, org.structure)
        minimum = org.targets.get("rural_young_min")
        if minimum and org.structure.young < minimum:
            missed.append(f"35岁及以下发展 {org.structure.young} 名，少于计划的 {minimum} 名")
        if not missed:
            return None
        if org.finished:
            return Finding(4, "letter", f"{org.year} 年结构指标未完成：" + "；".join(missed) + "。")
        return Finding(4, "verbal", f"截至 {org.today.isoformat()}，{org.year} 年结构指标低于计划：" + "；".join(missed)
                       + "。已进入第四季度（临界状态）。")


class OverdueSteps:
    """5. 未按规定时限、程序办理 — steps past their due dates (the daily due scan), steps of the year done late,
    and history entered this year that broke a rule (kept and flagged)."""

    number = 5

    def applies(self, org: OrgYear) -> bool:
        return org.current

    def evaluate(self, org: OrgYear) -> Finding | None:
        parts = [(org.overdue_steps, "个环节超过规定时限未办理"), (org.late_steps, "个环节超过时限后才办理"),
                 (org.flagged_history, "条历史记录不符合规定的时限或程序")]
        found = [(n, words) for n, words in parts if n > 0]
        if not found:
            return None
        total = sum(n for n, _ in found)
        level = "verbal" if total <= 2 else "letter"
        return Finding(5, level, f"{org.year} 年：" + "，".join(f"{n} {words}" for n, words in found) + "。")


CHECKS = (NoPlan(), NoDevelopment(), OffPlan(), StructureMissed(), OverdueSteps())


def evaluate(org: OrgYear) -> list[Finding]:
    """Every criterion's finding for this organization and year."""
    return [finding for check in CHECKS if check.applies(org) and (finding := check.evaluate(org)) is not None]


def judged(level: str, has_approval_authority: bool) -> bool:
    """The organizations criteria are evaluated for: branches and those with approval authority (they plan), but
    not the city, which has nobody above it to warn it."""
    return level == "branch" or (has_approval_authority and level != "city")
