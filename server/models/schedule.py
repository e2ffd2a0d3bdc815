"""What the workers run on their own: the ledger of the schedule's runs, and the meeting reminders planned."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.base import UTCDateTime


class ScheduledRun(db.Model):
    """One schedule entry's last run (server.domain.schedule): the slot it claimed, when, and what failed."""

    __tablename__ = "scheduled_runs"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    last_slot: Mapped[datetime | None] = mapped_column(UTCDateTime())
    running_since: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    failed_steps: Mapped[dict | None] = mapped_column(JSON)  # step name -> the error's kind (never its text)
    runs: Mapped[int] = mapped_column(Integer, default=0)
    failures: Mapped[int] = mapped_column(Integer, default=0)


class MeetingReminder(db.Model):
    """A reminder planned when a meeting was booked or moved; sent once, by whichever job comes first."""

    __tablename__ = "meeting_reminders"
    __table_args__ = (Index("ix_meeting_reminders_due", "sent_at", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    which: Mapped[str] = mapped_column(String(10))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
