"""Slowing down guessing without refusing the owner of a valid credential.

Failures are counted per key (a client address, an account, or both) on flask-limiter's storage (Redis in
production, so every web process sees the same counts). Past a number of free failures the key must wait before
its next attempt, the wait doubling with each further failure up to a cap: guessing slows exponentially.

Two kinds of guard:
- `limit_failures` for codes too long to guess (vote codes: 84 random bits): every attempt is checked, a valid
  code is always accepted, and only further wrong codes from a client in its wait get 429. A meeting room behind
  one address is never refused for one person's typos.
- `guarded_bind` for bind codes (49 bits): while a client address or a bind ticket waits, attempts are refused
  unchecked.
- `Backoff` for passwords, which people choose and can be guessed: within its wait a (client, account) pair is
  refused unchecked; a client that failed often gets 429 for its wrong passwords, but a right password of
  another account from that address is accepted. The owner trying from another address is never affected by
  someone else's failures; an account failing from many addresses at once gives every address only one free
  failure.
"""
from __future__ import annotations

import functools
import hashlib
import logging
import math
import time
from dataclasses import dataclass

from flask import request
from limits import parse
from limits.storage import MemoryStorage
from redis.exceptions import RedisError

from server import settings
from server.domain.errors import DomainError, TooManyAttempts
from server.extensions import client_address, limiter

WINDOW_SECONDS = 15 * 60
# An account failing this often in a window, from anywhere, is under attack: each address gets one free failure.
HOT_ACCOUNT_FAILURES = 20
# flask-limiter's own per-route limits guard only the public pages; everywhere else its per-request bookkeeping
# is skipped (it cost a quarter of a ballot's CPU).
LIMITED_BLUEPRINTS = ("public", "public_tellers")


@limiter.request_filter
def _unlimited() -> bool:
    return request.blueprint not in LIMITED_BLUEPRINTS


log = logging.getLogger(__name__)
_memory = MemoryStorage()  # this process's counts while the shared storage is unreachable


class _DegradingStorage:
    """The limiter's storage (Redis in production); while it is unreachable, this process's memory, so that a
    cache being down slows guessing per process instead of locking everyone out of logging in."""

    def __getattr__(self, name):
        shared = getattr(limiter.limiter.storage, name)

        def call(*args, **kwargs):
            try:
                return shared(*args, **kwargs)
            except (RedisError, ConnectionError, TimeoutError):
                log.warning("rate-limit storage unreachable; counting in this process for now (%s)", name)
                return getattr(_memory, name)(*args, **kwargs)

        return call


_DEGRADING = _DegradingStorage()


def _storage():
    return _DEGRADING


def _too_many(wait: int) -> TooManyAttempts:
    return TooManyAttempts(f"尝试次数过多，请 {wait} 秒后再试", code="too_many_attempts", extra={"retry_after": wait})


@dataclass(frozen=True)
class Backoff:
    """Free failures per window, then a wait of base·2ⁿ seconds (n = failures past the free ones), at most cap."""

    scope: str
    free: int
    base: float
    cap: float = WINDOW_SECONDS

    def _key(self, key: str, part: str) -> str:
        return f"guess/{self.scope}/{part}/{key}"

    def wait(self, key: str) -> int:
        """Seconds this key must still wait before its next attempt (0: it may try now)."""
        storage = _storage()
        if not storage.get(self._key(key, "wait")):
            return 0
        return max(1, math.ceil(storage.get_expiry(self._key(key, "wait")) - time.time()))

    def fail(self, key: str, free: int | None = None) -> int:
        """Count a failure; past the free ones, start the key's wait. Returns the failures in the window."""
        storage = _storage()
        failures = storage.incr(self._key(key, "fails"), WINDOW_SECONDS)
        past = failures - (self.free if free is None else free)
        if past >= 0:
            storage.incr(self._key(key, "wait"), max(1, math.ceil(min(self.cap, self.base * 2 ** min(past, 30)))))
        return failures

    def clear(self, key: str) -> None:
        storage = _storage()
        storage.clear(self._key(key, "fails"))
        storage.clear(self._key(key, "wait"))

    def refuse_if_waiting(self, key: str) -> None:
        wait = self.wait(key)
        if wait:
            raise _too_many(wait)


