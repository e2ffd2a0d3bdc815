"""The home pages on a city of realistic size. Run: .venv/bin/python tests/bench/bench_home.py

Needs PostgreSQL and the city of `flask seed-scale` in party_quality_scale (tests/bench/bench_record.py makes it on
its first run). Runs the due scan once, books 30,000 meetings over the past and next year, then times what a home page
asks, for the city, a county and a branch secretary (median of 5, and what came back):
  home due   GET /record/due?limit=3 (the soonest three and the counts, as the home page asks)
  due page   GET /record/due (the steps due within a week and overdue, at most 1,000, and the counts)
  upcoming   GET /meetings?upcoming=true (the next meeting)
  schedule   GET /schedule (the city's administrators only)
"""
from __future__ import annotations

import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench.bench_record import ENV, ensure_city, token  # noqa: E402
from tests.bench.bench_stats import subprocess_upgrade  # noqa: E402

MEETINGS = 30_000


def book_meetings(app) -> int:
    from sqlalchemy import delete, insert, select

    from server.extensions import db
    from server.models import Meeting, MeetingReminder, Organization

    with app.app_context():
        db.session.execute(delete(MeetingReminder))
        db.session.execute(delete(Meeting).where(Meeting.title == "基准会议"))
        branches = list(db.session.scalars(select(Organization.id).where(Organization.level == "branch")))
        rng = random.Random(7)
        now = datetime.now(UTC)
        rows = [{"org_id": rng.choice(branches), "title": "基准会议", "kind": "branch_assembly",
                 "starts_at": now + timedelta(minutes=rng.randint(-525_600, 525_600))} for _ in range(MEETINGS)]
        db.session.execute(insert(Meeting), rows)
        db.session.commit()
    return MEETINGS


def timed(client, path, headers) -> tuple[float, int, int]:
    times, status, count = [], 0, 0
    for _ in range(5):
        start = time.perf_counter()
        response = client.get(path, headers=headers)
        times.append((time.perf_counter() - start) * 1000)
        status, count = response.status_code, len(response.json.get("items", response.json.get("entries", [])))
    return statistics.median(times), status, count


def main() -> None:
    ensure_city(False)
    os.environ.update(ENV)
    subprocess_upgrade()
    from server import create_app
    from server.extensions import db
    from server.services import due

    app = create_app({})
    client = app.test_client()
    with app.app_context():
        start = time.perf_counter()
        found = due.scan(db.session)
        db.session.commit()
        print(f"scan        due scan: {found['due']:,} due ({found['overdue']:,} overdue) in {time.perf_counter() - start:.1f} s")
    print(f"meetings    {book_meetings(app):,} booked over two years")
    for who in ("scale_city", "scale_county", "scale_secretary"):
        headers = token(app, who)
        for name, path in (("home due", "/api/v1/record/due?limit=3"), ("due page", "/api/v1/record/due"),
                           ("upcoming", "/api/v1/meetings?upcoming=true"),
                           ("schedule", "/api/v1/schedule")):
            ms, status, count = timed(client, path, headers)
            print(f"{name:<11} {who:<16} {ms:7.1f} ms  status={status} items={count}")
        summary = client.get("/api/v1/record/due?limit=3", headers=headers).json
        print(f"counts      {who:<16} total={summary['total']:,} overdue={summary['overdue']:,}")


if __name__ == "__main__":
    main()
