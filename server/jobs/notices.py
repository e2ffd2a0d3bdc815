"""rq jobs for notices: dispatch a notice, push a batch of deliveries. Thin wrappers over adapters.pushes."""
from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from server import jobs, settings
from server.adapters import pushes
from server.domain.events import NoticeCreated
from server.extensions import db
from server.jobs.dispatch import commit, handles, relay
from server.models import Delivery
from server.services import reminders
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
        _queue_batches(ids)
        log.info("notice dispatched notice=%s pushes=%s", notice_id, len(ids))
        return len(ids)


def _queue_batches(ids: list[int]) -> None:
    """Name each batch's job on its deliveries and commit, then queue the jobs: a job lost between the two
    (Redis down, a crash) leaves deliveries whose named job never lives, which the reaper queues again."""
    planned = [(jobs.new_job_id(), batch) for batch in pushes.batches(ids)]
    for job_id, batch in planned:
        pushes.assign_job(db.session, batch, job_id)
    db.session.commit()
    for job_id, batch in planned:
        jobs.enqueue(push_batch, batch, job_id=job_id)


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
            job_id = jobs.new_job_id()
            pushes.assign_job(db.session, [delivery_id], job_id)
            db.session.commit()
            jobs.enqueue_in(timedelta(seconds=pushes.backoff(attempts)), push_batch, [delivery_id], job_id=job_id)
        elif error is not None:
            log.warning("push failed delivery=%s errcode=%s", delivery_id, error.errcode)
        return int(error is None)


def sweep() -> dict:
    """The schedule's sweep, every few seconds: the events the outbox still holds are handed over, scheduled
    notices and meeting reminders whose time has come are sent if their booked job did not, claims of dead workers
    go back to the queue and queued deliveries whose job died (a killed work horse, a lost Redis) are queued
    again."""
    with jobs.app_context():
        config = settings.current()
        relayed = relay(db.session)
        notices = pushes.due_scheduled(db.session)
        for notice_id in notices:
            dispatch_notice(notice_id)  # once per notice, whoever else dispatches it
        reminded = reminders.send_due(db.session)
        commit(db.session)  # the reminders' notices go out after the commit
        pushes.expire_claims(db.session, config.push_stuck_seconds)
        ids = pushes.orphans(db.session, jobs.alive)
        if ids:
            _queue_batches(ids)
            log.info("reaped pushes=%s", len(ids))
        else:
            db.session.commit()
        return {"relayed": relayed["handed"], "notices": len(notices), "reminders": reminded, "requeued": len(ids)}
