"""Background jobs on rq; without REDIS_URL they run in-process (scheduled ones on a timer thread).

Jobs are thin wrappers over services. They are queued only from here and from the dispatch of events after a
commit (server.jobs.dispatch): services never import jobs.
"""
from __future__ import annotations

import contextlib
import threading
import uuid
from datetime import UTC, datetime, timedelta

from flask import current_app, has_app_context

from server import clock

QUEUE_NAME = "default"
_registered_app = None
_timers: set[threading.Timer] = set()  # jobs booked in-process (no Redis), until they run


def init_app(app) -> None:
    global _registered_app
    _registered_app = app  # the app a job runs in when a worker has no app context of its own
    redis = app.extensions.get("redis")
    if redis is None or not app.config.get("RQ_ASYNC", True):
        app.logger.warning("REDIS_URL 未设置：后台任务将在 Web 进程内同步执行（仅适合开发和演示）")
        app.extensions["rq_queue"] = None
        return
    from rq import Queue

    app.extensions["rq_queue"] = Queue(QUEUE_NAME, connection=redis)


def get_queue():
    """The rq queue, or None when jobs run in-process."""
    return current_app.extensions.get("rq_queue")


@contextlib.contextmanager
def app_context():
    """The app a job runs in: the caller's (in-process, or the `flask worker` command's), else the last one built."""
    if has_app_context():
        yield current_app._get_current_object()
        return
    if _registered_app is None:
        raise RuntimeError("jobs need the app: start workers with `flask --app server worker`")
    with _registered_app.app_context():
        yield _registered_app


def new_job_id() -> str:
    """An id to record (with what the job will do) before the job is queued."""
    return uuid.uuid4().hex


def enqueue(func, *args, job_id: str | None = None, **kwargs):
    """Queue a job (function + plain arguments), or run it now when there is no Redis."""
    queue = get_queue()
    if queue is None:
        return func(*args, **kwargs)
    return queue.enqueue(func, *args, job_id=job_id, **kwargs)


def enqueue_at(when: datetime, func, *args, job_id: str | None = None):
    """Run a job at a time (rq's scheduler: start workers with --with-scheduler)."""
    queue = get_queue()
    if queue is not None:
        return queue.enqueue_at(when, func, *args, job_id=job_id)
    delay = max(0.0, (when - clock.now()).total_seconds())
    app = current_app._get_current_object()

    def run():
        try:
            with app.app_context():
                func(*args)
        finally:
            _timers.discard(timer)

    timer = threading.Timer(delay, run)  # development only: lost on restart, as the startup log warns
    timer.daemon = True
    _timers.add(timer)
    timer.start()
    return timer


def cancel_timers(wait: float = 10.0) -> int:
    """Drop the in-process timers not yet fired and wait for those running (the test suite, between tests: a timer
    left behind would write into the next test's data). Returns how many were dropped."""
    pending = list(_timers)
    for timer in pending:
        timer.cancel()
    for timer in pending:
        timer.join(wait)
    _timers.difference_update(pending)
    return len(pending)


def enqueue_in(delay: timedelta, func, *args, job_id: str | None = None):
    if delay.total_seconds() <= 0:
        return enqueue(func, *args, job_id=job_id)
    return enqueue_at(clock.now() + delay, func, *args, job_id=job_id)


LIVE_STATES = ("queued", "scheduled", "started", "deferred")
# A running job's worker beats every job_monitoring_interval (30 s) with a 90 s lease: a job "started" whose last
# beat is older than that lost its work horse and worker (killed), though rq's registry cleanup may take 10 minutes
# to say so. Its deliveries are queued again; a claim per delivery keeps a slow but living job from doubling them.
STARTED_LEASE = timedelta(seconds=90)


def alive(job_ids: list[str], now: datetime | None = None) -> set[str]:
    """Which of these jobs are still to run or running (in-process mode: none is pending)."""
    queue = get_queue()
    if queue is None or not job_ids:
        return set()
    from rq.job import Job

    now = now or datetime.now(UTC)
    return {job.id for job in Job.fetch_many(job_ids, connection=queue.connection)
            if job is not None and _living(job, now)}


def _living(job, now: datetime) -> bool:
    status = job.get_status(refresh=False)
    if status not in LIVE_STATES:
        return False
    if status != "started":
        return True
    beat = job.last_heartbeat or job.started_at
    if beat is None:
        return True
    beat = beat if beat.tzinfo else beat.replace(tzinfo=UTC)
    return now - beat <= STARTED_LEASE


def enqueue_once(job_id: str, func) -> None:
    """Queue `func` under a fixed id unless that job is still waiting (many closes, one VACUUM)."""
    queue = get_queue()
    if queue is None:
        func()
        return
    from rq.exceptions import NoSuchJobError
    from rq.job import Job

    try:
        if Job.fetch(job_id, connection=queue.connection).get_status(refresh=True) in ("queued", "scheduled"):
            return
    except NoSuchJobError:
        pass
    queue.enqueue(func, job_id=job_id)
