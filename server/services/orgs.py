"""Organizations: the caller's subtree, creating, editing and removing organizations."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.domain.errors import Conflict, RuleViolation
from server.domain.vocab import LEVELS, SECTORS, child_level_allowed
from server.models import Account, Organization, Person
from server.services import audit
from server.services.scope import Principal, get_org, in_paths, require_staff


def list_orgs(db: Session, principal: Principal) -> list[Organization]:
    """The caller's subtree, parents before children."""
    principal = require_staff(principal)
    return list(db.scalars(
        select(Organization).where(in_paths(Organization.path, principal.read_paths)).order_by(Organization.path)))


def _check_values(level: str, sector: str, staff_count: int | None) -> None:
    if level not in LEVELS:
        raise RuleViolation("组织层级无效", fields={"level": ["应为 " + "、".join(LEVELS)]})
    if sector not in SECTORS:
        raise RuleViolation("组织领域无效", fields={"sector": ["应为 " + "、".join(SECTORS)]})
    if staff_count is not None and staff_count < 0:
        raise RuleViolation("人员总数不能为负数", fields={"staff_count": ["不能为负数"]})


def create_root(db: Session, name: str, sector: str = "institution") -> Organization:
    """The city organization of a new installation (used by create-admin)."""
    org = Organization(name=name, level="city", sector=sector, has_approval_authority=True)
    db.add(org)
    db.flush()
    org.path = f"/{org.id}/"
    return org


def create_org(db: Session, principal: Principal, *, name: str, parent_id: int, level: str, sector: str,
               staff_count: int | None = None, has_approval_authority: bool | None = None) -> Organization:
    """A new organization under one the caller may change."""
    parent = get_org(db, principal, parent_id, write=True)
    _check_values(level, sector, staff_count)
    if not child_level_allowed(parent.level, level):
        raise RuleViolation(f"{LEVELS[parent.level]}下不能直接设立{LEVELS[level]}",
                            code="level_not_allowed", fields={"level": ["与上级组织层级不匹配"]})
    org = Organization(name=name, parent_id=parent.id, level=level, sector=sector, staff_count=staff_count,
                       has_approval_authority=bool(has_approval_authority) if level != "branch" else False)
    db.add(org)
    db.flush()
    org.path = f"{parent.path}{org.id}/"
    audit.record(db, principal, "org.created", "organization", org.id, org.id, name=name, level=level)
    return org


def update_org(db: Session, principal: Principal, org_id: int, changes: dict) -> Organization:
    """Edit an organization; moving it re-roots its whole subtree."""
    org = get_org(db, principal, org_id, write=True)
    if org.path in principal.write_paths and set(changes) - {"name", "staff_count"}:
        raise RuleViolation("不能修改自己所在组织的层级、领域或上级", code="own_org_locked")
    _check_values(changes.get("level", org.level), changes.get("sector", org.sector),
                  changes.get("staff_count", org.staff_count))
    new_parent_id = changes.pop("parent_id", org.parent_id)
    if new_parent_id != org.parent_id:
        parent = get_org(db, principal, new_parent_id, write=True)
        if parent.path.startswith(org.path):
            raise RuleViolation("不能把组织移到它自己的下级", code="cycle")
        old_path, new_path = org.path, f"{parent.path}{org.id}/"
        for node in db.scalars(select(Organization).where(Organization.path.startswith(old_path))):
            node.path = new_path + node.path[len(old_path):]
        org.parent_id = parent.id
    for key, value in changes.items():
        setattr(org, key, value)
    parent = db.get(Organization, org.parent_id) if org.parent_id else None
    if parent and not child_level_allowed(parent.level, org.level):
        raise RuleViolation("组织层级与上级不匹配", code="level_not_allowed")
    audit.record(db, principal, "org.updated", "organization", org.id, org.id, fields=sorted(changes))
    return org


def delete_org(db: Session, principal: Principal, org_id: int) -> None:
    """Remove an empty organization (no children, people or accounts)."""
    org = get_org(db, principal, org_id, write=True)
    if org.path in principal.write_paths:
        raise RuleViolation("不能删除自己所在的组织", code="own_org_locked")
    for model, column, what in ((Organization, Organization.parent_id, "下级组织"), (Person, Person.org_id, "人员"),
                                (Account, Account.org_id, "账号")):
        if db.scalar(select(func.count()).select_from(model).where(column == org.id)):
            raise Conflict(f"该组织仍有{what}，不能删除", code="org_not_empty")
    audit.record(db, principal, "org.deleted", "organization", org.id, org.parent_id, name=org.name)
    db.delete(org)
