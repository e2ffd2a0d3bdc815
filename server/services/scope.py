"""Permission scoping in one place: who is calling, and which organizations they may see or change.

A staff account acts on its organization and everything under it (docs/rules.md); an organizer
reads the organizations assigned to them. Anything outside is reported as not found, never as data.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import false, or_, select
from sqlalchemy.orm import Session

from server.domain.errors import Forbidden, NotFound, Unauthorized
from server.models import Organization, Person

WRITER_ROLES = {"secretary", "org_staff"}


@dataclass(frozen=True)
class Principal:
    """The authenticated caller: a staff account, a bound roster person, or both."""

    account_id: int | None = None
    person_id: int | None = None
    role: str | None = None
    org_id: int | None = None
    # Materialized paths of the subtrees the caller may read.
    read_paths: tuple[str, ...] = field(default_factory=tuple)
    # Materialized paths of the subtrees the caller may change.
    write_paths: tuple[str, ...] = field(default_factory=tuple)

    @property
    def is_staff(self) -> bool:
        return self.account_id is not None

    @property
    def can_write(self) -> bool:
        return self.role in WRITER_ROLES


def require_login(principal: Principal | None) -> Principal:
    if principal is None:
        raise Unauthorized("请先登录")
    return principal


def require_staff(principal: Principal | None) -> Principal:
    principal = require_login(principal)
    if not principal.is_staff:
        raise Forbidden("此操作仅限组织工作人员")
    return principal


def require_writer(principal: Principal | None) -> Principal:
    principal = require_staff(principal)
    if not principal.can_write:
        raise Forbidden("当前角色只能查看，不能修改")
    return principal


def is_city_staff(db: Session, principal: Principal | None) -> bool:
    """The city's organization department (市委组织部): staff of the city's own organization."""
    if principal is None or principal.role != "org_staff":
        return False
    org = db.get(Organization, principal.org_id)
    return org is not None and org.level == "city"


def require_city_staff(db: Session, principal: Principal | None, message: str) -> Principal:
    principal = require_writer(principal)
    if not is_city_staff(db, principal):
        raise Forbidden(message, code="not_city_staff")
    return principal


def in_paths(path_column, paths: tuple[str, ...]):
    """SQL condition: the row's organization path lies in one of the subtrees."""
    if not paths:
        return false()
    return or_(*[path_column.startswith(p, autoescape=True) for p in paths])


def visible_org_ids(principal: Principal, *, write: bool = False):
    """Subquery of the organization ids the caller may read (or change)."""
    paths = principal.write_paths if write else principal.read_paths
    return select(Organization.id).where(in_paths(Organization.path, paths))


def get_org(db: Session, principal: Principal, org_id: int, *, write: bool = False) -> Organization:
    """Load an organization inside the caller's subtree, or raise NotFound / Forbidden."""
    principal = require_writer(principal) if write else require_staff(principal)
    org = db.get(Organization, org_id) if isinstance(org_id, int) else None
    if org is None or not _path_in(org.path, principal.read_paths):
        raise NotFound("找不到该组织，或不在您的管辖范围内", code="org_not_found")
    if write and not _path_in(org.path, principal.write_paths):
        raise Forbidden("您对该组织只有查看权限")
    return org


def get_person(db: Session, principal: Principal, person_id: int, *, write: bool = False) -> Person:
    """Load a roster person whose organization is inside the caller's subtree."""
    principal = require_writer(principal) if write else require_staff(principal)
    person = db.get(Person, person_id) if isinstance(person_id, int) else None
    if person is None:
        raise NotFound("找不到该人员，或不在您的管辖范围内", code="person_not_found")
    org = db.get(Organization, person.org_id)
    if not _path_in(org.path, principal.read_paths):
        raise NotFound("找不到该人员，或不在您的管辖范围内", code="person_not_found")
    if write and not _path_in(org.path, principal.write_paths):
        raise Forbidden("您对该人员只有查看权限")
    return person


def get_owned(db: Session, principal: Principal, model, obj_id: int, *, write: bool = False,
              what: str = "记录"):
    """Load a row that belongs to an organization (`org_id`) inside the caller's subtree."""
    principal = require_writer(principal) if write else require_staff(principal)
    obj = db.get(model, obj_id) if isinstance(obj_id, int) else None
    org = db.get(Organization, obj.org_id) if obj is not None else None
    if org is None or not _path_in(org.path, principal.read_paths):
        raise NotFound(f"找不到该{what}，或不在您的管辖范围内", code="not_found")
    if write and not _path_in(org.path, principal.write_paths):
        raise Forbidden(f"您对该{what}只有查看权限")
    return obj


def can_read_org(principal: Principal | None, org: Organization) -> bool:
    return principal is not None and principal.is_staff and _path_in(org.path, principal.read_paths)


def can_write_org(principal: Principal | None, org: Organization) -> bool:
    return principal is not None and principal.can_write and _path_in(org.path, principal.write_paths)


def _path_in(path: str, paths: tuple[str, ...]) -> bool:
    return any(path.startswith(p) for p in paths)
