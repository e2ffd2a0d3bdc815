"""Chinese working days (工作日), from chinese-calendar: holidays off, make-up weekend days (调休) on.

For a year the library has no data for, Monday–Friday is used and the caller is told, so the warning
can say its deadline was computed without the official holiday calendar.
"""
from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar


def is_working_day(day: date) -> tuple[bool, bool]:
    """(is a working day, the official calendar was used)."""
    try:
        return chinese_calendar.is_workday(day), True
    except NotImplementedError:
        return day.weekday() < 5, False


def nth_working_day_after(start: date, n: int) -> tuple[date, bool]:
    """The n-th working day after `start` (start itself not counted), and whether every day counted came
    from the official calendar."""
    day, counted, official = start, 0, True
    while counted < n:
        day += timedelta(days=1)
        working, known = is_working_day(day)
        official = official and known
        if working:
            counted += 1
    return day, official
