"""People on a roster (党员、预备党员、入党申请人、积极分子、发展对象、群众代表)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, validates

from server.extensions import db
from server.models.base import UTCDateTime, utcnow


class Person(db.Model):
    """One person on one organization's roster; ID-card and phone kept encrypted plus a masked copy."""

    __tablename__ = "people"
    __table_args__ = (Index("ix_people_org_status", "org_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    status: Mapped[str] = mapped_column(String(20))
    status_since: Mapped[date | None] = mapped_column(Date)
    gender: Mapped[str | None] = mapped_column(String(10))
    birth_date: Mapped[date | None] = mapped_column(Date)
    education: Mapped[str | None] = mapped_column(String(30))
    occupation: Mapped[str | None] = mapped_column(String(50))
    committee_member: Mapped[bool] = mapped_column(Boolean, default=False)
    applied_at: Mapped[date | None] = mapped_column(Date)
    activist_at: Mapped[date | None] = mapped_column(Date)
    target_at: Mapped[date | None] = mapped_column(Date)
    probationary_at: Mapped[date | None] = mapped_column(Date)
    full_member_at: Mapped[date | None] = mapped_column(Date)
    # The status the person had when entered into the system: the record counts the steps before it as done.
    record_from: Mapped[str | None] = mapped_column(String(20))
    # Where the person lives and is registered, and whether a student: the residence publicity and the
    # departments a review may ask depend on them (seed 三(四)(五)).
    residence: Mapped[str | None] = mapped_column(String(100))
    hukou_place: Mapped[str | None] = mapped_column(String(100))
    is_student: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    mass_category: Mapped[str | None] = mapped_column(String(30))  # eligibility.MASS_CATEGORY_LABELS, mass reps only
    # Sensitive numbers: Fernet ciphertext, a masked copy for display, and a keyed hash for duplicate checks.
    id_card_enc: Mapped[str | None] = mapped_column(Text)
    id_card_masked: Mapped[str | None] = mapped_column(String(20))
    # Not unique across the city: duplicates are refused within the registering staff's subtree only, so that
    # no answer tells whether a citizen is on a roster elsewhere (see services.people.set_id_card).
    id_card_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    phone_enc: Mapped[str | None] = mapped_column(Text)
    phone_masked: Mapped[str | None] = mapped_column(String(20))
    # Keyed hash of the number: WeChat's verified phone finds its roster person without decrypting every row.
    phone_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    # A person's login tokens name this version: unbinding, binding and any change of status bump it, so a
    # phone that lost its WeChat binding or its right to vote loses its token at once.
    token_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    def revoke_tokens(self) -> None:
        self.token_version = (self.token_version or 1) + 1

    @validates("status")
    def _status_change_revokes_tokens(self, _key, status):
        if self.id is not None and self.status is not None and status != self.status:
            self.revoke_tokens()
        return status
