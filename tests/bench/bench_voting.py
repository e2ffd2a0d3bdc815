"""Voting benchmarks (issue 3). Run: .venv/bin/python tests/bench/bench_voting.py

Needs the machine's PostgreSQL and Redis and `wrk` (apt-get install wrk). Builds a fresh database
`party_quality_bench`, serves the app with gunicorn (5 sync workers for 2 cores), and prints:
  burst      300 voters at the same moment, one ballot each with its own code
  sustained  50 concurrent clients for 10 s casting, against a minimal insert-one-row endpoint
  close      close + tally + publish of a session with 1,000 ballots and 10 candidates
  slips      the code slips PDF for 300 codes
"""
from __future__ import annotations

import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
PORT = 8765
# As server/gunicorn_conf.py: 2 x cores + 1 sync workers, heartbeat files in memory.
WORKERS = os.environ.get("BENCH_WORKERS", "-w 5 --worker-tmp-dir /dev/shm").split()
DB_NAME = "party_quality_bench"
ENV = {
    "DATABASE_URL": f"postgresql://postgres@127.0.0.1:5432/{DB_NAME}",
    "REDIS_URL": "redis://127.0.0.1:6379/13",  # not the tests' database (14): a test run must not empty it
    "SECRET_KEY": "bench-secret-key-0123456789abcdef",
    "APP_ENV": "benchmark",
    "PUBLIC_BASE_URL": "https://dangjian.example.cn",
}


def fresh_database() -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB_NAME}")
    import redis

    redis.Redis.from_url(ENV["REDIS_URL"]).flushdb()


def build(app, mass_reps: int):
    """A rural branch with members, ten eligible applicants and many mass representatives."""
    from flask_migrate import upgrade
    from sqlalchemy import insert, text

    from server.extensions import db
    from server.models import Account, Organization, Person
    from server.services.auth import hash_password, principal_for_account

    upgrade(directory=str(ROOT / "migrations"))
    db.session.execute(text("CREATE TABLE bench_rows (id serial PRIMARY KEY, note text)"))
    parent = None
    for name, level in (("市委组织部", "city"), ("县委组织部", "county"), ("镇党委", "committee"), ("村党支部", "branch")):
        org = Organization(name=name, level=level, sector="rural", parent_id=parent.id if parent else None)
        db.session.add(org)
        db.session.flush()
        org.path = (parent.path if parent else "/") + f"{org.id}/"
        parent = org
    branch = parent
    people = [{"org_id": branch.id, "name": f"党员{i}", "status": "member", "committee_member": i < 5,
               "status_since": date(2010, 1, 1)} for i in range(25)]
    people += [{"org_id": branch.id, "name": f"申请人{i}", "status": "applicant", "committee_member": False,
                "applied_at": date.today() - timedelta(days=300)} for i in range(10)]
    people += [{"org_id": branch.id, "name": f"代表{i}", "status": "mass_rep", "committee_member": False}
               for i in range(mass_reps)]
    db.session.execute(insert(Person), people)
    account = Account(username="bench", password_hash=hash_password("x" * 12), role="secretary", org_id=branch.id,
                      token_version=1, active=True)
    db.session.add(account)
    db.session.commit()
    return principal_for_account(db.session, account), branch.id


def new_session(app, principal, branch_id, codes_needed: int) -> tuple[int, list[str], list[int]]:
    from sqlalchemy import select

    from server.extensions import db
    from server.models import Person
    from server.services import codes, lifecycle, meetings

    applicants = list(db.session.scalars(select(Person.id).where(Person.org_id == branch_id,
                                                                 Person.status == "applicant").order_by(Person.id)))
    meeting = meetings.create_meeting(db.session, principal, org_id=branch_id, title="基准测试会议",
                                      kind="members_and_masses", starts_at=datetime.now(UTC))
    vote = meetings.create_session(db.session, principal, meeting.id, {"kind": "recommendation", "title": "两推荐",
                                                                       "candidate_ids": applicants})
    created = []
    while len(created) < codes_needed:
        batch, _ = codes.create_codes(db.session, principal, vote.id, "mass", min(1000, codes_needed - len(created)),
                                      ENV["PUBLIC_BASE_URL"])
        created += batch
    lifecycle.open_session(db.session, principal, vote.id, "基准测试")
    db.session.commit()
    return vote.id, created, applicants


def start_gunicorn():
    env = {**os.environ, **ENV}
    process = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), *WORKERS, "-b", f"127.0.0.1:{PORT}",
                                "--log-level", "warning", "tests.bench.bench_app:app"], cwd=ROOT, env=env)
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=1)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("gunicorn did not start")


def burst(session_id: int, codes: list[str], candidate: int) -> dict:
    """Every voter sends at the same moment; time from the first request to the last answer."""
    barrier = threading.Barrier(len(codes))
    sent, answered, statuses = [], [], []
    lock = threading.Lock()

    def vote(code):
        body = json.dumps({"session_id": session_id, "code": code, "answers": {"choices": [candidate]}})
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        barrier.wait()
        start = time.perf_counter()
        conn.request("POST", "/api/v1/ballots", body, {"Content-Type": "application/json"})
        status = conn.getresponse().status
        with lock:
            sent.append(start)
            answered.append(time.perf_counter())
            statuses.append(status)

    threads = [threading.Thread(target=vote, args=(c,)) for c in codes]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"accepted": statuses.count(201), "other": len(statuses) - statuses.count(201),
            "seconds": max(answered) - min(sent)}