def limit_failures(setting: str, scope: str, failed_status: int = 404):
    """Count a client's failures (`failed_status` answers) against the limit named by `setting`; past it, a wrong
    code is answered 429 with the time to wait. A valid code is always accepted: it is checked before the limit."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            try:
                return view(*args, **kwargs)
            except DomainError as error:
                if error.status != failed_status:
                    raise
                guard = code_backoff(setting, scope)
                key = client_address()
                waiting = guard.wait(key)
                guard.fail(key)
                if waiting:
                    raise _too_many(guard.wait(key) or waiting) from None
                raise

        return wrapper

    return decorator


def code_backoff(setting: str, scope: str) -> Backoff:
    """The guard of a code: the setting's amount of free failures, then waits from two seconds."""
    return Backoff(scope, free=parse(getattr(settings.current(), setting)).amount, base=2)


def guarded_password(account_key: str, check):
    """Run `check` (which raises Unauthorized or DomainError 422 on a wrong password) under the password guards:
    per (client, account) and per client, refused unchecked while waiting; a success clears the pair."""
    config = settings.current()
    base = config.login_backoff_seconds
    pair = Backoff("password-pair", free=parse(config.login_fails_per_account).amount, base=base)
    per_client = Backoff("password-client", free=parse(config.login_fails_per_client).amount, base=base)
    account = Backoff("password-account", free=HOT_ACCOUNT_FAILURES, base=0)
    client = client_address()
    pair_key = f"{account_key}|{client}"
    pair.refuse_if_waiting(pair_key)
    # An address that failed often (a meeting room, a guesser) waits for its wrong passwords only: a right one is
    # never refused for another account's failures (#24).
    client_wait = per_client.wait(client)
    try:
        result = check()
    except DomainError as error:
        if error.code == "bad_credentials":
            hot = account.fail(account_key) >= HOT_ACCOUNT_FAILURES
            pair.fail(pair_key, free=1 if hot else None)
            per_client.fail(client)
            if client_wait:
                raise _too_many(per_client.wait(client) or client_wait) from None
        raise
    pair.clear(pair_key)
    return result


def public_reads() -> str:
    """The limit of reads per client on the public pages (publicities, teller links, boards, web tickets)."""
    return settings.current().public_reads_per_client


def spend(setting: str, scope: str, key: str | None = None) -> None:
    """Count one use against the limit named by `setting` for `key` (the client by default); 429 beyond it. For
    public writes, whose own checks (such as a publicity's period) come first."""
    item = parse(getattr(settings.current(), setting))
    if not limiter.limiter.hit(item, scope, key or client_address()):
        raise TooManyAttempts("提交过于频繁，请稍后再试", code="too_many_attempts")


BIND_TICKET_FREE = 5  # one WeChat user's own typos before its ticket waits


def guarded_bind(ticket: str, check):
    """Run `check` (the bind, which raises 401 on a wrong code or ticket) under two guards that, while waiting,
    refuse unchecked (#24): per client address and per bind ticket (one WeChat user). A bind code has 49 bits, but
    checking every guess while waiting would let a guesser go on at full speed, learning only from a success."""
    per_client = code_backoff("bind_fails_per_client", "bind-client")
    per_ticket = Backoff("bind-ticket", free=BIND_TICKET_FREE, base=2)
    client, ticket_key = client_address(), hashlib.sha256(ticket.encode()).hexdigest()[:32]
    per_client.refuse_if_waiting(client)
    per_ticket.refuse_if_waiting(ticket_key)
    try:
        return check()
    except DomainError as error:
        if error.status == 401:
            per_client.fail(client)
            per_ticket.fail(ticket_key)
        raise
