"""What the caller may do (`GET /auth/me` → `may`), from their role and organization (domain/capabilities.py)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from server.domain.capabilities import Caller, capabilities
from server.models import Account, Organization
from server.services.scope import Principal


def of(db: Session, principal: Principal) -> frozenset[str]:
    if not principal.is_staff:
        return frozenset()
    account = db.get(Account, principal.account_id)
    org = db.get(Organization, principal.org_id) if principal.org_id else None
    return capabilities(Caller(role=principal.role, writes=principal.can_write, level=org.level if org else None,
                               has_approval_authority=bool(org and org.has_approval_authority),
                               account_admin=bool(account and account.admin)))
