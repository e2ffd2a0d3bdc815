"""Special organizers (特聘组织员): appointments and their terms, assessments, and the organizations they serve."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.base import UTCDateTime, utcnow


class OrganizerAppointment(db.Model):
    """One term of a special organizer (两年一聘): who appointed whom, nominated by whom, from when to when."""

    __tablename__ = "organizer_appointments"
    __table_args__ = (UniqueConstraint("renewed_from_id", name="uq_organizer_appointment_renewed_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    appointing_org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    nominating_org_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    consent_on: Mapped[date | None] = mapped_column(Date)
    vetting_notes: Mapped[str | None] = mapped_column(Text)
    background: Mapped[str | None] = mapped_column(String(30))        # organizer_terms.BACKGROUNDS (None: before 2026-12-07)
    contact_member: Mapped[str | None] = mapped_column(String(50))    # the committee's 班子成员 keeping direct contact
    renewed_from_id: Mapped[int | None] = mapped_column(ForeignKey("organizer_appointments.id"))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class OrganizerAssessment(db.Model):
    """The yearly assessment of a term (每年考核一次): excellent, pass or fail, with notes."""

    __tablename__ = "organizer_assessments"
    __table_args__ = (UniqueConstraint("appointment_id", "year", name="uq_organizer_assessment_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    appointment_id: Mapped[int] = mapped_column(ForeignKey("organizer_appointments.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    result: Mapped[str] = mapped_column(String(10))
    notes: Mapped[str | None] = mapped_column(Text)
    assessed_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class OrganizerAssignment(db.Model):
    """An organization (and its subtree) a special organizer serves, within a term; rights end with term_end."""

    __tablename__ = "organizer_assignments"
    __table_args__ = (UniqueConstraint("account_id", "org_id", name="uq_organizer_org"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    appointment_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizer_appointments.id", name="fk_organizer_assignments_appointment"), index=True)
    term_start: Mapped[date] = mapped_column(Date)
    term_end: Mapped[date] = mapped_column(Date)
    appointed_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
