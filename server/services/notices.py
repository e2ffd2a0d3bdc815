"""Notices: sending to an audience, the inbox, read receipts, and reminding those who have not read."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from server import clock
from server.domain.errors import NotFound, RuleViolation
from server.domain.events import NoticeCreated
from server.models import Delivery, Notice, NoticeRecipient, Organization, Person
from server.services import audience as audience_service
from server.services import audit, events
from server.services.scope import Principal, get_owned, in_paths, require_login, require_staff

MAX_RECIPIENTS = 50_000


def preview(db: Session, principal: Principal, audience: dict) -> int:
    return len(audience_service.resolve(db, principal, audience))


def create_notice(db: Session, principal: Principal, *, title: str, body: str, audience: dict,
                  read_receipt: bool = False, send_at: datetime | None = None, kind: str = "notice",
                  ref_id: int | None = None, person_ids: list[int] | None = None) -> Notice:
    """Store the notice and its recipients in one go; its pushes follow the commit (NoticeCreated)."""
    recipients = person_ids if person_ids is not None else audience_service.resolve(db, principal, audience)
    if not recipients:
        raise RuleViolation("所选范围内没有接收人", code="empty_audience")
    if len(recipients) > MAX_RECIPIENTS:
        raise RuleViolation(f"一次最多发送给 {MAX_RECIPIENTS} 人", code="audience_too_large")
    if send_at is not None and send_at <= clock.now():
        send_at = None
    notice = Notice(org_id=principal.org_id, sender_account_id=principal.account_id, kind=kind, ref_id=ref_id,
                    title=title, body=body, audience=audience, read_receipt=read_receipt,
                    state="scheduled" if send_at else "sending", send_at=send_at, recipient_count=len(recipients))
    db.add(notice)
    db.flush()
    db.execute(insert(NoticeRecipient), [{"notice_id": notice.id, "person_id": pid} for pid in recipients])
    audit.record(db, principal, "notice.created", "notice", notice.id, notice.org_id, kind=kind,
                 recipients=len(recipients), scheduled=bool(send_at))
    events.raise_event(db, NoticeCreated(notice.id, send_at))
    return notice


def get_notice(db: Session, principal: Principal, notice_id: int) -> Notice:
    return get_owned(db, principal, Notice, notice_id, what="通知")


def list_notices(db: Session, principal: Principal) -> list[Notice]:
    principal = require_staff(principal)
    return list(db.scalars(select(Notice).join(Organization, Organization.id == Notice.org_id)
                                .where(in_paths(Organization.path, principal.read_paths))
                                .order_by(Notice.id.desc()).limit(200)))


def stats(db: Session, principal: Principal, notice_id: int) -> dict:
    notice = get_notice(db, principal, notice_id)
    read = db.scalar(select(func.count()).select_from(NoticeRecipient)
                          .where(NoticeRecipient.notice_id == notice.id, NoticeRecipient.read_at.is_not(None)))
    deliveries: dict[str, dict[str, int]] = {}
    for channel, state, count in db.execute(
            select(Delivery.channel, Delivery.state, func.count()).join(NoticeRecipient)
            .where(NoticeRecipient.notice_id == notice.id).group_by(Delivery.channel, Delivery.state)):
        deliveries.setdefault(channel, {})[state] = count
    return {"notice_id": notice.id, "recipients": notice.recipient_count, "read": read,
            "unread": notice.recipient_count - read, "deliveries": deliveries, "state": notice.state}


def unread(db: Session, principal: Principal, notice_id: int) -> list[dict]:
    """Who has not read yet, with their organization (for a call or a reminder)."""
    notice = get_notice(db, principal, notice_id)
    rows = db.execute(select(Person.id, Person.name, Organization.name)
                           .join(NoticeRecipient, NoticeRecipient.person_id == Person.id)
                           .join(Organization, Organization.id == Person.org_id)
                           .where(NoticeRecipient.notice_id == notice.id, NoticeRecipient.read_at.is_(None))
                           .order_by(Organization.id, Person.id))
    return [{"person_id": pid, "name": name, "org_name": org} for pid, name, org in rows]


def remind_unread(db: Session, principal: Principal, notice_id: int) -> Notice:
    """A reminder is a new notice (kind "reminder") to those who have not read the original."""
    notice = get_notice(db, principal, notice_id)
    people = [row["person_id"] for row in unread(db, principal, notice.id)]
    if not people:
        raise RuleViolation("所有人都已阅读，无需提醒", code="nothing_to_remind")
    return create_notice(db, principal, title=f"提醒：{notice.title}"[:100], body=notice.body,
                         audience={"reminder_of": notice.id}, read_receipt=notice.read_receipt, kind="reminder",
                         ref_id=notice.id, person_ids=people)


def inbox(db: Session, principal: Principal, *, unread_only: bool = False) -> list[dict]:
    principal = require_login(principal)
    if principal.person_id is None:
        return []
    query = (select(Notice, NoticeRecipient.read_at, Organization.name)
             .join(NoticeRecipient, NoticeRecipient.notice_id == Notice.id)
             .join(Organization, Organization.id == Notice.org_id)
             .where(NoticeRecipient.person_id == principal.person_id, Notice.state != "scheduled"))
    if unread_only:
        query = query.where(NoticeRecipient.read_at.is_(None))
    return [{"notice_id": n.id, "kind": n.kind, "ref_id": n.ref_id, "title": n.title, "body": n.body, "sender": org,
             "read_receipt": n.read_receipt, "read": read_at is not None, "read_at": read_at,
             "sent_at": n.sent_at or n.created_at}
            for n, read_at, org in db.execute(query.order_by(Notice.id.desc()).limit(200))]


def mark_read(db: Session, principal: Principal, notice_id: int) -> dict:
    """Confirm reading (idempotent); the notice's deliveries to this person become `read`."""
    principal = require_login(principal)
    recipient = db.scalar(select(NoticeRecipient).where(NoticeRecipient.notice_id == notice_id,
                                                             NoticeRecipient.person_id == principal.person_id))
    if recipient is None or principal.person_id is None:
        raise NotFound("收件箱中没有该通知", code="notice_not_found")
    if recipient.read_at is None:
        recipient.read_at = clock.now()
        db.execute(update(Delivery).where(Delivery.recipient_id == recipient.id, Delivery.state == "sent")
                        .values(state="read"))
    return {"notice_id": notice_id, "read": True, "read_at": recipient.read_at}
