"""The push pipeline on Redis with an rq burst worker, the real wechatpy gateway and WeChat intercepted."""
import json

import pytest
import responses
from rq import Queue, SimpleWorker

from server.extensions import db
from server.jobs.worker import Worker
from server.models import Delivery, SubscribeGrant, WechatBinding

API = "https://api.weixin.qq.com"


@pytest.fixture
def app(make_app):
    return make_app(RQ_ASYNC=True, WECHAT_MP_APPID="wx-mp", WECHAT_MP_SECRET="mp-secret",
                    WECHAT_OA_APPID="wx-oa", WECHAT_OA_SECRET="oa-secret")


class BoundedSimpleWorker(SimpleWorker):
    """rq's in-process worker with the bounded stop of server.jobs.worker.Worker (else a burst may end after a
    60 s sleep of rq's command thread)."""

    unsubscribe = Worker.unsubscribe


def run_worker(app, redis_client):
    with app.app_context():
        BoundedSimpleWorker([Queue("default", connection=redis_client)], connection=redis_client).work(burst=True)


@responses.activate
def test_every_recipient_is_pushed_exactly_once_through_rq(app, client, branch, redis_client, monkeypatch):
    from server.adapters import pushes

    monkeypatch.setattr(pushes, "BACKOFF_SECONDS", 0)
    subscribed, official = branch.members[1:4], branch.members[4:6]
    with app.app_context():
        for i, pid in enumerate(subscribed):
            db.session.add(WechatBinding(person_id=pid, mp_openid=f"mp-{i}"))
            db.session.add(SubscribeGrant(person_id=pid, template_id="notice-subscribe", remaining=1))
        for i, pid in enumerate(official):
            db.session.add(WechatBinding(person_id=pid, oa_openid=f"oa-{i}"))
        db.session.commit()
    responses.add(responses.GET, f"{API}/cgi-bin/token", json={"access_token": "T", "expires_in": 7200})
    responses.add(responses.POST, f"{API}/cgi-bin/message/subscribe/send", json={"errcode": 45009, "errmsg": "busy"})
    responses.add(responses.POST, f"{API}/cgi-bin/message/subscribe/send", json={"errcode": 0})
    responses.add(responses.POST, f"{API}/cgi-bin/message/template/send", json={"errcode": 43101, "errmsg": "refuse"})
    responses.add(responses.POST, f"{API}/cgi-bin/message/template/send", json={"errcode": 0, "msgid": 1})
    notice = client.post("/api/v1/notices", headers=branch.headers(), json={
        "title": "会议通知", "body": "周五开会", "audience": {"person_ids": subscribed + official}}).json
    assert Queue("default", connection=redis_client).count == 1  # queued after the request committed
    run_worker(app, redis_client)
    calls = [json.loads(c.request.body) for c in responses.calls if "/send" in c.request.url]
    delivered = [c for c, r in zip(calls, [c for c in responses.calls if "/send" in c.request.url], strict=True)
                 if json.loads(r.response.text).get("errcode", 0) == 0]
    # Pushes run several at a time, so which template message met the refusal (43101) is not fixed.
    touched = sorted(c["touser"] for c in delivered)
    assert touched[:3] == ["mp-0", "mp-1", "mp-2"] and touched[3] in ("oa-0", "oa-1") and len(touched) == 4
    with app.app_context():
        states = sorted((d.channel, d.state, d.error_code) for d in db.session.query(Delivery))
    assert states == [("subscribe", "sent", None)] * 3 + [("template", "failed", 43101), ("template", "sent", None)]
    stats = client.get(f"/api/v1/notices/{notice['id']}/stats", headers=branch.headers()).json
    assert stats["deliveries"] == {"subscribe": {"sent": 3}, "template": {"failed": 1, "sent": 1}}
    run_worker(app, redis_client)  # nothing left: running again sends nothing more
    assert len([c for c in responses.calls if "/send" in c.request.url]) == len(calls)


needs_redis = pytest.mark.skipif(not __import__("os").environ.get("REDIS_URL"),
                                 reason="needs a real Redis shared with worker processes (set REDIS_URL)")


@needs_redis
def test_a_worker_killed_mid_batch_leaves_every_recipient_exactly_one_push(make_app, branch, redis_client):
    import os
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import DATABASE_URL, base_config

    app = make_app(RQ_ASYNC=True)
    people = branch.members[1:] + branch.probationary  # 11 recipients
    with app.app_context():
        for pid in people:
            db.session.add(WechatBinding(person_id=pid, mp_openid=f"mp-{pid}"))
            db.session.add(SubscribeGrant(person_id=pid, template_id="notice-subscribe", remaining=1))
        db.session.commit()
    response = app.test_client().post("/api/v1/notices", headers=branch.headers(), json={
        "title": "会议通知", "body": "周五开会", "audience": {"person_ids": people}})
    assert response.status_code == 201
    env = {"PATH": os.environ.get("PATH", ""), "DATABASE_URL": DATABASE_URL, "REDIS_URL": os.environ["REDIS_URL"],
           "SECRET_KEY": base_config()["SECRET_KEY"], "WECHAT_FAKE_LATENCY": "0.3", "WECHAT_FAKE_LOG_TO_REDIS": "1",
           "PUSH_THREADS": "1", "PUSH_STUCK_SECONDS": "1"}
    command = [sys.executable, "-m", "flask", "--app", "server", "worker", "--burst"]
    # its own process group, so the kill takes the work horse (the forked child running the batch) with it
    first = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)
    deadline = time.monotonic() + 60
    while redis_client.llen("fake-wechat:sent") < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(first.pid, signal.SIGKILL)  # in the middle of the batch: no clean-up runs
    first.wait()
    pushed_before = redis_client.llen("fake-wechat:sent")
    assert 3 <= pushed_before < len(people)
    time.sleep(1.5)  # past PUSH_STUCK_SECONDS: the delivery that was in flight counts as stuck
    second = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
    assert second.returncode == 0
    pushed = [p.decode() for p in redis_client.lrange("fake-wechat:sent", 0, -1)]
    assert sorted(pushed) == sorted(f"subscribe:mp-{pid}" for pid in people)  # every recipient exactly once
    with app.app_context():
        assert {d.state for d in db.session.query(Delivery)} == {"sent"}


