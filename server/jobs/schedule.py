"""The schedule on rq's cron scheduler: each worker books the table of server.domain.schedule from a process of its
own, and the ledger (services.schedule_ledger) makes each slot one run however many workers booked it.

The booking survives what used to end it: a Redis outage is waited out (the next tick books again), a run that
raises is recorded and tomorrow comes anyway, a slot missed while no worker ran is run when one starts (the ledger,
in the database, remembers the last slot even when Redis loses its data), and a booked job that Redis lost is
booked again."""
from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import time
from collections.abc import Callable
from datetime import UTC, datetime

from rq.cron import CronJob, CronScheduler

from server import clock, jobs
from server.domain.schedule import BY_NAME, SCHEDULE
from server.extensions import db
from server.services import schedule_ledger

log = logging.getLogger(__name__)
TICK_SECONDS = 5  # how often a scheduler looks again (a Redis outage costs at most this much after it ends)


def step_functions() -> dict[str, Callable[[], object]]:
    from server.jobs.notices import sweep
    from server.jobs.records import scan_due_steps
    from server.jobs.warnings import scan_criteria, scan_overdue_warnings

    return {"sweep": sweep, "warnings-overdue-scan": scan_overdue_warnings, "record-due-scan": scan_due_steps,
            "criteria-scan": scan_criteria}


def run_entry(name: str) -> dict:
    """Run an entry's steps in order, once per slot; a step that raises is recorded and the next step runs."""
    entry = BY_NAME[name]
    with jobs.app_context():
        now = clock.now()
        slot = entry.slot(now, schedule_ledger.intervals().get(name))
        claimed = schedule_ledger.claim(db.session, entry, slot, now)
        db.session.commit()
        if not claimed:
            return {"ran": False}
        functions = step_functions()
        failed: dict[str, str] = {}
        for step in entry.steps:
            try:
                functions[step.name]()
            except Exception as error:  # the next step and the next slot still come
                db.session.rollback()
                log.exception("scheduled step %s failed", step.name)
                failed[step.name] = type(error).__name__
        schedule_ledger.finish(db.session, name, failed, clock.now())
        db.session.commit()
        return {"ran": True, "failed": sorted(failed)}


class ChinaCronJob(CronJob):
    """rq's cron job with its cron line read in China time (rq reads it in UTC)."""

    def get_next_enqueue_time(self) -> datetime:
        if self.cron:
            return BY_NAME[self.args[0]].next_after(self.latest_enqueue_time or clock.now())
        return super().get_next_enqueue_time()


class ScheduleKeeper(CronScheduler):
    """rq's cron scheduler, booking the table and never dying of a Redis outage."""

    def __init__(self, connection, queue_name: str, last_slots: dict[str, datetime | None], every: dict[str, int]):
        super().__init__(connection=connection, name="")
        self.booked: dict[str, str] = {}  # entry -> the rq job last booked for it
        for entry in SCHEDULE:
            job = ChinaCronJob(queue_name=queue_name, func=run_entry, args=(entry.name,), name=entry.name,
                               cron=entry.cron, interval=every.get(entry.name), job_timeout=int(
                                   entry.lease.total_seconds()))
            if entry.cron:  # from the last run the ledger knows: a slot missed while no worker ran comes now
                job.set_enqueue_time(last_slots.get(entry.name) or entry.slot(clock.now()) - entry.lease)
            self._cron_jobs.append(job)

    def enqueue_jobs(self) -> list[CronJob]:
        booked = []
        for job in self._cron_jobs:
            if job.should_run():
                self.booked[job.name] = job.enqueue(self.connection).id
                job.set_enqueue_time(datetime.now(UTC))
                booked.append(job)
        return booked

    def rebook_lost(self, last_slots: dict[str, datetime | None]) -> None:
        """A nightly run booked but gone from Redis (its data lost) before it ran is booked again."""
        for job in self._cron_jobs:
            entry = BY_NAME[job.name]
            booked = self.booked.get(job.name)
            if not entry.cron or booked is None:
                continue
            ran = last_slots.get(job.name)
            if (ran is None or ran < entry.slot(clock.now())) and not jobs.alive([booked]):
                job.set_enqueue_time(ran or entry.slot(clock.now()) - entry.lease)

    def tick(self, app) -> float:
        """Book what is due; a Redis or database outage is logged and waited out."""
        try:
            with app.app_context():
                slots = {entry.name: schedule_ledger.last_slot(db.session, entry.name) for entry in SCHEDULE}
                db.session.rollback()
                self.rebook_lost(slots)
            self.enqueue_jobs()
        except Exception as error:
            log.warning("schedule tick failed (%s); trying again", type(error).__name__)
            return TICK_SECONDS
        return min(self.calculate_sleep_interval(), TICK_SECONDS)


def keeper_for(app) -> ScheduleKeeper:
    with app.app_context():
        queue = jobs.get_queue()
        slots = {entry.name: schedule_ledger.last_slot(db.session, entry.name) for entry in SCHEDULE}
        db.session.rollback()
        return ScheduleKeeper(queue.connection, queue.name, slots, schedule_ledger.intervals())


def start_keeper(app) -> multiprocessing.Process:
    """The schedule's own process beside a worker. Not a thread of the worker: rq forks a work horse for every
    job, and a fork taken while a thread holds a lock (a pool's, a connection's) leaves the horse waiting for it
    forever. It ends with the worker (terminated, or on noticing its parent gone)."""
    parent = os.getpid()

    def loop():
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # ^C goes to the worker, which then terminates this
        keeper = None
        while os.getppid() == parent:
            try:
                keeper = keeper or keeper_for(app)
            except Exception as error:  # the database is not there yet
                log.warning("schedule not started (%s); trying again", type(error).__name__)
                time.sleep(TICK_SECONDS)
                continue
            time.sleep(keeper.tick(app))

    process = multiprocessing.get_context("fork").Process(target=loop, name="schedule", daemon=True)
    process.start()
    return process
