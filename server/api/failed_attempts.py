"""Limits on failed attempts for the busiest public endpoints, on flask-limiter's own storage and strategy.

flask-limiter's per-route bookkeeping cost a quarter of a ballot's CPU; here one `test` per request (a
single Redis read) and one `hit` per failure use the same `limits` engine and the same Redis, so the limits
hold across every web process. Successful requests are never counted: a meeting room shares one address.
"""
from __future__ import annotations

import functools

from flask import current_app
from limits import parse

from server.domain.errors import DomainError, TooManyAttempts
from server.extensions import client_address, limiter


def limit_failures(config_key: str, scope: str, failed_status: int = 404):
    """Refuse a client (429) once its failures reach the configured limit; count only `failed_status`."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            item = parse(current_app.config[config_key])
            key = client_address()
            if not limiter.limiter.test(item, scope, key):
                raise TooManyAttempts("尝试次数过多，请稍后再试", code="too_many_attempts")
            try:
                return view(*args, **kwargs)
            except DomainError as error:
                if error.status == failed_status:
                    limiter.limiter.hit(item, scope, key)
                raise

        return wrapper

    return decorator
