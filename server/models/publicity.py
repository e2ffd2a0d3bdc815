"""五公示 and 六部门审查: public notices with their objections, and the six departments' opinions."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.base import UTCDateTime, utcnow


class Publicity(db.Model):
    """A public notice of a person for a period; its link's token is kept only as a hash (and encrypted, to print
    the notice again), and `content` is what the public sees, fixed when it was published."""

    __tablename__ = "publicities"
    __table_args__ = (Index("ix_publicities_person", "person_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    token_enc: Mapped[str] = mapped_column(Text)
    content: Mapped[dict] = mapped_column(JSON)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Objection(db.Model):
    """An objection or tip from the public during a publicity, and its answer; the sender's contact is encrypted
    and nothing about the sender's device or address is kept."""

    __tablename__ = "objections"

    id: Mapped[int] = mapped_column(primary_key=True)
    publicity_id: Mapped[int] = mapped_column(ForeignKey("publicities.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    contact_enc: Mapped[str | None] = mapped_column(Text)
    receipt_hash: Mapped[str] = mapped_column(String(64), unique=True)
    state: Mapped[str] = mapped_column(String(20), default="pending")
    conclusion: Mapped[str | None] = mapped_column(String(20))
    finding: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision: Mapped[str | None] = mapped_column(String(20))
    decision_note: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Review(db.Model):
    """The committee's request for six departments' opinions on a target (at step 10), and its decision when a
    department objects."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    requested_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    requested_on: Mapped[date] = mapped_column(Date)
    decision: Mapped[str | None] = mapped_column(String(20))
    decision_note: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ReviewDepartment(db.Model):
    """One department's part of a review: its reply link (token hash, expiry, used once) or a reply by hand."""

    __tablename__ = "review_departments"
    __table_args__ = (UniqueConstraint("review_id", "name", name="uq_review_department"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(30))
    state: Mapped[str] = mapped_column(String(20), default="pending")
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    token_enc: Mapped[str | None] = mapped_column(Text)
    expires_on: Mapped[date] = mapped_column(Date)
    replied_on: Mapped[date | None] = mapped_column(Date)
    opinion: Mapped[str | None] = mapped_column(String(20))
    text: Mapped[str | None] = mapped_column(Text)
    replied_via: Mapped[str | None] = mapped_column(String(10))
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    reminded_on: Mapped[date | None] = mapped_column(Date)