def wrk(script: str, path: str, *args) -> dict:
    command = ["wrk", "-t2", "-c50", "-d10s", "--latency", "-s", str(ROOT / "tests/bench" / script),
               f"http://127.0.0.1:{PORT}{path}"]
    if args:
        command += ["--", *map(str, args)]
    output = subprocess.run(command, capture_output=True, text=True, timeout=60).stdout
    result = dict(re.findall(r"(\w+)=([\d.]+)", output.split("RESULT", 1)[1]))
    result["rps"] = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return result


def count_ballots(session_id: int) -> tuple[int, int]:
    """Ballots and used codes, read in one snapshot after the last requests in flight have finished."""
    import psycopg

    time.sleep(1)
    with psycopg.connect(ENV["DATABASE_URL"]) as conn:
        return conn.execute("SELECT (SELECT count(*) FROM ballots WHERE session_id = %(s)s), "
                            "(SELECT count(*) FROM voting_codes WHERE session_id = %(s)s AND used)",
                            {"s": session_id}).fetchone()


def bench_close(app, principal, branch_id) -> list[float]:
    """Close + tally + publish of a session with 1,000 ballots over 10 candidates, three times."""
    import random

    from server.extensions import db
    from server.services import casting, lifecycle

    timings = []
    for _ in range(3):
        sid, codes, candidates = new_session(app, principal, branch_id, 1000)
        for code in codes:
            casting.cast(db.session, None, session_id=sid, code=code,
                         answers={"choices": random.sample(candidates, random.randint(0, 5))})
        db.session.commit()
        start = time.perf_counter()
        lifecycle.close_session(db.session, principal, sid)
        db.session.commit()
        lifecycle.publish_session(db.session, principal, sid)
        db.session.commit()
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def bench_slips() -> list[float]:
    from server.domain import credentials
    from server.services import slips

    codes = [credentials.new_code("mass") for _ in range(300)]
    text = slips.SlipText("2026 年南宁市某村党员和群众代表会议", "推荐入党积极分子", "群众代表", ENV["PUBLIC_BASE_URL"] + "/h5/vote")
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        pdf = slips.render(text, [(c, f"{ENV['PUBLIC_BASE_URL']}/h5/vote#code={c}") for c in codes])
        timings.append((time.perf_counter() - start) * 1000)
    print(f"slips      300 codes: {len(pdf) / 1024:.0f} KiB, pages={len(re.findall(rb'/Type /Page[^s]', pdf))}")
    return timings


def main() -> None:
    only_http = "--http-only" in sys.argv  # skip close and slips (quicker A/B runs of the cast path)
    os.environ.update(ENV)
    fresh_database()
    from server import create_app

    app = create_app()
    with app.app_context():
        principal, branch_id = build(app, mass_reps=40_000 if not only_http else 20_000)
        burst_sid, burst_codes, candidates = new_session(app, principal, branch_id, 300)
        sustained_sid, sustained_codes, _ = new_session(app, principal, branch_id, 30_000 if not only_http else 15_000)
    if os.environ.get("BENCH_SQL"):  # experiments: e.g. BENCH_SQL="DROP INDEX ix_ballots_session_group"
        import psycopg

        with psycopg.connect(ENV["DATABASE_URL"], autocommit=True) as conn:
            conn.execute(os.environ["BENCH_SQL"])
    codes_file = Path(tempfile.mkstemp(suffix=".txt")[1])
    codes_file.write_text("\n".join(sustained_codes))
    server = start_gunicorn()
    try:
        b = burst(burst_sid, burst_codes, candidates[0])
        stored, used = count_ballots(burst_sid)
        print(f"burst      300 voters at once: accepted={b['accepted']} other={b['other']} stored={stored} "
              f"used_codes={used} first-request-to-last-answer={b['seconds'] * 1000:.0f} ms (target <= 1500 ms)")
        profiler = None
        if os.environ.get("BENCH_PROFILE"):  # where the cast path spends its CPU: py-spy's collapsed stacks
            profiler = subprocess.Popen([str(ROOT / ".venv/bin/py-spy"), "record", "--pid", str(server.pid),
                                         "--subprocesses", "-d", "9", "-r", "200", "-f", "raw", "-o",
                                         os.environ["BENCH_PROFILE"]], stdout=subprocess.DEVNULL)
        cast = wrk("cast.lua", "/api/v1/ballots", sustained_sid, codes_file, 2, candidates[1])
        if profiler:
            profiler.wait(30)
        stored, used = count_ballots(sustained_sid)
        minimal = wrk("minimal.lua", "/bench/minimal")
        print(f"sustained  cast, 50 clients 10 s: {cast['rps']:.0f} req/s p50={float(cast['p50_ms']):.1f} ms "
              f"p99={float(cast['p99_ms']):.1f} ms non201={cast['non201']} stored={stored} used_codes={used} "
              f"(requests={cast['requests']})")
        print(f"sustained  minimal insert, 50 clients 10 s: {minimal['rps']:.0f} req/s "
              f"p50={float(minimal['p50_ms']):.1f} ms p99={float(minimal['p99_ms']):.1f} ms")
        print(f"ratio      cast / minimal = {cast['rps'] / minimal['rps']:.0%} (target >= 50 %, p99 <= 120 ms)")
    finally:
        server.terminate()
        server.wait(10)
        codes_file.unlink()
    if only_http:
        return
    with app.app_context():
        timings = bench_close(app, principal, branch_id)
    print(f"close      close+tally+publish, 1,000 ballots x 10 candidates: "
          f"{', '.join(f'{t:.0f}' for t in timings)} ms (median {statistics.median(timings):.0f} ms; target <= 300 ms)")
    timings = bench_slips()
    print(f"slips      render: {', '.join(f'{t:.0f}' for t in timings)} ms (target <= 3000 ms)")


if __name__ == "__main__":
    main()
