"""Notice benchmarks. Run: .venv/bin/python tests/bench/bench_notices.py [--runs 5] [--fault]

A notice to 10,000 recipients on PostgreSQL and Redis, with the fake WeChat gateway answering in 20 ms:
  accept     time for POST /notices to answer (recipients stored, dispatch queued)
  delivery   two `flask worker` processes push everything: pushes per second, and what counts most, pushes
             sent, duplicated and missing, with the deliveries left unsent in the database
  --fault    once a fifth is sent, one worker's work horse (and its rq scheduler) is killed with SIGKILL, then
             Redis is stopped for 30 s (SHUTDOWN SAVE, so the fake gateway's log of pushes survives, as with AOF)
             and started again; stops the machine's Redis: run it alone
Each run starts from a fresh database.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.bench.bench_voting import ENV, fresh_database  # noqa: E402

RECIPIENTS = 10_000


def main() -> None:
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 1
    fault = "--fault" in sys.argv
    totals = Counter()
    for run in range(1, runs + 1):
        print(f"--- run {run} of {runs}{' (fault: work horse killed, Redis stopped 30 s)' if fault else ''}")
        result = one_run(fault)
        totals.update(result)
    print(f"total over {runs} runs: sent={totals['sent']:,} duplicates={totals['duplicates']} "
          f"missing={totals['missing']} left unsent={totals['unsent']}")


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "--ppid", str(pid), "-o", "pid="], capture_output=True, text=True).stdout
    return [int(line) for line in out.split()]


def _stop_redis_for(seconds: int) -> None:
    """SHUTDOWN SAVE, wait, start it again as .ci/run starts it, with the saved data."""
    import redis

    admin = redis.Redis(host="127.0.0.1", port=6379)
    directory = admin.config_get("dir")["dir"]
    with contextlib.suppress(redis.ConnectionError):  # the answer to SHUTDOWN is the closed connection
        admin.shutdown(save=True)
    time.sleep(seconds)
    subprocess.run([shutil.which("redis-server"), "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379",
                    "--save", "", "--appendonly", "no", "--dir", directory, "--logfile",
                    "/var/log/redis/bench.log"], check=True)
    for _ in range(50):
        try:
            if admin.ping():
                return
        except redis.ConnectionError:
            time.sleep(0.2)


def one_run(fault: bool = False) -> Counter:
    os.environ.update(ENV)
    fresh_database()
    import redis
    from flask_migrate import upgrade
    from sqlalchemy import insert, select

    from server import create_app
    from server.extensions import db
    from server.models import Account, Organization, Person, SubscribeGrant, WechatBinding
    from server.services.auth import hash_password, issue_token

    app = create_app()
    client = app.test_client()
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        parent = None
        for name, level in (("市委组织部", "city"), ("县委组织部", "county"), ("党委", "committee"), ("支部", "branch")):
            org = Organization(name=name, level=level, sector="two_new", parent_id=parent.id if parent else None)
            db.session.add(org)
            db.session.flush()
            org.path = (parent.path if parent else "/") + f"{org.id}/"
            parent = org
        db.session.execute(insert(Person), [{"org_id": parent.id, "name": f"党员{i}", "status": "member",
                                              "committee_member": False, "status_since": date(2015, 1, 1)}
                                             for i in range(RECIPIENTS)])
        ids = list(db.session.scalars(select(Person.id).where(Person.org_id == parent.id)))
        db.session.execute(insert(WechatBinding), [{"person_id": pid, "mp_openid": f"mp-{pid}"} for pid in ids])
        db.session.execute(insert(SubscribeGrant), [{"person_id": pid, "template_id": "notice-subscribe", "remaining": 1}
                                                    for pid in ids])
        account = Account(username="bench", password_hash=hash_password("x" * 12), role="secretary", org_id=parent.id,
                          token_version=1, active=True)
        db.session.add(account)
        db.session.commit()
        token = issue_token(account)
        branch_id = parent.id
    log = redis.Redis.from_url(ENV["REDIS_URL"])
    start = time.perf_counter()
    response = client.post("/api/v1/notices", headers={"Authorization": f"Bearer {token}"}, json={
        "title": "关于开展主题党日活动的通知", "body": "请各位党员准时参加。", "audience": {"org_ids": [branch_id]}})
    accept = time.perf_counter() - start
    assert response.status_code == 201, response.json
    print(f"accept     notice to {response.json['recipient_count']:,} recipients: {accept * 1000:.0f} ms "
          f"(stored and dispatch queued; target <= 5000 ms)")
    env = {**os.environ, **ENV, "WECHAT_FAKE_LATENCY": "0.02", "WECHAT_FAKE_LOG_TO_REDIS": "1", "APP_ENV": "benchmark"}
    # Workers as in production (not --burst): a batch that fails is found by the reaper and pushed later, so the
    # run ends when no delivery is left queued or sending (or after 15 minutes), not when the queue is empty.
    command = [str(ROOT / ".venv/bin/flask"), "--app", "server", "worker"]
    start = time.perf_counter()
    workers = [subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
               for _ in range(2)]
    from sqlalchemy import func

    from server.models import Delivery

    planned, pending, faulted = 0, RECIPIENTS, not fault
    while (planned < RECIPIENTS or pending) and time.perf_counter() - start < 900:
        time.sleep(0.5)
        with app.app_context():  # the deliveries appear when a worker has dispatched the notice
            planned = db.session.scalar(select(func.count()).select_from(Delivery))
            pending = db.session.scalar(select(func.count()).select_from(Delivery)
                                        .where(Delivery.state.in_(["queued", "sending"])))
            db.session.remove()
        if not faulted and planned == RECIPIENTS and pending <= RECIPIENTS * 4 // 5:
            faulted = True
            killed = _children(workers[0].pid)
            for pid in killed:
                os.kill(pid, signal.SIGKILL)
            print(f"fault      {RECIPIENTS - pending:,} sent: killed {len(killed)} child process(es) of a worker "
                  f"(its work horse) at {time.perf_counter() - start:.1f} s; stopping Redis for 30 s")
            _stop_redis_for(30)
            print(f"fault      Redis is back at {time.perf_counter() - start:.1f} s")
    elapsed = time.perf_counter() - start
    time.sleep(2)  # a late duplicate would show up in the log now
    for worker in workers:
        worker.send_signal(signal.SIGTERM)
    for worker in workers:
        worker.wait(timeout=60)
    sent = [s.decode() for s in log.lrange("fake-wechat:sent", 0, -1)]
    duplicates = sum(n - 1 for n in Counter(sent).values() if n > 1)
    missing = RECIPIENTS - len(set(sent))
    with app.app_context():
        db.session.remove()
        unsent = db.session.query(Delivery).filter(Delivery.state != "sent").count()
        db.session.remove()
        db.engines[None].dispose()
    print(f"delivery   2 workers: {len(sent):,} pushes in {elapsed:.1f} s = {len(sent) / elapsed:.0f} pushes/s "
          f"(target >= 150/s), sent={len(set(sent)):,} duplicates={duplicates}, missing={missing}, "
          f"deliveries left unsent={unsent}")
    return Counter(sent=len(set(sent)), duplicates=duplicates, missing=missing, unsent=unsent)


if __name__ == "__main__":
    main()
