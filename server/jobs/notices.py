"""rq jobs for notices: dispatch a notice, push a batch of deliveries. Thin wrappers over services.pushes."""
from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from server import jobs, settings
from server.domain.events import NoticeCreated
from server.extensions import db
from server.jobs.dispatch import handles
from server.models import Delivery
from server.services import pushes
from server.wechat import get_gateway

log = logging.getLogger(__name__)


@handles(NoticeCreated)
def queue_notice(event: NoticeCreated) -> None:
    """Pushes start once the notice is committed, at its send time if it was scheduled."""
    if event.send_at is not None:
        jobs.enqueue_at(event.send_at, dispatch_notice, event.notice_id)
    else:
        jobs.enqueue(dispatch_notice, event.notice_id)


def dispatch_notice(notice_id: int) -> int:
    """Plan the deliveries of a notice and queue them in batches; returns how many pushes were queued."""
    with jobs.app_context():
        if not pushes.claim_dispatch(db.session, notice_id):
            db.session.rollback()
            return 0
        ids = pushes.plan_deliveries(db.session, notice_id)
        db.session.commit()
        for batch in pushes.batches(ids):
            jobs.enqueue(push_batch, batch)
        log.info("notice dispatched notice=%s pushes=%s", notice_id, len(ids))
        return len(ids)


def push_batch(delivery_ids: list[int]) -> int:
    """Push a batch, several deliveries at a time (WeChat answers slowly); returns how many were sent."""
    with jobs.app_context() as app:
        threads = settings.current().push_threads
        if threads == 1 or len(delivery_ids) == 1:
            return sum(_push_one(app, delivery_id) for delivery_id in delivery_ids)
        with ThreadPoolExecutor(max_workers=threads) as pool:
            return sum(pool.map(lambda delivery_id: _push_one(app, delivery_id), delivery_ids))


def _push_one(app, delivery_id: int) -> int:
    """Claim (commit), call WeChat, record (commit); transient errors come back later with backoff."""
    with app.app_context():
        push = pushes.claim(db.session, delivery_id)
        db.session.commit()
        if push is None:
            return 0
        error = pushes.send(get_gateway(), push)
        retry = pushes.record(db.session, push, error)
        db.session.commit()
        if retry:
            attempts = db.session.get(Delivery, delivery_id).attempts
            jobs.enqueue_in(timedelta(seconds=pushes.backoff(attempts)), push_batch, [delivery_id])
        elif error is not None:
            log.warning("push failed delivery=%s errcode=%s", delivery_id, error.errcode)
        return int(error is None)


def recover_pushes() -> int:
    """Queue again what a dead worker left behind (run when a worker starts)."""
    with jobs.app_context():
        ids = pushes.recover(db.session, settings.current().push_stuck_seconds)
        db.session.commit()
        for batch in pushes.batches(ids):
            jobs.enqueue(push_batch, batch)
        if ids:
            log.info("recovered pushes=%s", len(ids))
        return len(ids)
