"""Warnings (调控预警) with their history, and the tasks that reach special organizers."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.base import UTCDateTime, utcnow


class ControlWarning(db.Model):
    """A warning (调控预警) a superior issues to an organization below it."""

    __tablename__ = "warnings"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    issuer_org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    issuer_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    criterion: Mapped[int] = mapped_column(Integer)
    level: Mapped[str] = mapped_column(String(10))
    state: Mapped[str] = mapped_column(String(20), default="issued")
    facts: Mapped[str] = mapped_column(Text)
    issued_on: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date | None] = mapped_column(Date)
    report_due: Mapped[date | None] = mapped_column(Date)
    calendar_fallback: Mapped[bool] = mapped_column(Boolean, default=False)
    award_ineligible_year: Mapped[int | None] = mapped_column(Integer)
    # 原则上也不能参与先锋模范系列评选 (seed 二(四)): the issuer may record why this organization still may.
    vanguard_exception: Mapped[str | None] = mapped_column(String(300))
    overdue: Mapped[bool] = mapped_column(Boolean, default=False)
    report_text: Mapped[str | None] = mapped_column(Text)
    # A verbal warning (口头告知) says how and to whom it was told (seed 二(二)1: 当面告知、电话告知).
    told_how: Mapped[str | None] = mapped_column(String(20))
    told_to: Mapped[str | None] = mapped_column(String(100))
    proposal_id: Mapped[int | None] = mapped_column(Integer)
    # A yellow card names the organization's responsible persons and is circulated (通报) to a chosen scope.
    responsible_persons: Mapped[str | None] = mapped_column(String(300))
    circulated_notice_id: Mapped[int | None] = mapped_column(Integer)
    # The document that comes with a yellow card's written report (书面检讨), kept like the record's documents.
    report_document_key: Mapped[str | None] = mapped_column(String(100))
    report_document_name: Mapped[str | None] = mapped_column(String(200))
    report_document_type: Mapped[str | None] = mapped_column(String(50))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class WarningEvent(db.Model):
    """One step in a warning's life (issued, acknowledged, reported, escalated, lifted, overdue)."""

    __tablename__ = "warning_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    warning_id: Mapped[int] = mapped_column(ForeignKey("warnings.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(20))
    level: Mapped[str] = mapped_column(String(10))
    actor_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Task(db.Model):
    """Work for a special organizer: 列席 a vote, check a publicity, 跟进整改 a warning, or by hand."""

    __tablename__ = "tasks"
    __table_args__ = (UniqueConstraint("account_id", "kind", "ref_id", name="uq_task_ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    ref_id: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(10), default="open")
    note: Mapped[str | None] = mapped_column(Text)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class WarningAccountability(db.Model):
    """A 责任追究 record on a warning: 批评教育, 组织处置 or 党纪处分 (domain/accountability)."""

    __tablename__ = "warning_accountability"

    id: Mapped[int] = mapped_column(primary_key=True)
    warning_id: Mapped[int] = mapped_column(ForeignKey("warnings.id", ondelete="CASCADE"), index=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)  # the warned organization
    kind: Mapped[str] = mapped_column(String(20))
    person: Mapped[str] = mapped_column(String(100))
    measure: Mapped[str | None] = mapped_column(String(100))
    decided_by: Mapped[str] = mapped_column(String(100))
    decided_on: Mapped[date] = mapped_column(Date)
    content: Mapped[str | None] = mapped_column(Text)
    document_key: Mapped[str | None] = mapped_column(String(100))
    document_name: Mapped[str | None] = mapped_column(String(200))
    document_type: Mapped[str | None] = mapped_column(String(50))
    recorded_by_org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
