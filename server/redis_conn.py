"""The app's Redis connection, or None when REDIS_URL is not set."""
from __future__ import annotations

from flask import current_app

REDIS_CONNECT_TIMEOUT = 2  # seconds


def get_redis():
    """Return the Redis client bound to the current app, or None."""
    return current_app.extensions.get("redis")


def connect(app) -> None:
    """Create (lazily connecting) Redis client from REDIS_URL, or a test-provided one."""
    if "redis" in app.extensions:
        return
    if app.config.get("REDIS_CLIENT") is not None:  # tests hand in fakeredis or a real client
        app.extensions["redis"] = app.config["REDIS_CLIENT"]
        return
    url = app.config.get("REDIS_URL")
    if url:
        import redis

        # An unreachable Redis host fails a request's hand-over in seconds, not after the system's TCP timeout
        # (minutes); the outbox keeps what could not be handed over. No read timeout: workers block on dequeue.
        app.extensions["redis"] = redis.Redis.from_url(url, socket_connect_timeout=REDIS_CONNECT_TIMEOUT)
    else:
        app.extensions["redis"] = None
