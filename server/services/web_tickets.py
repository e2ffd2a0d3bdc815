"""Tickets that open the console's PC pages (statistics, plans, roster import) in the mini-program's web-view: the
mini-program asks for one as the logged-in account, the H5 exchanges it once, within a minute, for a session of that
same account. The ticket rides in the URL's fragment, so it reaches no server log; only its hash is stored."""
from __future__ import annotations

import secrets as random_tokens
from datetime import timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session

from server import clock
from server.adapters import secrets
from server.domain.errors import Forbidden, Unauthorized
from server.models import Account, WebTicket
from server.services import audit
from server.services.auth import issue_token, principal_for_account
from server.services.scope import Principal

TICKET_TTL = timedelta(seconds=60)


def issue(db: Session, principal: Principal) -> tuple[str, int]:
    """A fresh ticket for the caller's own account, and its lifetime in seconds."""
    if principal.account_id is None:
        raise Forbidden("只有工作人员账号可以在网页中打开电脑端页面", code="staff_only")
    ticket = random_tokens.token_urlsafe(32)
    db.add(WebTicket(ticket_hash=_hash(ticket), account_id=principal.account_id, expires_at=clock.now() + TICKET_TTL))
    return ticket, int(TICKET_TTL.total_seconds())


def exchange(db: Session, ticket: str, caller: Principal | None) -> tuple[str, Account]:
    """A session of the ticket's account, once; refused (and left unspent) in a browser logged in as another one."""
    now = clock.now()
    spent = db.execute(update(WebTicket).where(WebTicket.ticket_hash == _hash(ticket), WebTicket.used_at.is_(None),
                                               WebTicket.expires_at > now)
                       .values(used_at=now).returning(WebTicket.account_id)).first()
    account = db.get(Account, spent[0]) if spent else None
    if account is None or not account.active:
        raise Unauthorized("这个链接已经用过或已过期，请回到小程序重新打开", code="web_ticket_invalid")
    if caller is not None and caller.account_id not in (None, account.id):
        # This browser is someone else's session: never switch it silently to another account.
        raise Forbidden("这个链接属于另一个账号，请先退出当前账号", code="web_ticket_other_account")
    audit.record(db, principal_for_account(db, account), "auth.web_ticket_used", "account", account.id, account.org_id)
    return issue_token(account), account


def _hash(ticket: str) -> str:
    return secrets.keyed_hash(ticket, "web-ticket")
