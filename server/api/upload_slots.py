"""Few spreadsheet imports at a time, across every web process: reading a large workbook takes a worker for
seconds (tests/bench/bench_uploads.py), and the workers must stay free for ballots. An import beyond the slots is
answered 503 with the seconds to wait, never queued behind the others."""
from __future__ import annotations

import functools
import threading

from server.domain.errors import ServiceUnavailable
from server.redis_conn import get_redis

IMPORT_SLOTS = 2
SLOT_KEY = "upload-slots:imports"
SLOT_TTL = 120  # a process that died holding a slot gives it back when the key expires
_local = threading.BoundedSemaphore(IMPORT_SLOTS)  # without Redis: this process only


def _busy() -> ServiceUnavailable:
    return ServiceUnavailable("系统正在处理其他表格导入，请 10 秒后重试", code="imports_busy",
                              extra={"retry_after": 10})


def one_of_few_imports(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        redis = get_redis()
        if redis is None:
            if not _local.acquire(blocking=False):
                raise _busy()
            try:
                return view(*args, **kwargs)
            finally:
                _local.release()
        taken = redis.incr(SLOT_KEY)
        redis.expire(SLOT_KEY, SLOT_TTL)
        try:
            if taken > IMPORT_SLOTS:
                raise _busy()
            return view(*args, **kwargs)
        finally:
            redis.decr(SLOT_KEY)

    return wrapper
