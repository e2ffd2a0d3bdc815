"""The current time, in one place so tests can move it: every `now` and `today` of the server comes from here.

Dates are calendar dates in China Standard Time (Asia/Shanghai): "the day of issue" is that day there.
"""
from __future__ import annotations

import time
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")


def timestamp() -> float:
    return time.time()


def now() -> datetime:
    return datetime.fromtimestamp(timestamp(), UTC)


def today() -> date:
    """Today in China."""
    return china_date(now())


def china_date(moment: datetime) -> date:
    """The calendar date of a moment in China Standard Time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(CHINA).date()


def china_time(moment: datetime) -> datetime:
    return moment.astimezone(CHINA)


def china_start(day: date) -> datetime:
    """The moment a calendar day begins in China, for comparing with stored moments."""
    return datetime.combine(day, datetime.min.time(), tzinfo=CHINA)
