"""Paper ballots beside phones: how many were handed out per group, the two tellers, and their counts.

Only aggregates: no row stands for one paper ballot (docs/voting.md, paper ballots).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.base import UTCDateTime, utcnow


class PaperGroup(db.Model):
    """Paper ballots handed out in one group of a session (members: the count of members marked for paper)."""

    __tablename__ = "paper_groups"
    __table_args__ = (UniqueConstraint("session_id", "group", name="uq_paper_group"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("vote_sessions.id", ondelete="CASCADE"), index=True)
    group: Mapped[str] = mapped_column(String(10))
    handed_out: Mapped[int] = mapped_column(Integer, default=0)


class Teller(db.Model):
    """计票人 or 监票人 of a session: a name, and the hash of the one link they enter their count through."""

    __tablename__ = "tellers"
    __table_args__ = (UniqueConstraint("session_id", "role", name="uq_teller_role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("vote_sessions.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(50))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PaperTally(db.Model):
    """One teller's count of one group's paper ballots (aggregates per option), replaced until both agree."""

    __tablename__ = "paper_tallies"
    __table_args__ = (UniqueConstraint("session_id", "role", "group", name="uq_paper_tally"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("vote_sessions.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(10))
    group: Mapped[str] = mapped_column(String(10))
    returned: Mapped[int] = mapped_column(Integer)
    spoiled: Mapped[int] = mapped_column(Integer)
    counts: Mapped[dict] = mapped_column(JSON)
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
