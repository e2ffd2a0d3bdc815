"""Pushing notices to WeChat: one delivery per recipient and channel, claimed before it is sent.

Channel per recipient : a mini-program subscribe message where the person has a grant
left for the template (each grant is used once), else an official-account template message where they have
an official-account openid, else the inbox only. A delivery moves queued → sending → sent or failed; the
unique (recipient, channel) row and the conditional claim mean no push is sent twice.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from server import clock, settings
from server.domain.push_kinds import push_kind_of
from server.models import Delivery, Notice, NoticeRecipient, Organization, SubscribeGrant, WechatBinding
from server.wechat import WechatError

BATCH_SIZE = 200
MAX_ATTEMPTS = 5
BACKOFF_SECONDS = 2  # 2, 4, 8, 16 s between attempts on WeChat's transient errors


def oa_template() -> str:
    """The official account's template message, for those who follow it but granted no subscribe message."""
    return settings.current().oa_template_notice


def subscribe_template(notice_kind: str) -> str:
    """The mini-program template a notice of this kind is pushed with: its push kind's (domain/push_kinds.py)."""
    return settings.current().subscribe_templates[push_kind_of(notice_kind).key]


def claim_dispatch(db: Session, notice_id: int) -> bool:
    """Only one dispatch per notice, however often the job runs."""
    claimed = db.execute(update(Notice).where(Notice.id == notice_id, Notice.state.in_(["scheduled", "sending"]))
                              .values(state="sent", sent_at=clock.now()).returning(Notice.id)).first()
    return claimed is not None


def due_scheduled(db: Session, limit: int = 200) -> list[int]:
    """Scheduled notices whose time has come and that no job has dispatched yet (Redis lost the booked job, or
    the workers were down at the time)."""
    return list(db.scalars(select(Notice.id).where(Notice.state == "scheduled", Notice.send_at <= clock.now())
                           .order_by(Notice.send_at).limit(limit)))


def plan_deliveries(db: Session, notice_id: int) -> list[int]:
    """Create the deliveries of a claimed notice and return their ids (inbox-only recipients get none)."""
    recipients = dict(db.execute(select(NoticeRecipient.person_id, NoticeRecipient.id)
                                      .where(NoticeRecipient.notice_id == notice_id)).all())
    if not recipients:
        return []
    template = subscribe_template(db.scalar(select(Notice.kind).where(Notice.id == notice_id)))
    bindings = {pid: (mp, oa) for pid, mp, oa in db.execute(
        select(WechatBinding.person_id, WechatBinding.mp_openid, WechatBinding.oa_openid)
        .where(WechatBinding.person_id.in_(list(recipients))))}
    with_mp = [pid for pid, (mp, _) in bindings.items() if mp]
    granted = set()
    if with_mp:  # use one grant each, atomically
        granted = set(db.scalars(update(SubscribeGrant)
                                      .where(SubscribeGrant.person_id.in_(with_mp), SubscribeGrant.template_id == template,
                                             SubscribeGrant.remaining > 0)
                                      .values(remaining=SubscribeGrant.remaining - 1)
                                      .returning(SubscribeGrant.person_id)))
    rows = []
    for pid, (_mp, oa) in bindings.items():
        if pid in granted:
            rows.append({"recipient_id": recipients[pid], "channel": "subscribe", "state": "queued", "attempts": 0})
        elif oa:
            rows.append({"recipient_id": recipients[pid], "channel": "template", "state": "queued", "attempts": 0})
    if not rows:
        return []
    return list(db.scalars(insert(Delivery).returning(Delivery.id), rows))


@dataclass
class Push:
    delivery_id: int
    channel: str
    openid: str
    title: str
    sender: str
    notice_id: int
    kind: str = "notice"


