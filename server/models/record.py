"""The development record (全程纪实): steps recorded in the system, their documents, and the daily due list."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.base import UTCDateTime, utcnow


class RecordEntry(db.Model):
    """A step of a person's record done on a date, with its fields and evidence.

    One row per step, round (the conversion steps start over when probation is extended) and repetition (`seq`,
    the half-yearly assessments): the unique key makes recording a step twice impossible, even in a race."""

    __tablename__ = "record_entries"
    __table_args__ = (UniqueConstraint("person_id", "key", "round", "seq", name="uq_record_entry"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(30))
    round: Mapped[int] = mapped_column(Integer, default=1)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    done_on: Mapped[date | None] = mapped_column(Date)
    fields: Mapped[dict] = mapped_column(JSON, default=dict)
    evidence: Mapped[dict] = mapped_column(JSON, default=dict)
    source: Mapped[str] = mapped_column(String(20), default="hand")
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    flag: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class RecordDocument(db.Model):
    """A document attached to a person's record (PDF or image), kept by the storage backend, not the database."""

    __tablename__ = "record_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    step_key: Mapped[str | None] = mapped_column(String(30))
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(50))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(100), unique=True)
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class DueStep(db.Model):
    """A step due within a week or overdue, as the daily scan found it; what warning criterion 5 reads."""

    __tablename__ = "due_steps"
    __table_args__ = (UniqueConstraint("person_id", "step_key", name="uq_due_step"),
                      Index("ix_due_steps_org", "org_id", "due_on"))

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    step_key: Mapped[str] = mapped_column(String(30))
    due_on: Mapped[date] = mapped_column(Date)
    overdue: Mapped[bool] = mapped_column(Boolean, default=False)
    notified: Mapped[str] = mapped_column(String(10), default="")  # "", "soon" or "overdue": pushed once each
    found_on: Mapped[date] = mapped_column(Date)
