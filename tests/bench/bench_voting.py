"""Voting benchmarks. Run: .venv/bin/python tests/bench/bench_voting.py [--rounds 5] [--http-only]

Needs the machine's PostgreSQL and Redis and `wrk` (apt-get install wrk). Builds a fresh database
`party_quality_bench`, serves the app with gunicorn (5 gevent workers for 2 cores, as production) and, beside it, the bare
ceiling (tests/bench/bare_app.py: Flask + a psycopg pool + one INSERT, 5 workers too), and prints:
  burst      1,000 voters at the same moment, one ballot each with its own code: accepted, stored, time
  rounds     cast and bare alternating, 50 connections for 6 s each round: requests/s, p50, p99, the ratio
  close      close + tally + publish of a session with 1,000 ballots and 10 candidates, every run
  slips      the code slips PDF for 300 codes
Every figure that can lose or double work is counted (ballots stored, codes used, non-201 answers).
"""
from __future__ import annotations

import http.client
import json
import os
import re
import selectors
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.bench.village import rural_branch  # noqa: E402

PORT = 8765
BARE_PORT = 8766
# As server/gunicorn_conf.py: 2 x cores + 1 gevent workers, heartbeat files in memory (BENCH_WORKERS="-w 5
# --worker-tmp-dir /dev/shm" measures the sync workers of before).
WORKERS = os.environ.get("BENCH_WORKERS", "-w 5 --worker-tmp-dir /dev/shm -k server.gunicorn_worker.SlowClientSafeWorker "
                         "--worker-connections 1000").split()
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
    from sqlalchemy import text

    from server.extensions import db

    upgrade(directory=str(ROOT / "migrations"))
    db.session.execute(text('CREATE TABLE bare_ballots (id varchar(32) PRIMARY KEY, session_id integer, '
                            '"group" varchar(10), answers text, receipt_hash varchar(64) UNIQUE)'))
    db.session.commit()
    return rural_branch(members=25, mass_reps=mass_reps)


def new_session(app, principal, branch_id, codes_needed: int) -> tuple[int, list[str], list[int]]:
    """An open 两推荐 with `codes_needed` mass representatives' codes (made as create_codes makes them, but
    written with COPY: the benchmark needs far more codes than a meeting, quickly)."""
    from sqlalchemy import select

    from server.extensions import db
    from server.models import Person
    from server.services import lifecycle, meetings

    applicants = list(db.session.scalars(select(Person.id).where(Person.org_id == branch_id,
                                                                 Person.status == "applicant").order_by(Person.id)))
    meeting = meetings.create_meeting(db.session, principal, org_id=branch_id, title="基准测试会议",
                                      kind="members_and_masses", starts_at=datetime.now(UTC))
    vote = meetings.create_session(db.session, principal, meeting.id, {"kind": "recommendation", "title": "两推荐",
                                                                       "candidate_ids": applicants})
    created = mass_codes(principal, vote.id, codes_needed)
    lifecycle.open_session(db.session, principal, vote.id, "基准测试")
    db.session.commit()
    return vote.id, created, applicants


def mass_codes(principal, session_id: int, count: int) -> list[str]:
    """`count` mass representatives' codes of a session, as create_codes makes them but written with COPY."""
    from server import clock
    from server.domain import credentials
    from server.extensions import db
    from server.models import CodeBatch
    from server.services.codes import code_hash

    batch = CodeBatch(session_id=session_id, group="mass", count=count, codes_enc=None,
                      slips_expire_at=clock.now(), created_by=principal.account_id)
    db.session.add(batch)
    db.session.flush()
    created = [credentials.new_code("mass") for _ in range(count)]
    raw = db.session.connection().connection.driver_connection
    with raw.cursor() as cursor, cursor.copy('COPY voting_codes (session_id, batch_id, "group", code_hash, used) '
                                             "FROM STDIN") as copy:
        for code in created:
            copy.write_row((session_id, batch.id, "mass", code_hash(code), False))
    return created


