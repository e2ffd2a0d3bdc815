"""Background jobs on rq; without REDIS_URL they run in-process, synchronously."""
from __future__ import annotations

from flask import current_app

QUEUE_NAME = "default"


def init_app(app) -> None:
    redis = app.extensions.get("redis")
    if redis is None:
        app.logger.warning("REDIS_URL 未设置：后台任务将在 Web 进程内同步执行（仅适合开发和演示）")
        app.extensions["rq_queue"] = None
        return
    from rq import Queue

    app.extensions["rq_queue"] = Queue(QUEUE_NAME, connection=redis)


def get_queue():
    """The rq queue, or None when jobs run in-process."""
    return current_app.extensions.get("rq_queue")


def enqueue(func, *args, **kwargs):
    """Queue a job (function + plain arguments), or run it now when there is no Redis."""
    queue = get_queue()
    if queue is None:
        return func(*args, **kwargs)
    return queue.enqueue(func, *args, **kwargs)
