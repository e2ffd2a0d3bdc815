"""Annual development plans (年度发展党员计划) and the warning proposals the nightly scan of criteria 1–5 makes."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.base import UTCDateTime, utcnow


class AnnualPlan(db.Model):
    """One organization's plan for one year: made by a 党(工)委 with approval authority (or above), confirmed by
    the level above the maker."""

    __tablename__ = "annual_plans"
    __table_args__ = (UniqueConstraint("org_id", "year", name="uq_plan_org_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    planned_admissions: Mapped[int] = mapped_column(Integer)
    planned_activists: Mapped[int | None] = mapped_column(Integer)
    targets: Mapped[dict] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(12), default="draft")
    made_by_org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    made_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    confirmed_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class WarningProposal(db.Model):
    """A finding of criteria 1–5 for the organization that warns the target: issued, or dismissed with a reason
    (特殊情况), which exempts that criterion for that organization and year — one row per (org, criterion, year)."""

    __tablename__ = "warning_proposals"
    __table_args__ = (UniqueConstraint("org_id", "criterion", "year", name="uq_proposal_org_criterion_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    issuer_org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    criterion: Mapped[int] = mapped_column(Integer)
    year: Mapped[int] = mapped_column(Integer)
    suggested_level: Mapped[str] = mapped_column(String(10))
    facts: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(12), default="pending", index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    warning_id: Mapped[int | None] = mapped_column(ForeignKey("warnings.id"))
    found_on: Mapped[date] = mapped_column(Date)
    handled_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class QuarterlyReport(db.Model):
    """A quarter's 发展党员工作季报 of one organization: generated from the data, commented, submitted to the level
    above by its due date, and reviewed there."""

    __tablename__ = "quarterly_reports"
    __table_args__ = (UniqueConstraint("org_id", "year", "quarter", name="uq_quarterly_report"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    to_org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    quarter: Mapped[int] = mapped_column(Integer)
    figures: Mapped[dict] = mapped_column(JSON, default=dict)
    comment: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(12), default="draft")
    due_on: Mapped[date] = mapped_column(Date)
    reminded_on: Mapped[date | None] = mapped_column(Date)
    submitted_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    review_comment: Mapped[str | None] = mapped_column(Text)
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
