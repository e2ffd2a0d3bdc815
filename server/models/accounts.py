"""Staff accounts, WeChat bindings and one-time bind codes."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.base import UTCDateTime, utcnow


class Account(db.Model):
    """A login acting on one organization's subtree; `token_version` revokes older tokens."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), unique=True)
    token_version: Mapped[int] = mapped_column(Integer, default=1)
    active: Mapped[bool] = mapped_column(default=True)
    # A designated administrator of its own organization: manages its colleagues' accounts (superior staff
    # manage everyone below them). Every organization with staff keeps at least one active administrator.
    admin: Mapped[bool] = mapped_column(default=False, server_default="0")
    # Set when someone else chose the password (a new account, a reset): its owner replaces it at the next login,
    # so that afterwards only they know it.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class WechatBinding(db.Model):
    """The WeChat identities bound to one roster person (小程序 openid, 公众号 openid, unionid), or to a staff account
    that has no person on a roster (its owner logged in once with the password)."""

    __tablename__ = "wechat_bindings"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), unique=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), unique=True)
    mp_openid: Mapped[str | None] = mapped_column(String(64), unique=True)
    oa_openid: Mapped[str | None] = mapped_column(String(64), unique=True)
    unionid: Mapped[str | None] = mapped_column(String(64), index=True)
    bound_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class BindCode(db.Model):
    """A one-time code a secretary hands a member to bind their WeChat; stored only as a hash."""

    __tablename__ = "bind_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class WebTicket(db.Model):
    """A one-time, minute-long ticket the mini-program hands its web-view: exchanged once for a session of the
    account that asked for it (the console's PC pages inside WeChat). Stored only as a hash."""

    __tablename__ = "web_tickets"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_hash: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