def claim(db: Session, delivery_id: int) -> Push | None:
    """queued → sending, once; None when another worker has it or it is done."""
    taken = db.execute(update(Delivery).where(Delivery.id == delivery_id, Delivery.state == "queued")
                            .values(state="sending", attempts=Delivery.attempts + 1)
                            .returning(Delivery.channel, Delivery.recipient_id)).first()
    if taken is None:
        return None
    channel, recipient_id = taken
    row = db.execute(select(Notice.id, Notice.title, Organization.name, WechatBinding.mp_openid,
                                 WechatBinding.oa_openid, Notice.kind)
                          .join(NoticeRecipient, NoticeRecipient.notice_id == Notice.id)
                          .join(Organization, Organization.id == Notice.org_id)
                          .join(WechatBinding, WechatBinding.person_id == NoticeRecipient.person_id)
                          .where(NoticeRecipient.id == recipient_id)).first()
    if row is None:  # unbound since: nothing to push
        db.execute(update(Delivery).where(Delivery.id == delivery_id).values(state="failed", error_code=-404))
        return None
    notice_id, title, sender, mp, oa, kind = row
    return Push(delivery_id, channel, mp if channel == "subscribe" else oa, title, sender, notice_id, kind)


def send(gateway, push: Push) -> WechatError | None:
    """Call WeChat; the error (if any) decides what happens next."""
    when = clock.now().astimezone(clock.CHINA).strftime("%Y-%m-%d %H:%M")
    try:
        if push.channel == "subscribe":
            gateway.send_subscribe_message(push.openid, subscribe_template(push.kind), {
                "thing1": {"value": push.title[:20]}, "thing2": {"value": push.sender[:20]}, "time3": {"value": when}},
                page=f"pages/inbox/detail?id={push.notice_id}")
        else:
            gateway.send_template_message(push.openid, oa_template(), {
                "first": {"value": push.title}, "keyword1": {"value": push.sender}, "keyword2": {"value": when}},
                url=f"{settings.current().public_base_url}/h5/inbox/{push.notice_id}")
    except WechatError as error:
        return error
    return None


def record(db: Session, push: Push, error: WechatError | None) -> bool:
    """Store the outcome; True when the delivery should be tried again later."""
    if error is None:
        db.execute(update(Delivery).where(Delivery.id == push.delivery_id).values(state="sent", error_code=None))
        return False
    attempts = db.scalar(select(Delivery.attempts).where(Delivery.id == push.delivery_id))
    retry = error.transient and attempts < MAX_ATTEMPTS
    db.execute(update(Delivery).where(Delivery.id == push.delivery_id)
                    .values(state="queued" if retry else "failed", error_code=error.errcode))
    return retry


def assign_job(db: Session, delivery_ids: list[int], job_id: str) -> None:
    """Name the job that will push these queued deliveries (before it is queued)."""
    db.execute(update(Delivery).where(Delivery.id.in_(delivery_ids), Delivery.state == "queued")
               .values(job_id=job_id))


def expire_claims(db: Session, claim_seconds: int) -> int:
    """Deliveries left `sending` longer than a send can take (WeChat's answer is awaited 10 s at most) belong to a
    worker that died: back to the queue. A repeat is possible only if a worker died between WeChat's answer and
    the commit of `sent` (a few milliseconds); a lost push is worse than that."""
    cutoff = clock.now() - timedelta(seconds=claim_seconds)
    return db.execute(update(Delivery).where(Delivery.state == "sending", Delivery.updated_at < cutoff)
                      .values(state="queued", job_id=None)).rowcount


def orphans(db: Session, alive: Callable[[list[str]], set[str]]) -> list[int]:
    """Queued deliveries that no live job will push: none was named, or the named one has died (`alive` tells,
    from the job queue, which of the given job ids are still queued, scheduled or running)."""
    rows = db.execute(select(Delivery.id, Delivery.job_id).where(Delivery.state == "queued")).all()
    living = alive(sorted({job for _, job in rows if job}))
    return [delivery_id for delivery_id, job in rows if job not in living]


def backoff(attempts: int) -> int:
    return BACKOFF_SECONDS * 2 ** max(0, attempts - 1)


def batches(ids: list[int]) -> list[list[int]]:
    return [ids[i:i + BATCH_SIZE] for i in range(0, len(ids), BATCH_SIZE)]
