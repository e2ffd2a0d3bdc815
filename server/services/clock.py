"""The current time, in one place so tests can move it."""
from __future__ import annotations

import time
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")


def timestamp() -> float:
    return time.time()


def now() -> datetime:
    return datetime.fromtimestamp(timestamp(), timezone.utc)


def china_date(moment: datetime) -> date:
    """The calendar date in China Standard Time (DESIGN.md: dates are CST dates)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(CHINA).date()
