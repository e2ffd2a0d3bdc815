"""A special organizer's term (特聘组织员聘期): two years, assessed every year, renewed only after a pass.

Seed part 四: organizers are 聘任 by committees with approval authority, "两年一聘"; "每年考核一次，考核合格的
可以续聘". The term runs from `starts_on` to `ends_on` = `starts_on` + 2 years − 1 day; every right (reading
files, tasks, invitations) holds on `ends_on` and ends the day after.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

TERM_YEARS = 2
ASSESSMENT_RESULTS = {"excellent": "优秀", "pass": "合格", "fail": "不合格"}
PASSING = {"excellent", "pass"}
# Who is appointed (seed 四: 从现任或离任的基层党组织书记、副书记，大学生村官，党建工作组织员等中选聘).
BACKGROUNDS = {"current_secretary": "现任基层党组织书记、副书记", "former_secretary": "离任基层党组织书记、副书记",
               "village_graduate": "大学生村官", "party_building_worker": "党建工作组织员", "other": "其他"}
ASSESSMENT_REMINDER_DAYS = 30  # the committee is reminded this long before a term year ends without assessment


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def term_ends_on(starts_on: date) -> date:
    return add_years(starts_on, TERM_YEARS) - timedelta(days=1)


def in_term(day: date, starts_on: date, ends_on: date) -> bool:
    """Rights hold from the first day to the last day of the term, both included."""
    return starts_on <= day <= ends_on


@dataclass(frozen=True)
class TermYear:
    """One year of a term (聘期第 N 年) and the day its assessment is due."""

    number: int
    year: int  # the calendar year the assessment is recorded under: the year the term year ends in
    starts_on: date
    ends_on: date


def term_years(starts_on: date) -> list[TermYear]:
    years = []
    for number in range(1, TERM_YEARS + 1):
        first = add_years(starts_on, number - 1)
        last = add_years(starts_on, number) - timedelta(days=1)
        years.append(TermYear(number, last.year, first, last))
    return years


def assessment_year_problem(starts_on: date, year: int) -> str | None:
    """An assessment is recorded under one of the term's years (the calendar year a term year ends in)."""
    allowed = [y.year for y in term_years(starts_on)]
    if year not in allowed:
        return f"本聘期的考核年度为 {'、'.join(map(str, allowed))} 年"
    return None


def assessments_due(starts_on: date, recorded_years: set[int], today: date) -> list[TermYear]:
    """Term years whose assessment is missing and due within ASSESSMENT_REMINDER_DAYS (or overdue)."""
    soon = today + timedelta(days=ASSESSMENT_REMINDER_DAYS)
    return [y for y in term_years(starts_on) if y.year not in recorded_years and y.ends_on <= soon]


def renewal_refusal(last_result: str | None) -> str | None:
    """Renewal needs a pass or better in the last assessment (考核合格的可以续聘)."""
    if last_result is None:
        return "尚无年度考核结果，考核合格后才能续聘"
    if last_result not in PASSING:
        return f"最近一次考核为{ASSESSMENT_RESULTS[last_result]}，不能续聘"
    return None


def renewal_starts_on(previous_ends_on: date, today: date) -> date:
    """A renewed term follows the old one without a gap; renewed late, it starts today (never backdated)."""
    return max(previous_ends_on + timedelta(days=1), today)
