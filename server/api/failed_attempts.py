"""Limits on failed attempts for the busiest public endpoints, on flask-limiter's own storage and strategy.

flask-limiter's per-route bookkeeping cost a quarter of a ballot's CPU; here a `test` (a Redis read) and
one `hit` per failure use the same `limits` engine and the same Redis, so the limits hold across every web
process. Successful requests are never counted: a meeting room shares one address. A client found under its
limit is not tested again for ALLOWED_FOR seconds in this process: the Redis read left the ballot's hot path,
and a client that reaches its limit is refused at most that much later.
"""
from __future__ import annotations

import functools
import time

from limits import parse

from server import settings
from server.domain.errors import DomainError, TooManyAttempts
from server.extensions import client_address, limiter

ALLOWED_FOR = 1.0
_allowed_until: dict[tuple[str, str], float] = {}


def _under_limit(item, scope: str, key: str) -> bool:
    now = time.monotonic()
    if _allowed_until.get((scope, key), 0.0) > now:
        return True
    if not limiter.limiter.test(item, scope, key):
        return False
    if len(_allowed_until) > 10_000:
        _allowed_until.clear()
    _allowed_until[(scope, key)] = now + ALLOWED_FOR
    return True


def limit_failures(setting: str, scope: str, failed_status: int = 404):
    """Refuse a client (429) once its failures reach the limit named by `setting`; count only `failed_status`."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            item = parse(getattr(settings.current(), setting))
            key = client_address()
            if not _under_limit(item, scope, key):
                raise TooManyAttempts("尝试次数过多，请稍后再试", code="too_many_attempts")
            try:
                return view(*args, **kwargs)
            except DomainError as error:
                if error.status == failed_status:
                    limiter.limiter.hit(item, scope, key)
                    _allowed_until.pop((scope, key), None)  # the next attempt asks Redis again
                raise

        return wrapper

    return decorator


def spend(setting: str, scope: str, key: str | None = None) -> None:
    """Count one use against the limit named by `setting` for `key` (the client by default); 429 beyond it. For
    public writes, whose own checks (such as a publicity's period) come first."""
    item = parse(getattr(settings.current(), setting))
    if not limiter.limiter.hit(item, scope, key or client_address()):
        raise TooManyAttempts("提交过于频繁，请稍后再试", code="too_many_attempts")
