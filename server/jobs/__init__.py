"""Background jobs on rq; without REDIS_URL they run in-process (scheduled ones on a timer thread).

Jobs are thin wrappers over services. They are queued only from here and from the dispatch of events after a
commit (server.jobs.dispatch): services never import jobs.
"""
from __future__ import annotations

import contextlib
import threading
from datetime import datetime, timedelta

from flask import current_app, has_app_context

from server.services import clock

QUEUE_NAME = "default"
_registered_app = None


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


def enqueue(func, *args, **kwargs):
    """Queue a job (function + plain arguments), or run it now when there is no Redis."""
    queue = get_queue()
    if queue is None:
        return func(*args, **kwargs)
    return queue.enqueue(func, *args, **kwargs)


def enqueue_at(when: datetime, func, *args):
    """Run a job at a time (rq's scheduler: start workers with --with-scheduler)."""
    queue = get_queue()
    if queue is not None:
        return queue.enqueue_at(when, func, *args)
    delay = max(0.0, (when - clock.now()).total_seconds())
    app = current_app._get_current_object()

    def run():
        with app.app_context():
            func(*args)

    timer = threading.Timer(delay, run)  # development only: lost on restart, as the startup log warns
    timer.daemon = True
    timer.start()
    return timer


def enqueue_in(delay: timedelta, func, *args):
    if delay.total_seconds() <= 0:
        return enqueue(func, *args)
    return enqueue_at(clock.now() + delay, func, *args)


def next_daily_run(now: datetime, hour: int, minute: int = 0) -> datetime:
    """The next hour:minute, China time, after `now`."""
    local = clock.china_time(now)
    at = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return at if at > local else at + timedelta(days=1)


def schedule_daily(job_id: str, func, hour: int, minute: int = 0) -> None:
    """Book `func` for its next daily run under a fixed job id, once (workers call this when they start, and each
    run books the next)."""
    queue = get_queue()
    if queue is None:
        return
    from rq.exceptions import NoSuchJobError
    from rq.job import Job

    try:
        job = Job.fetch(job_id, connection=queue.connection)
        if job.get_status(refresh=True) in ("scheduled", "queued"):
            return
    except NoSuchJobError:
        pass
    queue.enqueue_at(next_daily_run(clock.now(), hour, minute), func, job_id=job_id)
