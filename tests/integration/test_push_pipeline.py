"""The push pipeline on Redis with an rq burst worker, the real wechatpy gateway and WeChat intercepted."""
import json

import pytest
import responses
from rq import Queue, SimpleWorker

from server.extensions import db
from server.models import Delivery, SubscribeGrant, WechatBinding

API = "https://api.weixin.qq.com"


@pytest.fixture
def app(make_app):
    return make_app(RQ_ASYNC=True, WECHAT_MP_APPID="wx-mp", WECHAT_MP_SECRET="mp-secret",
                    WECHAT_OA_APPID="wx-oa", WECHAT_OA_SECRET="oa-secret")


def run_worker(app, redis_client):
    with app.app_context():
        SimpleWorker([Queue("default", connection=redis_client)], connection=redis_client).work(burst=True)


@responses.activate
def test_every_recipient_is_pushed_exactly_once_through_rq(app, client, branch, redis_client, monkeypatch):
    from server.services import pushes

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
    delivered = [c for c, r in zip(calls, [c for c in responses.calls if "/send" in c.request.url])
                 if json.loads(r.response.text).get("errcode", 0) == 0]
    assert sorted(c["touser"] for c in delivered) == ["mp-0", "mp-1", "mp-2", "oa-1"]
    with app.app_context():
        states = sorted((d.channel, d.state, d.error_code) for d in db.session.query(Delivery))
    assert states == [("subscribe", "sent", None)] * 3 + [("template", "failed", 43101), ("template", "sent", None)]
    stats = client.get(f"/api/v1/notices/{notice['id']}/stats", headers=branch.headers()).json
    assert stats["deliveries"] == {"subscribe": {"sent": 3}, "template": {"failed": 1, "sent": 1}}
    run_worker(app, redis_client)  # nothing left: running again sends nothing more
    assert len([c for c in responses.calls if "/send" in c.request.url]) == len(calls)
