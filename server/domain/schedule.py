"""The schedule (定时任务): one table of what the workers run on their own, when, and in which order.

An entry runs as one job whose steps run in the table's order: the nightly warnings scan flags overdue warnings,
then the record's due scan lists overdue steps, then the criteria scan reads those overdue steps (seed 二(二)).
A step that raises is recorded and the next step still runs; the next slot comes whatever the last run did.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from croniter import croniter

from server.clock import CHINA


@dataclass(frozen=True)
class Step:
    name: str
    label: str


@dataclass(frozen=True)
class Entry:
    """A scheduled job: on a cron line in China time, or every `every_setting` seconds (a setting's name)."""

    name: str
    label: str
    steps: tuple[Step, ...]
    lease: timedelta  # a run older than this lost its worker: the next slot may run
    cron: str | None = None
    every_setting: str | None = None
    description: str = ""

    def slot(self, now: datetime, every: int | None = None) -> datetime:
        """The run this moment belongs to: the last cron time at or before `now`, or the interval's start."""
        if self.cron:
            return croniter(self.cron, now.astimezone(CHINA) + timedelta(seconds=1)).get_prev(datetime).astimezone(UTC)
        seconds = int(every or 1)
        return datetime.fromtimestamp(int(now.timestamp()) // seconds * seconds, tz=UTC)

    def next_after(self, moment: datetime, every: int | None = None) -> datetime:
        """The first slot after `moment`."""
        if self.cron:
            return croniter(self.cron, moment.astimezone(CHINA)).get_next(datetime).astimezone(UTC)
        return self.slot(moment, every) + timedelta(seconds=int(every or 1))

    def late(self, last_slot: datetime | None, now: datetime, every: int | None = None) -> bool:
        """No run for too long: a nightly slot half an hour past without its run, or ten intervals without a sweep
        (the workers are not running)."""
        if self.cron:
            due = self.slot(now)
            return (last_slot is None or last_slot < due) and now - due > CRON_GRACE
        return last_slot is None or now - last_slot > timedelta(seconds=10 * int(every or 1) + 60)


CRON_GRACE = timedelta(minutes=30)
SWEEP = Entry(
    name="sweep", label="到期与遗留工作", every_setting="push_reaper_seconds", lease=timedelta(seconds=60),
    description="每隔数秒：转交待发事件、补发中断的推送、发出到时的定时通知和会议提醒",
    steps=(Step("sweep", "转交事件、补发推送、定时通知与会议提醒"),))
NIGHTLY = Entry(
    name="nightly", label="夜间检查", cron="0 1 * * *", lease=timedelta(hours=2),
    description="每天 01:00（北京时间），按顺序执行",
    steps=(Step("warnings-overdue-scan", "预警整改逾期检查"),
           Step("record-due-scan", "发展程序到期检查与部门审查催办"),
           Step("criteria-scan", "预警条件扫描与季度报告提醒")))

SCHEDULE: tuple[Entry, ...] = (SWEEP, NIGHTLY)
BY_NAME = {entry.name: entry for entry in SCHEDULE}

STATES = {"ok": "正常", "running": "正在执行", "failed": "上次执行出错", "late": "未按时执行", "never": "尚未执行"}