def start_gunicorn(target: str, port: int):
    env = {**os.environ, **ENV}
    process = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), *WORKERS, "-b", f"127.0.0.1:{port}",
                                "--log-level", "warning", target], cwd=ROOT, env=env)
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", "/healthz")
            if conn.getresponse().status in (200, 404):
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit(f"gunicorn {target} did not start")


def burst(session_id: int, codes: list[str], candidate: int, answers_per_code: list[dict] | None = None) -> dict:
    """Every voter's connection is open first; then all requests go out at once, from one thread with
    non-blocking sockets (a thread per voter would measure this machine's two cores, not the server). Time
    from the first request sent to the last answer read. Each voter ticks `candidate`, or sends their own answers."""
    selector = selectors.DefaultSelector()
    sockets = []
    for number, code in enumerate(codes):
        answers = answers_per_code[number] if answers_per_code else {"choices": [candidate]}
        body = json.dumps({"session_id": session_id, "code": code, "answers": answers}).encode()
        request = (f"POST /api/v1/ballots HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                   f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode() + body
        sock = socket.create_connection(("127.0.0.1", PORT))
        sock.setblocking(False)
        sockets.append((sock, request))
    answers: dict = {}
    start = time.perf_counter()
    for sock, request in sockets:
        sock.setblocking(True)
        sock.sendall(request)  # a few hundred bytes (an encrypted ballot a few KB): the socket buffer takes it at once
        sock.setblocking(False)
        selector.register(sock, selectors.EVENT_READ, sock)
        answers[sock] = b""
    last = start
    open_count = len(sockets)
    while open_count:
        for key, _ in selector.select(timeout=30):
            chunk = key.data.recv(65536)
            if chunk:
                answers[key.data] += chunk
            else:
                selector.unregister(key.data)
                key.data.close()
                open_count -= 1
                last = time.perf_counter()
    statuses = [int(a.split(b" ", 2)[1]) if a.startswith(b"HTTP/") else 0 for a in answers.values()]
    return {"accepted": statuses.count(201), "other": len(statuses) - statuses.count(201), "seconds": last - start}


def wrk(script: str, port: int, path: str, *args, seconds: int = 6) -> dict:
    command = ["wrk", "-t2", "-c50", f"-d{seconds}s", "--latency", "-s", str(ROOT / "tests/bench" / script),
               f"http://127.0.0.1:{port}{path}"]
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


def bench_close(app, principal, branch_id, runs: int) -> list[float]:
    """Close + tally + publish of a session with 1,000 ballots over 10 candidates, `runs` times."""
    import random

    from server.extensions import db
    from server.services import casting, lifecycle

    timings = []
    for _ in range(runs):
        sid, codes, candidates = new_session(app, principal, branch_id, 1000)
        for code in codes:
            casting.cast(db.session, None, vote_id=sid, code=code,
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
    from server.adapters import slips
    from server.domain import credentials

    codes = [credentials.new_code("mass") for _ in range(300)]
    text = slips.SlipText("2026 年南宁市某村党员和群众代表会议", "推荐入党积极分子", "群众代表", ENV["PUBLIC_BASE_URL"] + "/h5/vote")
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        pdf = slips.render(text, [(c, f"{ENV['PUBLIC_BASE_URL']}/h5/vote#code={c}") for c in codes])
        timings.append((time.perf_counter() - start) * 1000)
    print(f"slips      300 codes: {len(pdf) / 1024:.0f} KiB, pages={len(re.findall(rb'/Type /Page[^s]', pdf))}")
    return timings


def rounds(app, principal, branch_id, candidate: int, count: int) -> None:
    """Cast and bare alternating, both servers up: each round, then the median ratio."""
    ratios = []
    for number in range(1, count + 1):
        with app.app_context():
            sid, codes, _ = new_session(app, principal, branch_id, 40_000)
        codes_file = Path(tempfile.mkstemp(suffix=".txt")[1])
        codes_file.write_text("\n".join(codes))
        try:
            cast = wrk("cast.lua", PORT, "/api/v1/ballots", sid, codes_file, 2, candidate)
        finally:
            codes_file.unlink()
        stored, used = count_ballots(sid)
        bare = wrk("bare.lua", BARE_PORT, "/bare")
        ratio = cast["rps"] / bare["rps"]
        ratios.append(ratio)
        print(f"round {number}    cast {cast['rps']:.0f} req/s p50={float(cast['p50_ms']):.1f} ms "
              f"p99={float(cast['p99_ms']):.1f} ms non201={cast['non201']} stored={stored} used_codes={used} "
              f"requests={cast['requests']} | bare {bare['rps']:.0f} req/s p50={float(bare['p50_ms']):.1f} ms "
              f"p99={float(bare['p99_ms']):.1f} ms non2xx={bare['non2xx']} | ratio {ratio:.0%}", flush=True)
    print(f"ratio      cast / bare, median of {count} rounds = {statistics.median(ratios):.0%} "
          f"(each: {', '.join(f'{r:.0%}' for r in ratios)}; target >= 70 %)")


def main() -> None:
    only_http = "--http-only" in sys.argv  # skip close and slips (quicker A/B runs of the cast path)
    count = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 5
    os.environ.update(ENV)
    fresh_database()
    from server import create_app

    app = create_app()
    with app.app_context():
        principal, branch_id = build(app, mass_reps=1_000)
        bursts = [new_session(app, principal, branch_id, 1_000) for _ in range(3)]
    candidates = bursts[0][2]
    if os.environ.get("BENCH_SQL"):  # experiments: e.g. BENCH_SQL="DROP INDEX ix_ballots_session_group"
        import psycopg

        with psycopg.connect(ENV["DATABASE_URL"], autocommit=True) as conn:
            conn.execute(os.environ["BENCH_SQL"])
    server = start_gunicorn("tests.bench.bench_app:app", PORT)
    bare_server = start_gunicorn("tests.bench.bare_app:app", BARE_PORT)
    try:
        for number, (burst_sid, burst_codes, _) in enumerate(bursts, 1):  # the first meets cold workers
            b = burst(burst_sid, burst_codes, candidates[0])
            stored, used = count_ballots(burst_sid)
            print(f"burst {number}    1,000 voters at once: accepted={b['accepted']} other={b['other']} "
                  f"stored={stored} used_codes={used} first-request-to-last-answer={b['seconds'] * 1000:.0f} ms "
                  f"(target <= 1000 ms)", flush=True)
        profiler = None
        if os.environ.get("BENCH_PROFILE"):  # where the cast path spends its CPU: py-spy's collapsed stacks
            profiler = subprocess.Popen([str(ROOT / ".venv/bin/py-spy"), "record", "--pid", str(server.pid),
                                         "--subprocesses", "-d", "9", "-r", "200", "-f", "raw", "-o",
                                         os.environ["BENCH_PROFILE"]], stdout=subprocess.DEVNULL)
        rounds(app, principal, branch_id, candidates[1], count)
        if profiler:
            profiler.wait(30)
    finally:
        for process in (server, bare_server):
            process.terminate()
            process.wait(10)
    if only_http:
        return
    with app.app_context():
        timings = bench_close(app, principal, branch_id, runs=5)
    print(f"close      close+tally+publish, 1,000 ballots x 10 candidates: "
          f"{', '.join(f'{t:.0f}' for t in timings)} ms (max {max(timings):.0f} ms; target <= 100 ms every run)")
    timings = bench_slips()
    print(f"slips      render: {', '.join(f'{t:.0f}' for t in timings)} ms (target <= 3000 ms)")


if __name__ == "__main__":
    main()
