"""Where a test run keeps its data: SQLite in a file of its own, or the PostgreSQL and Redis of DATABASE_URL and
REDIS_URL. Under `pytest -n` (pytest-xdist) each worker gets its own database (`<name>_gw1`) and its own Redis
database number (REDIS_URL's minus the worker's number), since every test empties both."""
from __future__ import annotations

import os
import tempfile

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from server.config import normalize_db_url

WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")  # gw0, gw1, … under `pytest -n`; empty otherwise
WORKER_NUMBER = int(WORKER[2:]) if WORKER.startswith("gw") else 0


def database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{tempfile.gettempdir()}/party_quality_test_{os.getpid()}.sqlite3"
    parsed = make_url(normalize_db_url(url))
    # The suite empties every table: refuse a database whose name does not say it is for tests.
    if "test" not in (parsed.database or ""):
        raise pytest.UsageError(f"DATABASE_URL must name a test database (with 'test' in its name): {url}")
    if WORKER:
        parsed = parsed.set(database=f"{parsed.database}_{WORKER}")
    return parsed.render_as_string(hide_password=False)


def create_database_if_missing(url: str) -> None:
    """A worker's PostgreSQL database, made beside DATABASE_URL's on the same server."""
    parsed = make_url(url)
    engine = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": parsed.database}) is None:
            conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    engine.dispose()


def redis_url() -> str | None:
    url = os.environ.get("REDIS_URL")
    if not url or not WORKER_NUMBER:
        return url
    parsed = make_url(url.replace("redis://", "postgresql://", 1))  # only to read and set the path's number
    number = (int(parsed.database or 0) - WORKER_NUMBER) % 16
    return url.rsplit("/", 1)[0] + f"/{number}" if parsed.database else f"{url.rstrip('/')}/{number}"