@needs_redis
def test_a_killed_workers_pushes_are_reaped_within_seconds_by_a_running_worker(make_app, branch, redis_client):
    """No worker needs to start again: the periodic reaper of the one still running returns the dead claim."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import DATABASE_URL, base_config

    app = make_app(RQ_ASYNC=True)
    people = branch.members[1:] + branch.probationary
    with app.app_context():
        for pid in people:
            db.session.add(WechatBinding(person_id=pid, mp_openid=f"mp-{pid}"))
            db.session.add(SubscribeGrant(person_id=pid, template_id="notice-subscribe", remaining=1))
        db.session.commit()
    assert app.test_client().post("/api/v1/notices", headers=branch.headers(), json={
        "title": "会议通知", "body": "周五开会", "audience": {"person_ids": people}}).status_code == 201
    env = {"PATH": os.environ.get("PATH", ""), "DATABASE_URL": DATABASE_URL, "REDIS_URL": os.environ["REDIS_URL"],
           "SECRET_KEY": base_config()["SECRET_KEY"], "WECHAT_FAKE_LATENCY": "0.3", "WECHAT_FAKE_LOG_TO_REDIS": "1",
           "PUSH_THREADS": "1", "PUSH_STUCK_SECONDS": "2", "PUSH_REAPER_SECONDS": "1"}
    command = [sys.executable, "-m", "flask", "--app", "server", "worker"]
    first = subprocess.Popen([*command, "--burst"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)  # the kill takes its work horse too
    deadline = time.monotonic() + 60
    while redis_client.llen("fake-wechat:sent") < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    killed_at = time.monotonic()
    second = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while redis_client.llen("fake-wechat:sent") < len(people) and time.monotonic() - killed_at < 60:
            time.sleep(0.1)
        recovered_in = time.monotonic() - killed_at
        time.sleep(1.5)  # a duplicate, if any, would show up now
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=30)
    pushed = [p.decode() for p in redis_client.lrange("fake-wechat:sent", 0, -1)]
    assert sorted(pushed) == sorted(f"subscribe:mp-{pid}" for pid in people)  # every recipient exactly once
    print(f"every push out {recovered_in:.1f} s after the kill")


def test_the_reaper_returns_dead_claims_and_orphaned_deliveries_but_not_live_ones(app, branch):
    from datetime import timedelta

    from sqlalchemy import update

    from server import clock
    from server.adapters import pushes
    from server.models import Notice, NoticeRecipient

    with app.app_context():
        notice = Notice(org_id=branch.org_id, title="t", body="b", state="sent", audience={})
        db.session.add(notice)
        db.session.flush()
        rows = {}
        for name, pid in zip(("dead_claim", "fresh_claim", "orphan", "live_job", "unnamed"), branch.members[1:6],
                             strict=True):
            recipient = NoticeRecipient(notice_id=notice.id, person_id=pid)
            db.session.add(recipient)
            db.session.flush()
            delivery = Delivery(recipient_id=recipient.id, channel="subscribe", state="queued", attempts=0)
            db.session.add(delivery)
            db.session.flush()
            rows[name] = delivery.id
        db.session.execute(update(Delivery).where(Delivery.id.in_([rows["dead_claim"], rows["fresh_claim"]]))
                           .values(state="sending", job_id="gone"))
        db.session.execute(update(Delivery).where(Delivery.id == rows["dead_claim"])
                           .values(updated_at=clock.now() - timedelta(seconds=60)))
        pushes.assign_job(db.session, [rows["orphan"]], "crashed-job")
        pushes.assign_job(db.session, [rows["live_job"]], "running-job")
        assert pushes.expire_claims(db.session, 30) == 1
        reaped = pushes.orphans(db.session, lambda ids: {"running-job"} & set(ids))
        assert sorted(reaped) == sorted([rows["dead_claim"], rows["orphan"], rows["unnamed"]])
        assert db.session.get(Delivery, rows["fresh_claim"]).state == "sending"


def test_a_forked_child_never_uses_the_parents_database_connections(app):
    import os

    from sqlalchemy import text

    with app.app_context():
        engine = db.engine
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        assert engine.pool.checkedin() >= 1
        parent_pool = engine.pool
        pid = os.fork()
        if pid == 0:  # the child: a fresh pool, none of the parent's connections
            os._exit(0 if engine.pool is not parent_pool and engine.pool.checkedin() == 0 else 1)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
        assert engine.pool is parent_pool and engine.pool.checkedin() >= 1
