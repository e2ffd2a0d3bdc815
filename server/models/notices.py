"""Notices (通知), their recipients and per-channel deliveries, and WeChat subscribe grants."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.base import UTCDateTime, utcnow


class Notice(db.Model):
    """A message from an organization to an audience inside its subtree; `kind` says what sent it."""

    __tablename__ = "notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    sender_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    kind: Mapped[str] = mapped_column(String(20), default="notice")
    ref_id: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text)
    audience: Mapped[dict] = mapped_column(JSON)
    read_receipt: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(String(20), default="scheduled")
    send_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    recipient_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class NoticeRecipient(db.Model):
    """One person's copy of a notice in their inbox."""

    __tablename__ = "notice_recipients"
    __table_args__ = (UniqueConstraint("notice_id", "person_id", name="uq_notice_recipient"),
                      Index("ix_notice_recipients_person", "person_id", "notice_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notices.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Delivery(db.Model):
    """A push of one notice to one recipient on one channel: queued → sending → sent / failed; read."""

    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("recipient_id", "channel", name="uq_delivery_channel"),
                      Index("ix_deliveries_state", "state"))

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("notice_recipients.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(20), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error_code: Mapped[int | None] = mapped_column(Integer)
    # The background job meant to push it while queued: the reaper queues again what no live job will send.
    job_id: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class SubscribeGrant(db.Model):
    """How many one-time subscribe messages a person has allowed for a template (each push uses one)."""

    __tablename__ = "subscribe_grants"
    __table_args__ = (UniqueConstraint("person_id", "template_id", name="uq_subscribe_grant"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    template_id: Mapped[str] = mapped_column(String(64))
    remaining: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
