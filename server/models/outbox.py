"""The outbox: events written in the request's transaction, handed to the job queue after the commit, and handed
again by the relay until that succeeds (Redis or a worker down delays the work, never loses it)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.base import UTCDateTime, utcnow


class OutboxEvent(db.Model):
    """One raised event (server.domain.events) and whether its jobs have been queued."""

    __tablename__ = "outbox_events"
    __table_args__ = (Index("ix_outbox_events_pending", "done_at", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(50))
    payload: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(300))
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
