"""Development record benchmarks on a city of realistic size. Run: .venv/bin/python tests/bench/bench_record.py

Needs PostgreSQL. The first run generates the city (`flask seed-scale`: 15,000 organizations, 300,000 people) into
the database party_quality_scale and keeps it; `--fresh` generates it again.
  record   GET /people/{id}/record for 300 people on the way to membership (target ≤ 50 ms)
  scan     the daily due scan over the whole city, first run and the next day's (target ≤ 60 s)
  import   the history import of 5,000 rows through the API (target ≤ 30 s)
"""
from __future__ import annotations

import io
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

DB_NAME = "party_quality_scale"
ENV = {"DATABASE_URL": f"postgresql://postgres@127.0.0.1:5432/{DB_NAME}", "SECRET_KEY": "bench-secret-key-0123456789abcdef",
       "APP_ENV": "benchmark", "PUBLIC_BASE_URL": "https://dangjian.example.cn", "REDIS_URL": ""}


def ensure_city(fresh: bool) -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DB_NAME,)).fetchone()
        if exists and not fresh:
            return
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB_NAME}")
    flask = [str(ROOT / ".venv/bin/flask"), "--app", "server"]
    env = {**os.environ, **ENV}
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    started = time.monotonic()
    subprocess.run([*flask, "seed-scale"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    print(f"seed-scale  15,000 organizations, 300,000 people generated in {time.monotonic() - started:.0f} s")


def token(app, username: str) -> dict:
    from server.extensions import db
    from server.models import Account
    from server.services.auth import issue_token

    with app.app_context():
        account = db.session.query(Account).filter_by(username=username).one()
        return {"Authorization": f"Bearer {issue_token(account)}"}


def bench_record(app, client) -> None:
    from sqlalchemy import select

    from server.extensions import db
    from server.models import Person

    headers = token(app, "scale_city")
    with app.app_context():
        ids = list(db.session.scalars(select(Person.id).where(Person.status.in_(["activist", "target", "probationary"]))))
    sample = random.Random(7).sample(ids, 300)
    client.get(f"/api/v1/people/{sample[0]}/record", headers=headers)  # warm the connection pool
    times = []
    for pid in sample:
        started = time.perf_counter()
        response = client.get(f"/api/v1/people/{pid}/record", headers=headers)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.json
    times.sort()
    print(f"record      300 people (city staff): p50 {statistics.median(times):.1f} ms, "
          f"p95 {times[int(len(times) * 0.95)]:.1f} ms, max {times[-1]:.1f} ms (target ≤ 50 ms)")


def bench_scan(app) -> None:
    from sqlalchemy import delete, func, select

    from server import clock
    from server.extensions import db
    from server.models import DueStep, Notice, Task
    from server.services import due

    with app.app_context():
        db.session.execute(delete(Task).where(Task.kind == "record_step"))
        db.session.execute(delete(DueStep))
        db.session.commit()
        for label, day in (("first run", clock.today()), ("next day ", clock.today() + timedelta(days=1))):
            started = time.monotonic()
            result = due.scan(db.session, day)
            db.session.commit()
            elapsed = time.monotonic() - started
            tasks = db.session.scalar(select(func.count()).select_from(Task).where(Task.kind == "record_step"))
            notices = db.session.scalar(select(func.count()).select_from(Notice).where(Notice.kind == "record_due"))
            print(f"scan        {label}: {elapsed:.1f} s — due within a week {result['due'] - result['overdue']:,}, "
                  f"overdue {result['overdue']:,}, new {result['new']:,}, done {result['gone']:,}; "
                  f"tasks {tasks:,}, notices {notices:,} (target ≤ 60 s)")


def bench_import(app, client) -> None:
    from openpyxl import Workbook
    from sqlalchemy import select

    from server.extensions import db
    from server.models import Account, Organization, Person
    from server.scale import ScaleCity

    headers = token(app, "scale_county")
    with app.app_context():
        county = db.session.get(Organization, db.session.query(Account).filter_by(username="scale_county").one().org_id)
        rows = db.session.execute(
            select(Person.name, Person.birth_date, Person.gender, Person.applied_at)
            .join(Organization, Organization.id == Person.org_id)
            .where(Organization.path.startswith(county.path), Person.status.in_(["member", "applicant"]),
                   Person.id_card_hash.is_not(None)).order_by(Person.id).limit(5000)).all()
    city = ScaleCity.__new__(ScaleCity)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["身份证号", "姓名", "2.党组织派人谈话"])
    for name, birth, gender, applied in rows:
        card = city._id_card(int(name[2:]), birth, gender == "male")
        sheet.append([card, name, ((applied or birth + timedelta(days=30 * 365)) + timedelta(days=20)).isoformat()])
    buffer = io.BytesIO()
    workbook.save(buffer)
    started = time.monotonic()
    response = client.post(f"/api/v1/orgs/{county.id}/record-history/import", headers=headers,
                           content_type="multipart/form-data", data={"file": (io.BytesIO(buffer.getvalue()), "纪实.xlsx")})
    elapsed = time.monotonic() - started
    assert response.status_code == 200, response.json
    print(f"import      {response.json['rows']:,} rows, {response.json['steps']:,} dates, "
          f"{len(response.json['flagged']):,} rows flagged: {elapsed:.1f} s (target ≤ 30 s)")


def main() -> None:
    ensure_city("--fresh" in sys.argv)
    os.environ.update(ENV)
    from server import create_app

    app = create_app({"ROSTER_MAX_ROWS": 5000})
    client = app.test_client()
    bench_record(app, client)
    bench_scan(app)
    bench_import(app, client)


if __name__ == "__main__":
    main()
