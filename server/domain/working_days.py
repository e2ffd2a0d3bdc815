"""Chinese working days (工作日): holidays off, make-up weekend days (调休) on.

The official schedule of a year comes from a `Calendar` (the platform keeps one table, seeded from chinese-calendar
and extended by city staff importing each new year's 国务院办公厅 notice). For a year without official data,
Monday–Friday is used and the caller is told, so that a deadline can say it is provisional.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import chinese_calendar

from server.domain.errors import RuleViolation


@dataclass(frozen=True)
class Calendar:
    """Years with an official schedule, and that schedule's exceptions: day → is a working day."""

    years: frozenset[int] = frozenset()
    exceptions: dict[date, bool] = field(default_factory=dict)

    def is_working_day(self, day: date) -> tuple[bool, bool]:
        """(is a working day, the official schedule was used)."""
        if day.year not in self.years:
            return day.weekday() < 5, False
        return self.exceptions.get(day, day.weekday() < 5), True


def library_calendar() -> Calendar:
    """The schedule chinese-calendar knows (its years, its holidays and make-up days)."""
    exceptions = dict.fromkeys(chinese_calendar.holidays, False)
    exceptions.update(dict.fromkeys(chinese_calendar.workdays, True))
    years = frozenset(day.year for day in exceptions)
    return Calendar(years, exceptions)


_LIBRARY = None


def is_working_day(day: date, calendar: Calendar | None = None) -> tuple[bool, bool]:
    return (calendar or _library()).is_working_day(day)


def _library() -> Calendar:
    global _LIBRARY
    if _LIBRARY is None:
        _LIBRARY = library_calendar()
    return _LIBRARY


def nth_working_day_after(start: date, n: int, calendar: Calendar | None = None) -> tuple[date, bool]:
    """The n-th working day after `start` (start itself not counted), and whether every day counted came
    from an official schedule."""
    day, counted, official = start, 0, True
    while counted < n:
        day += timedelta(days=1)
        working, known = is_working_day(day, calendar)
        official = official and known
        if working:
            counted += 1
    return day, official


def check_schedule(year: int, holidays: list[date], workdays: list[date]) -> None:
    """An imported year's schedule: dates of that year only, a day either off or on, not both."""
    outside = [d for d in [*holidays, *workdays] if d.year != year]
    if outside:
        raise RuleViolation(f"日期不属于 {year} 年：{outside[0].isoformat()}", code="calendar_wrong_year",
                            fields={"holidays": [f"只能填写 {year} 年的日期"]})
    both = set(holidays) & set(workdays)
    if both:
        raise RuleViolation(f"{min(both).isoformat()} 既是放假日又是调休上班日", code="calendar_conflict",
                            fields={"workdays": ["同一天不能既放假又上班"]})
    if not holidays:
        raise RuleViolation("请填写该年度的放假日期", fields={"holidays": ["至少一天"]})
