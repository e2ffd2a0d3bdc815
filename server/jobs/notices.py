"""rq jobs for notices: dispatch a notice, push a batch of deliveries. Thin wrappers over services.pushes."""
from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app

from server import jobs
from server.extensions import db
from server.models import Delivery
from server.services import pushes
from server.wechat import get_gateway

log = logging.getLogger(__name__)


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
    """Push each delivery once: claim (commit), call WeChat, record (commit); transient errors back off."""
    sent = 0
    with jobs.app_context():
        gateway, base_url = get_gateway(), current_app.config["PUBLIC_BASE_URL"]
        for delivery_id in delivery_ids:
            push = pushes.claim(db.session, delivery_id)
            db.session.commit()
            if push is None:
                continue
            error = pushes.send(gateway, push, base_url)
            retry = pushes.record(db.session, push, error)
            db.session.commit()
            if retry:
                attempts = db.session.get(Delivery, delivery_id).attempts
                jobs.enqueue_in(timedelta(seconds=pushes.backoff(attempts)), push_batch, [delivery_id])
            elif error is None:
                sent += 1
            else:
                log.warning("push failed delivery=%s errcode=%s", delivery_id, error.errcode)
    return sent
