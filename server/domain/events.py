"""What happened, as plain facts: services raise these, and the work that must follow a commit (pushes,
scheduled reminders) is dispatched from them after the transaction commits. Nothing here does any work."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class NoticeCreated:
    """A notice and its recipients were stored; its pushes go out at `send_at` (now when None)."""

    notice_id: int
    send_at: datetime | None = None


@dataclass(frozen=True)
class MeetingScheduled:
    """A meeting was booked or moved; its reminders are due a day and an hour before `starts_at`."""

    meeting_id: int
    starts_at: datetime


@dataclass(frozen=True)
class BallotsRewritten:
    """A closing session's ballots were rewritten in random order: their old row versions are vacuumed away."""

    session_id: int
