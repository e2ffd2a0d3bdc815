"""The ledger of the schedule's runs (server.domain.schedule): one claim per slot, the outcome of each run, and the
status the city's administrators and the health detail show.

A run claims its slot in the database before it starts: two workers whose schedulers both queued the same run make
one run, and a run still going (within its lease) keeps the next one from starting beside it."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server import clock, settings
from server.domain.schedule import SCHEDULE, Entry
from server.models import ScheduledRun
from server.services.scope import Principal, require_city_staff


def _ensure(db: Session, name: str) -> None:
    if db.get(ScheduledRun, name) is not None:
        return
    try:
        with db.begin_nested():
            db.add(ScheduledRun(name=name, runs=0, failures=0))
    except IntegrityError:  # another worker made it first
        pass


def claim(db: Session, entry: Entry, slot: datetime, now: datetime) -> bool:
    """Take the run of `slot`: False when it ran already, or an earlier run is still going within its lease."""
    _ensure(db, entry.name)
    taken = db.execute(update(ScheduledRun).where(
        ScheduledRun.name == entry.name,
        or_(ScheduledRun.last_slot.is_(None), ScheduledRun.last_slot < slot),
        or_(ScheduledRun.running_since.is_(None), ScheduledRun.running_since < now - entry.lease),
    ).values(last_slot=slot, running_since=now, last_started_at=now).execution_options(synchronize_session=False))
    return taken.rowcount == 1


def finish(db: Session, name: str, failed: dict[str, str], now: datetime) -> None:
    """Record a run's end; `failed` names each step that raised and the kind of its error (never its text: a
    database error's text may quote a row)."""
    db.execute(update(ScheduledRun).where(ScheduledRun.name == name).values(
        running_since=None, last_finished_at=now, failed_steps=failed or None, runs=ScheduledRun.runs + 1,
        failures=ScheduledRun.failures + (1 if failed else 0)).execution_options(synchronize_session=False))


def last_slot(db: Session, name: str) -> datetime | None:
    row = db.get(ScheduledRun, name)
    return row.last_slot if row is not None else None


def intervals() -> dict[str, int]:
    """The seconds of the entries that run every so often (their settings)."""
    config = settings.current()
    return {entry.name: int(getattr(config, entry.every_setting)) for entry in SCHEDULE if entry.every_setting}


def status(db: Session) -> list[dict]:
    """Each entry's last run, next run and state."""
    now, every = clock.now(), intervals()
    rows = {row.name: row for row in db.scalars(select(ScheduledRun))}
    return [_entry_status(entry, rows.get(entry.name), now, every.get(entry.name)) for entry in SCHEDULE]


def status_for(db: Session, principal: Principal | None) -> list[dict]:
    """The schedule as the city's administrators see it (市委组织部: they run the installation)."""
    require_city_staff(db, principal, "定时任务的运行情况仅市委组织部可以查看")
    return status(db)


def _entry_status(entry: Entry, row: ScheduledRun | None, now: datetime, every: int | None) -> dict:
    last = row.last_slot if row else None
    running = bool(row and row.running_since and now - row.running_since <= entry.lease)
    failed = (row.failed_steps or {}) if row else {}
    if running:
        state = "running"
    elif entry.late(last, now, every):
        state = "late"
    elif failed:
        state = "failed"
    elif row is None or row.last_finished_at is None:
        state = "never"
    else:
        state = "ok"
    due = entry.slot(now, every)
    next_run = entry.next_after(now, every) if last is not None and last >= due else due
    if not entry.cron and last is not None:
        next_run = max(last + timedelta(seconds=int(every or 1)), now)
    return {
        "name": entry.name, "label": entry.label, "description": entry.description, "state": state,
        "last_started_at": row.last_started_at if row else None,
        "last_finished_at": row.last_finished_at if row else None,
        "next_run_at": next_run, "runs": row.runs if row else 0, "failures": row.failures if row else 0,
        "steps": [{"name": step.name, "label": step.label, "failed": step.name in failed,
                   "error": failed.get(step.name)} for step in entry.steps],
    }
