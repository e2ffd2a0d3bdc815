"""Two app servers and two workers on one PostgreSQL and Redis, as a city that outgrew one machine runs them: the
nightly scans run once, pushes go out exactly once, and a vote stays one per credential whichever server takes it."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests

from tests.conftest import IS_POSTGRES, base_config
from tests.e2e.test_production_server import _free_port

ROOT = Path(__file__).resolve().parents[2]
MEMBERS = 40
pytestmark = pytest.mark.skipif(not (IS_POSTGRES and os.environ.get("REDIS_URL")),
                                reason="two hosts share a real PostgreSQL and Redis (DATABASE_URL and REDIS_URL)")


def _urls() -> tuple[str, str]:
    database = urlsplit(os.environ["DATABASE_URL"])
    redis_url = urlsplit(os.environ["REDIS_URL"])
    return (urlunsplit(database._replace(path=database.path + "_hosts")),
            urlunsplit(redis_url._replace(path="/12")))  # not the tests' Redis database: the hosts' queue alone


def _fresh(database_url: str, redis_url: str) -> None:
    import psycopg
    import redis

    name = urlsplit(database_url).path.lstrip("/")
    admin = urlunsplit(urlsplit(database_url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    redis.Redis.from_url(redis_url).flushdb()


def _seed(app) -> dict:
    """A village branch whose members are bound in WeChat, and an open 两推荐 with a code for each member."""
    from datetime import UTC, datetime

    from flask_migrate import upgrade
    from sqlalchemy import insert, select

    from server.extensions import db
    from server.models import Account, Person, SubscribeGrant, WechatBinding
    from server.services import codes, lifecycle, meetings
    from server.services.auth import issue_token
    from tests.bench.village import rural_branch

    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        principal, branch_id = rural_branch(members=MEMBERS, mass_reps=0)
        members = list(db.session.scalars(select(Person.id).where(Person.org_id == branch_id,
                                                                  Person.status == "member")))
        db.session.execute(insert(WechatBinding), [{"person_id": pid, "mp_openid": f"mp-{pid}"} for pid in members])
        db.session.execute(insert(SubscribeGrant), [{"person_id": pid, "template_id": "notice-subscribe",
                                                     "remaining": 2} for pid in members])
        applicants = list(db.session.scalars(select(Person.id).where(Person.org_id == branch_id,
                                                                     Person.status == "applicant")))
        meeting = meetings.create_meeting(db.session, principal, org_id=branch_id, title="支部党员大会",
                                          kind="members_and_masses", starts_at=datetime.now(UTC))
        vote = meetings.create_session(db.session, principal, meeting.id, {
            "kind": "recommendation", "title": "推荐入党积极分子", "candidate_ids": applicants})
        made, _ = codes.create_codes(db.session, principal, vote.id, "member", MEMBERS)
        lifecycle.open_session(db.session, principal, vote.id, "群众代表另行推荐")
        token = issue_token(db.session.get(Account, principal.account_id))
        db.session.commit()
        return {"branch_id": branch_id, "session_id": vote.id, "codes": made, "candidate": applicants[0],
                "headers": {"Authorization": f"Bearer {token}"}, "openids": {f"mp-{pid}" for pid in members}}


@pytest.fixture
def two_hosts(tmp_path):
    from server import create_app

    database_url, redis_url = _urls()
    _fresh(database_url, redis_url)
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url, "APP_ENV": "development",
           "WECHAT_FAKE_LOG_TO_REDIS": "1", "WECHAT_FAKE_LATENCY": "0.005", "PUSH_REAPER_SECONDS": "1",
           "SECRET_KEY": "two-hosts-secret-key-0123456789abcdef"}
    app = create_app(base_config(SQLALCHEMY_DATABASE_URI=database_url, SECRET_KEY=env["SECRET_KEY"]))
    world = _seed(app)
    processes, bases = [], []
    for _ in range(2):
        port = _free_port()
        processes.append(subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "-c", "python:server.gunicorn_conf", "--workers", "2",
             "--bind", f"127.0.0.1:{port}", "server:create_app()"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        bases.append(f"http://127.0.0.1:{port}")
    for _ in range(2):
        processes.append(subprocess.Popen([sys.executable, "-m", "flask", "--app", "server", "worker"], cwd=ROOT,
                                          env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    for base in bases:
        _wait_until(lambda base=base: _answers(f"{base}/healthz"), 60)
    yield app, world, bases, redis_url
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
    with app.app_context():
        from server.extensions import db

        db.session.remove()
        db.engines[None].dispose()


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code in (200, 503)
    except requests.RequestException:
        return False


def _wait_until(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return predicate()


def test_two_app_servers_and_two_workers_make_one_of_each_thing(two_hosts):
    import redis
    from sqlalchemy import func, select

    from server.extensions import db
    from server.models import Ballot, Delivery, ScheduledRun, VotingCode

    app, world, bases, redis_url = two_hosts

    # Every code is cast at both servers at once: one ballot each.
    def cast_twice(code: str) -> list[int]:
        body = {"session_id": world["session_id"], "code": code, "answers": {"choices": [world["candidate"]]}}
        with ThreadPoolExecutor(2) as pool:
            return sorted(pool.map(lambda base: requests.post(f"{base}/api/v1/ballots", json=body,
                                                              timeout=30).status_code, bases))

    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(cast_twice, world["codes"]))
    assert all(pair[0] in (200, 201) and pair.count(201) == 1 for pair in statuses), Counter(map(tuple, statuses))

    # A notice posted to each server: every member gets each exactly once.
    for base in bases:
        posted = requests.post(f"{base}/api/v1/notices", headers=world["headers"], timeout=30, json={
            "title": "关于召开支部党员大会的通知", "body": "请准时参加。", "audience": {"org_ids": [world["branch_id"]]}})
        assert posted.status_code == 201, posted.text

    def counts():
        with app.app_context():
            sent = db.session.scalar(select(func.count()).select_from(Delivery).where(Delivery.state == "sent"))
            ran = db.session.scalar(select(func.coalesce(func.sum(ScheduledRun.runs), 0))
                                    .where(ScheduledRun.name == "nightly"))
            db.session.remove()
            return sent, ran

    assert _wait_until(lambda: counts() == (2 * MEMBERS, 1), 120), counts()
    time.sleep(3)  # a late double would show now
    log = Counter(s.decode().split(":", 1)[1] for s in redis.Redis.from_url(redis_url).lrange("fake-wechat:sent", 0, -1))
    assert set(log) == world["openids"] and set(log.values()) == {2}

    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Ballot)
                                 .where(Ballot.session_id == world["session_id"])) == MEMBERS
        assert db.session.scalar(select(func.count()).select_from(VotingCode)
                                 .where(VotingCode.used.is_(True))) == MEMBERS
        nightly = db.session.get(ScheduledRun, "nightly")
        # Both workers' schedules saw the first night unrun (an empty ledger) and booked it, unless the first had
        # already run it when the second looked: either way it ran once.
        assert nightly.runs == 1 and nightly.failed_steps is None
        db.session.remove()
    assert 1 <= redis.Redis.from_url(redis_url).zcard("rq:cron_job:nightly:jobs") <= 2
