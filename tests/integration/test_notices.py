"""Notices: audience inside the subtree, inbox and read receipts, and pushes by channel (in-process jobs)."""
from datetime import UTC

from server.extensions import db
from server.models import Delivery, SubscribeGrant, WechatBinding


def send(client, branch, who="secretary_a1", **payload):
    body = {"title": "关于召开支部党员大会的通知", "body": "定于本周五上午九时召开支部党员大会。", "read_receipt": True,
            "audience": {"org_ids": [branch.org_id]}}
    body.update(payload)
    return client.post("/api/v1/notices", headers=branch.headers(who), json=body)


def bind(app, person_id, mp=None, oa=None, grants=0):
    with app.app_context():
        db.session.add(WechatBinding(person_id=person_id, mp_openid=mp, oa_openid=oa))
        if grants:
            db.session.add(SubscribeGrant(person_id=person_id, template_id="notice-subscribe", remaining=grants))
        db.session.commit()


def test_a_notice_reaches_every_member_of_the_branch_but_not_mass_reps(client, branch):
    response = send(client, branch)
    assert response.status_code == 201
    # 10 members, 2 probationary, 5 applicants (one from the world fixture), 2 activists, 1 target; no mass reps
    expected = len(branch.members) + len(branch.probationary) + 5 + 2 + 1
    assert response.json["recipient_count"] == expected
    preview = client.post("/api/v1/notices/preview", headers=branch.headers(),
                          json={"audience": {"org_ids": [branch.org_id], "roles": ["probationary"]}})
    assert preview.json == {"recipient_count": 2}


def test_inbox_read_receipts_stats_and_remind(client, branch):
    notice = send(client, branch, audience={"org_ids": [branch.org_id], "roles": ["member"]}).json
    reader = branch.person_headers(branch.members[1])
    inbox = client.get("/api/v1/inbox", headers=reader).json
    assert inbox["unread"] == 1 and inbox["items"][0]["notice_id"] == notice["id"]
    assert inbox["items"][0]["read"] is False and inbox["items"][0]["sender"] == "甲一社区党支部"
    read = client.post(f"/api/v1/inbox/{notice['id']}/read", headers=reader)
    assert read.status_code == 200 and read.json["read"] is True
    assert client.post(f"/api/v1/inbox/{notice['id']}/read", headers=reader).status_code == 200  # idempotent
    stats = client.get(f"/api/v1/notices/{notice['id']}/stats", headers=branch.headers()).json
    assert (stats["recipients"], stats["read"], stats["unread"]) == (10, 1, 9)
    unread = client.get(f"/api/v1/notices/{notice['id']}/unread", headers=branch.headers()).json["items"]
    assert len(unread) == 9 and branch.members[1] not in [u["person_id"] for u in unread]
    reminder = client.post(f"/api/v1/notices/{notice['id']}/remind", headers=branch.headers())
    assert reminder.status_code == 201 and reminder.json["recipient_count"] == 9 and reminder.json["kind"] == "reminder"
    assert len(client.get("/api/v1/inbox", headers=reader).json["items"]) == 1  # no reminder for a reader


def test_audience_never_reaches_outside_the_senders_subtree(client, branch, world):
    other_org = send(client, branch, audience={"org_ids": [world.orgs["branch_b1"].id]})
    assert other_org.status_code == 404
    parent = send(client, branch, audience={"org_ids": [world.orgs["committee_a"].id]})
    assert parent.status_code == 404
    other_person = send(client, branch, audience={"person_ids": [world.people["member_b1"].id]})
    assert other_person.status_code == 404
    county = send(client, branch, who="county_a_staff", audience={"org_ids": [world.orgs["county_a"].id],
                                                                 "roles": ["secretary"]})
    assert county.status_code == 201 and county.json["recipient_count"] == 1  # secretary_a1's person only


def test_members_get_no_staff_view_of_notices(client, branch):
    notice = send(client, branch).json
    member = branch.person_headers(branch.members[2])
    assert client.get(f"/api/v1/notices/{notice['id']}/stats", headers=member).status_code == 403
    assert client.post(f"/api/v1/inbox/{notice['id']}/read", headers=branch.person_headers(branch.mass[0])).status_code == 404


def test_each_recipient_is_pushed_on_one_channel_and_a_grant_is_used_once(app, client, branch):
    subscribed, official, unbound = branch.members[1], branch.members[2], branch.members[3]
    bind(app, subscribed, mp="mp-sub", grants=1)
    bind(app, official, mp="mp-off", oa="oa-off")
    gateway = app.extensions["wechat"]
    first = send(client, branch, audience={"person_ids": [subscribed, official, unbound]}).json
    assert sorted((m.channel, m.openid) for m in gateway.sent) == [("subscribe", "mp-sub"), ("template", "oa-off")]
    stats = client.get(f"/api/v1/notices/{first['id']}/stats", headers=branch.headers()).json
    assert stats["deliveries"] == {"subscribe": {"sent": 1}, "template": {"sent": 1}}
    send(client, branch, audience={"person_ids": [subscribed]})
    assert len(gateway.sent) == 2  # the grant was used: inbox only this time
    client.post(f"/api/v1/inbox/{first['id']}/read", headers=branch.person_headers(subscribed))
    stats = client.get(f"/api/v1/notices/{first['id']}/stats", headers=branch.headers()).json
    assert stats["deliveries"]["subscribe"] == {"read": 1}


