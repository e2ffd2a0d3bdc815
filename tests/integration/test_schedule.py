"""The schedule: one table on rq's cron scheduler, one run per slot across workers, failed runs recorded and followed
by the next, missed nights caught up, Redis outages and data loss survived, and the runs shown to the city."""
from __future__ import annotations

import os
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
import redis
from rq import Queue

from server import clock
from server.domain.schedule import NIGHTLY
from server.extensions import db
from server.jobs import schedule
from server.models import ScheduledRun
from tests.conftest import IS_POSTGRES

NIGHT = datetime(2026, 12, 7, 17, 5, tzinfo=UTC)  # 01:05 on 8 December in China


@pytest.fixture
def at(monkeypatch):
    def move(moment: datetime) -> None:
        monkeypatch.setattr(clock, "timestamp", lambda: moment.timestamp())
    return move


@pytest.fixture
def counted(monkeypatch):
    """The nightly steps replaced by counters (the scans themselves are tested where they live)."""
    calls: list[str] = []
    functions = {name: (lambda name=name: calls.append(name)) for name in schedule.step_functions()}
    monkeypatch.setattr(schedule, "step_functions", lambda: functions)
    return calls, functions


def ledger(app, name="nightly") -> ScheduledRun | None:
    with app.app_context():
        row = db.session.get(ScheduledRun, name)
        db.session.expunge_all()
        return row


def test_the_nightly_steps_run_in_the_tables_order_once_per_night(app, at, counted):
    calls, _ = counted
    at(NIGHT)
    assert schedule.run_entry("nightly") == {"ran": True, "failed": []}
    assert schedule.run_entry("nightly") == {"ran": False}  # a second worker's booking of the same night
    assert calls == ["warnings-overdue-scan", "record-due-scan", "criteria-scan"]
    at(NIGHT + timedelta(days=1))
    assert schedule.run_entry("nightly")["ran"] is True
    row = ledger(app)
    assert row.runs == 2 and row.failures == 0 and row.running_since is None


def test_a_step_that_raises_is_recorded_without_its_text_and_the_next_step_and_night_still_run(app, at, counted):
    calls, functions = counted

    def broken():
        raise ValueError("身份证号 450102199001011234 不合法")  # an error's text may quote a row

    functions["record-due-scan"] = broken
    at(NIGHT)
    assert schedule.run_entry("nightly") == {"ran": True, "failed": ["record-due-scan"]}
    assert calls == ["warnings-overdue-scan", "criteria-scan"]
    row = ledger(app)
    assert row.failed_steps == {"record-due-scan": "ValueError"} and row.failures == 1
    functions["record-due-scan"] = lambda: calls.append("record-due-scan")
    at(NIGHT + timedelta(days=1))
    assert schedule.run_entry("nightly")["ran"] is True
    assert ledger(app).failed_steps is None


def test_a_run_still_going_keeps_the_next_slot_from_starting_beside_it_until_its_lease_ends(app, at, counted):
    at(NIGHT)
    with app.app_context():
        db.session.add(ScheduledRun(name="nightly", last_slot=NIGHTLY.slot(NIGHT) - timedelta(days=1),
                                    running_since=NIGHT - timedelta(minutes=10), runs=0, failures=0))
        db.session.commit()
    assert schedule.run_entry("nightly") == {"ran": False}
    at(NIGHT + NIGHTLY.lease)  # its worker died: the lease ends
    assert schedule.run_entry("nightly")["ran"] is True


@pytest.mark.skipif(not IS_POSTGRES, reason="two workers at once need PostgreSQL's row locks")
def test_two_workers_running_the_same_night_at_once_make_one_run(app, at, counted):
    calls, functions = counted
    started = threading.Barrier(2)
    at(NIGHT)
    outcomes = []

    def worker():
        with app.app_context():
            started.wait()
            outcomes.append(schedule.run_entry("nightly")["ran"])

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == [False, True]
    assert calls == ["warnings-overdue-scan", "record-due-scan", "criteria-scan"]


def keeper(app):
    return schedule.keeper_for(app)


def nightly_job(k):
    return next(job for job in k.get_jobs() if job.name == "nightly")


def test_a_night_missed_while_no_worker_ran_is_booked_when_a_worker_starts(make_app, redis_client, at):
    app = make_app(RQ_ASYNC=True)
    at(NIGHT + timedelta(hours=8))
    with app.app_context():
        db.session.add(ScheduledRun(name="nightly", last_slot=NIGHTLY.slot(NIGHT) - timedelta(days=1), runs=1,
                                    failures=0))
        db.session.commit()
    assert nightly_job(keeper(app)).should_run()
    with app.app_context():
        db.session.get(ScheduledRun, "nightly").last_slot = NIGHTLY.slot(NIGHT)
        db.session.commit()
    booked = keeper(app)
    assert not nightly_job(booked).should_run()
    assert nightly_job(booked).next_enqueue_time == NIGHTLY.slot(NIGHT) + timedelta(days=1)


