"""Organization tree (党组织): city → county → committee → branch."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.base import UTCDateTime, utcnow


class Organization(db.Model):
    """A Party organization; `path` is the materialized path '/1/4/9/' used for subtree scoping."""

    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    path: Mapped[str] = mapped_column(String(400), index=True, default="")
    name: Mapped[str] = mapped_column(String(100))
    level: Mapped[str] = mapped_column(String(20))
    sector: Mapped[str] = mapped_column(String(20))
    staff_count: Mapped[int | None] = mapped_column(Integer)
    has_approval_authority: Mapped[bool] = mapped_column(Boolean, default=False)
    # 发展党员难度较大: marked by county staff with a reason; such an organization is under key management (seed 二(三)).
    hard_to_develop_reason: Mapped[str | None] = mapped_column(String(300))
    hard_to_develop_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