def test_transient_errors_are_retried_and_permanent_ones_recorded(app, client, branch, monkeypatch):
    from server.adapters import pushes

    monkeypatch.setattr(pushes, "BACKOFF_SECONDS", 0)
    bind(app, branch.members[1], mp="mp-1", grants=1)
    bind(app, branch.members[2], mp="mp-2", grants=1)
    gateway = app.extensions["wechat"]
    gateway.fail_next = [45009, -1]  # busy twice, then fine
    send(client, branch, audience={"person_ids": [branch.members[1]]})
    import time

    for _ in range(50):  # in-process retries run on timer threads
        if gateway.sent:
            break
        time.sleep(0.05)
    assert [m.openid for m in gateway.sent] == ["mp-1"]
    gateway.fail_next = [43101]  # the user refused: no retry
    notice = send(client, branch, audience={"person_ids": [branch.members[2]]}).json
    time.sleep(0.2)
    with app.app_context():
        delivery = db.session.query(Delivery).order_by(Delivery.id.desc()).first()
        assert (delivery.state, delivery.error_code, delivery.attempts) == ("failed", 43101, 1)
    assert [m.openid for m in gateway.sent] == ["mp-1"]
    assert client.get(f"/api/v1/notices/{notice['id']}/stats", headers=branch.headers()).json["deliveries"] == {
        "subscribe": {"failed": 1}}


def test_subscribe_grants_are_recorded_for_the_logged_in_person(client, branch):
    member = branch.person_headers(branch.members[1])
    listed = client.get("/api/v1/wechat/subscriptions", headers=member).json
    template = listed["templates"][0]["template_id"]
    client.post("/api/v1/wechat/subscriptions", headers=member, json={"accepted": [template]})
    again = client.post("/api/v1/wechat/subscriptions", headers=member, json={"accepted": [template]})
    assert again.json["grants"] == {template: 2}
    assert client.post("/api/v1/wechat/subscriptions", headers=member, json={"accepted": ["x"]}).status_code == 422
    assert client.get("/api/v1/wechat/subscriptions", headers=branch.headers("county_a_staff")).status_code == 403


def test_a_scheduled_notice_waits_in_the_queue(make_app, branch, redis_client):
    from datetime import datetime, timedelta

    from rq import Queue

    app = make_app(RQ_ASYNC=True)
    client = app.test_client()
    when = datetime.now(UTC) + timedelta(hours=2)
    notice = send(client, branch, send_at=when.isoformat()).json
    assert notice["state"] == "scheduled"
    scheduled = Queue("default", connection=redis_client).scheduled_job_registry.get_job_ids()
    assert len(scheduled) == 1
    assert client.get("/api/v1/inbox", headers=branch.person_headers(branch.members[1])).json["items"] == []


def test_a_warning_is_pushed_with_the_warning_template_when_the_person_granted_it(client, world, app):
    """One template per push kind: a grant of the notice template does not carry a warning, the warning's does."""
    from datetime import timedelta

    from server.extensions import db
    from server.models import SubscribeGrant, WechatBinding
    from tests.conftest import TODAY

    member = world.people["member_a1"].id
    with app.app_context():
        db.session.add(WechatBinding(person_id=member, mp_openid="mp-warned"))
        db.session.add(SubscribeGrant(person_id=member, template_id="notice-subscribe", remaining=1))
        db.session.commit()
    gateway = app.extensions["wechat"]
    listed = {t["kind"]: t["template_id"] for t in client.get(
        "/api/v1/wechat/subscriptions", headers=world.headers("secretary_a1")).json["templates"]}
    assert listed == {"notice": "notice-subscribe", "meeting": "meeting-subscribe", "warning": "warning-subscribe",
                      "record_due": "record-due-subscribe"}

    def issue():
        return client.post("/api/v1/warnings", headers=world.headers("committee_a_staff"), json={
            "org_id": world.orgs["branch_a1"].id, "criterion": 2, "level": "letter", "facts": "连续两年未培养入党积极分子",
            "deadline": (TODAY + timedelta(days=30)).isoformat()})

    assert issue().status_code == 201
    assert not [m for m in gateway.sent if m.openid == "mp-warned"]  # a notice grant only: the warning stays in the inbox
    client.post("/api/v1/wechat/subscriptions", headers=world.headers("secretary_a1"), json={"accepted": [listed["warning"]]})
    assert issue().status_code == 201
    assert [(m.openid, m.template_id) for m in gateway.sent if m.openid == "mp-warned"] == [("mp-warned", "warning-subscribe")]