def test_the_schedule_waits_out_a_redis_outage_and_books_once_redis_is_back(make_app, redis_client, at):
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    app = make_app(RQ_ASYNC=True)
    at(NIGHT)
    k = keeper(app)
    dead = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2, retry=Retry(NoBackoff(), 0))
    k.connection = dead
    assert k.tick(app) == schedule.TICK_SECONDS  # no exception: the thread lives on
    assert Queue("default", connection=redis_client).count == 0
    k.connection = redis_client
    k.tick(app)
    queued = Queue("default", connection=redis_client).get_jobs()
    assert sorted(job.args[0] for job in queued) == ["nightly", "sweep"]


def test_a_booked_night_that_redis_lost_before_it_ran_is_booked_again(make_app, redis_client, at):
    app = make_app(RQ_ASYNC=True)
    at(NIGHT)
    k = keeper(app)
    k.tick(app)
    redis_client.flushdb()  # Redis restarted without its data
    k.tick(app)
    assert "nightly" in [job.args[0] for job in Queue("default", connection=redis_client).get_jobs()]


def test_the_city_sees_each_runs_last_and_next_time_and_what_failed(app, client, world, at, counted):
    _, functions = counted
    functions["criteria-scan"] = lambda: 1 / 0
    at(NIGHT)
    schedule.run_entry("nightly")
    response = client.get("/api/v1/schedule", headers=world.headers("city_staff"))
    assert response.status_code == 200
    nightly = next(e for e in response.json["entries"] if e["name"] == "nightly")
    assert nightly["state"] == "failed" and nightly["label"] == "夜间检查"
    assert [s["error"] for s in nightly["steps"]] == [None, None, "ZeroDivisionError"]
    assert nightly["next_run_at"].startswith("2026-12-08T17:00")
    sweep = next(e for e in response.json["entries"] if e["name"] == "sweep")
    assert sweep["state"] == "late"  # no worker has ever swept
    assert client.get("/api/v1/schedule", headers=world.headers("county_a_staff")).status_code == 403
    assert client.get("/api/v1/schedule").status_code == 401
    detail = client.get("/healthz/detail")
    assert detail.status_code == 200 and detail.json["status"] == "degraded"  # the service answers; a run is late
    assert {e["name"]: e["state"] for e in detail.json["schedule"]} == {"sweep": "late", "nightly": "failed"}
    assert "steps" not in detail.json["schedule"][0]  # the public detail names no step and no error


def test_the_health_detail_is_ok_when_every_run_is_on_time(app, client, at, counted):
    at(NIGHT)
    schedule.run_entry("nightly")
    schedule.run_entry("sweep")
    detail = client.get("/healthz/detail")
    assert detail.status_code == 200, detail.json
    assert {e["state"] for e in detail.json["schedule"]} == {"ok"}


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="the schedule's process books into a real Redis")
def test_a_workers_schedule_runs_in_a_process_of_its_own_not_a_thread_a_work_horse_could_fork_from(make_app,
                                                                                                   redis_client):
    before = threading.active_count()
    app = make_app(RQ_ASYNC=True)
    keeper = schedule.start_keeper(app)
    try:
        assert keeper.pid != os.getpid() and threading.active_count() == before
        queue = Queue("default", connection=redis_client)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and "sweep" not in [job.args[0] for job in queue.get_jobs()]:
            time.sleep(0.2)
        assert "sweep" in [job.args[0] for job in queue.get_jobs()]
    finally:
        keeper.terminate()
        keeper.join(5)
    assert not keeper.is_alive()


def test_a_worker_starts_the_schedules_process_again_at_its_maintenance_when_it_died(make_app, redis_client):
    from server.jobs.worker import Worker

    started = []

    class Dead:
        def is_alive(self):
            return False

    worker = Worker(["default"], connection=redis_client)
    worker.keep_schedule = lambda: started.append(1) or Dead()
    worker.ensure_schedule()
    worker.run_maintenance_tasks()  # its process died (killed, out of memory): the next maintenance starts another
    assert len(started) == 2


def test_a_worker_that_quits_on_a_redis_error_starts_again_and_stops_when_told(monkeypatch, redis_client):
    from datetime import datetime

    from server.jobs import worker as worker_module

    rounds = []

    def work(self, **_):
        rounds.append(self.name)
        if len(rounds) == 1:
            raise redis.exceptions.ConnectionError("Redis went away")  # rq's teardown raises it during an outage
        self._shutdown_requested_date = datetime.now(UTC)  # then SIGTERM

    monkeypatch.setattr(worker_module.Worker, "work", work)
    monkeypatch.setattr(worker_module, "RESTART_AFTER", 0)
    worker_module.run(Queue("default", connection=redis_client), burst=False)
    assert len(rounds) == 2 and rounds[0] != rounds[1]
