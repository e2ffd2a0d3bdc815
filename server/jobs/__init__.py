"""Background jobs on rq; without REDIS_URL they run in-process (scheduled ones on a timer thread)."""
from __future__ import annotations

import contextlib
import threading
from datetime import datetime, timedelta, timezone

from flask import current_app, g, has_app_context, has_request_context

QUEUE_NAME = "default"
_worker_app = None


def init_app(app) -> None:
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
    """The app a job runs in: the caller's when in-process, one created once per worker process otherwise."""
    global _worker_app
    if has_app_context():
        yield current_app._get_current_object()
        return
    if _worker_app is None:
        from server import create_app

        _worker_app = create_app()
    with _worker_app.app_context():
        yield _worker_app


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
    delay = max(0.0, (when - datetime.now(timezone.utc)).total_seconds())
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
    return enqueue_at(datetime.now(timezone.utc) + delay, func, *args)


def after_commit(func, *args, when: datetime | None = None) -> None:
    """Queue a job once the request's transaction has committed (a worker must find what the request wrote).
    Outside a request it is queued at once."""
    if not has_request_context():
        enqueue_at(when, func, *args) if when else enqueue(func, *args)
        return
    g.setdefault("deferred_jobs", []).append((when, func, args))


def run_deferred() -> None:
    """Called by the request's transaction hook after a successful commit."""
    for when, func, args in g.pop("deferred_jobs", []):
        enqueue_at(when, func, *args) if when else enqueue(func, *args)
