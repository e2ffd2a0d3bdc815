"""What follows a commit goes through the outbox: with Redis down a request that committed answers success, its
events wait, and the relay hands them over once the queue is back — none lost, none doubled."""
from datetime import timedelta

import pytest
import redis

from server.extensions import db
from server.jobs import dispatch
from server.models import Delivery, Notice, NoticeRecipient, OutboxEvent
from tests.integration import voting_helpers as h
from tests.integration.test_notices import send


@pytest.fixture
def redis_down(make_app):
    """An app whose job queue is a Redis nobody listens on (port 1)."""
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return make_app(RQ_ASYNC=True, REDIS_CLIENT=redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2,
                                                            retry=Retry(NoBackoff(), 0)))


def pending(app):
    with app.app_context():
        return [(e.kind, e.attempts) for e in db.session.query(OutboxEvent).filter(OutboxEvent.done_at.is_(None))]


def test_a_notice_sent_while_redis_is_down_answers_success_and_goes_out_once_the_relay_runs(app, redis_down, branch):
    from tests.integration.test_notices import bind

    bind(app, branch.members[1], mp="openid-member-1", grants=1)
    response = send(redis_down.test_client(), branch)
    assert response.status_code == 201
    assert pending(app) == [("NoticeCreated", 1)]
    with app.app_context():
        assert db.session.get(Notice, response.json["id"]).state == "sending"  # committed, not yet handed over
        # The queue is back (this app runs jobs in-process): the relay hands the event over, once.
        assert dispatch.relay(db.session, older_than=timedelta(0)) == {"pending": 1, "handed": 1, "failed": 0}
        assert db.session.get(Notice, response.json["id"]).state == "sent"
        assert db.session.query(Delivery).join(NoticeRecipient, NoticeRecipient.id == Delivery.recipient_id).filter(
            NoticeRecipient.notice_id == response.json["id"]).count() == 1
        again = dispatch.relay(db.session, older_than=timedelta(0))
    assert again == {"pending": 0, "handed": 0, "failed": 0} and pending(app) == []


def test_closing_a_session_while_redis_is_down_answers_success_and_its_vacuum_waits(app, redis_down, branch):
    sid = h.stage_vote(redis_down.test_client(), branch)["id"]
    client = redis_down.test_client()
    h.codes(client, branch, sid, "member", 8)
    h.transition(client, branch, sid, "open")
    closed = h.transition(client, branch, sid, "close")
    assert closed["state"] == "closed"
    assert ("BallotsRewritten", 1) in pending(app)


def test_a_rolled_back_request_leaves_nothing_in_the_outbox(app, client, branch):
    assert client.post("/api/v1/notices", headers=branch.headers(), json={"title": "x"}).status_code == 422
    with app.app_context():
        assert db.session.query(OutboxEvent).count() == 0


def test_every_event_survives_the_outbox_round_trip():
    from datetime import UTC, datetime

    from server.domain import events as domain_events
    from server.services import events

    samples = [domain_events.NoticeCreated(7, datetime(2026, 12, 7, 2, tzinfo=UTC)), domain_events.NoticeCreated(8),
               domain_events.MeetingScheduled(3, datetime(2026, 12, 8, 1, 30, tzinfo=UTC)),
               domain_events.BallotsRewritten(9)]
    assert {type(s).__name__ for s in samples} == set(events.KINDS)  # a new event needs a sample here
    for sample in samples:
        assert events.decode(type(sample).__name__, events.encode(sample)) == sample
