"""Writing audit entries (操作记录) in the caller's transaction."""
from __future__ import annotations

from sqlalchemy.orm import Session

from server.models import AuditEntry
from server.services.scope import require_staff


def record(db: Session, principal, action: str, target_type: str, target_id: int | None,
           org_id: int | None, **details) -> AuditEntry:
    """Append one entry; callers pass only non-secret details."""
    entry = AuditEntry(
        actor_account_id=getattr(principal, "account_id", None),
        actor_person_id=getattr(principal, "person_id", None) if not getattr(principal, "account_id", None) else None,
        action=action, target_type=target_type, target_id=target_id, org_id=org_id, details=details,
    )
    db.add(entry)
    return entry


def list_entries(db: Session, principal, *, org_id: int | None = None, target_type: str | None = None,
                 target_id: int | None = None, page: int = 1, per_page: int = 50):
    """Entries about organizations in the caller's subtree, newest first."""
    from sqlalchemy import func, select

    from server.services.scope import get_org, visible_org_ids

    principal = require_staff(principal)
    query = select(AuditEntry).where(AuditEntry.org_id.in_(visible_org_ids(principal)))
    if org_id is not None:
        query = query.where(AuditEntry.org_id == get_org(db, principal, org_id).id)
    if target_type:
        query = query.where(AuditEntry.target_type == target_type)
    if target_id is not None:
        query = query.where(AuditEntry.target_id == target_id)
    total = db.scalar(select(func.count()).select_from(query.subquery()))
    items = list(db.scalars(query.order_by(AuditEntry.id.desc()).limit(per_page).offset((page - 1) * per_page)))
    return [_readable(db, entry) for entry in items], total


def _readable(db: Session, entry: AuditEntry) -> dict:
    """An entry as people read it: which organization and who acted, by name (never an id or an account code)."""
    from server.models import Account, Organization, Person

    org = db.get(Organization, entry.org_id) if entry.org_id else None
    account = db.get(Account, entry.actor_account_id) if entry.actor_account_id else None
    person_id = (account.person_id if account else None) or entry.actor_person_id
    person = db.get(Person, person_id) if person_id else None
    actor = person.name if person else (f"{db.get(Organization, account.org_id).name}工作人员" if account else "系统")
    return {"id": entry.id, "at": entry.at, "actor_account_id": entry.actor_account_id,
            "actor_person_id": entry.actor_person_id, "action": entry.action, "target_type": entry.target_type,
            "target_id": entry.target_id, "org_id": entry.org_id, "details": entry.details,
            "org_name": org.name if org else "", "actor": actor}
