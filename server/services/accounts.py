"""Staff accounts: created by a superior's staff for organizations in their subtree."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain.errors import Conflict, Forbidden, NotFound, RuleViolation
from server.domain.vocab import LEVELS, ROLE_LEVELS, ROLES
from server.models import Account, Organization
from server.services import audit
from server.services.auth import hash_password
from server.services.scope import Principal, get_org, get_person, in_paths, require_staff, require_writer

MIN_PASSWORD = 8


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise RuleViolation(f"密码至少 {MIN_PASSWORD} 位", fields={"password": [f"密码至少 {MIN_PASSWORD} 位"]})


def _check_role(role: str, org: Organization) -> None:
    if role not in ROLES:
        raise RuleViolation("角色无效", fields={"role": ["应为 " + "、".join(ROLES)]})
    if org.level not in ROLE_LEVELS[role]:
        raise RuleViolation(f"{ROLES[role]}不能设在{LEVELS[org.level]}", code="role_level_mismatch",
                            fields={"role": ["角色与组织层级不匹配"]})


def create_account(db: Session, principal: Principal, *, username: str, password: str, role: str,
                   org_id: int, person_id: int | None = None) -> Account:
    """Only organization staff create accounts, and only inside their subtree."""
    principal = require_writer(principal)
    if principal.role != "org_staff":
        raise Forbidden("只有组织部门工作人员可以创建账号")
    org = get_org(db, principal, org_id, write=True)
    _check_role(role, org)
    _check_password(password)
    if db.scalar(select(Account.id).where(Account.username == username)) is not None:
        raise Conflict("用户名已被使用", code="username_taken", fields={"username": ["用户名已被使用"]})
    if person_id is not None:
        get_person(db, principal, person_id)
        if db.scalar(select(Account.id).where(Account.person_id == person_id)) is not None:
            raise Conflict("该人员已有账号", code="person_has_account")
    account = Account(username=username, password_hash=hash_password(password), role=role, org_id=org.id,
                      person_id=person_id, token_version=1, active=True)
    db.add(account)
    db.flush()
    audit.record(db, principal, "account.created", "account", account.id, org.id, username=username, role=role)
    return account


def create_first_admin(db: Session, *, org_name: str, username: str, password: str) -> Account:
    """The first account of an installation: org staff of the city organization (created if missing)."""
    from server.services.orgs import create_root

    _check_password(password)
    org = db.scalar(select(Organization).where(Organization.name == org_name, Organization.parent_id.is_(None)))
    org = org or create_root(db, org_name)
    if db.scalar(select(Account.id).where(Account.username == username)) is not None:
        raise Conflict("用户名已被使用", code="username_taken")
    account = Account(username=username, password_hash=hash_password(password), role="org_staff", org_id=org.id,
                      token_version=1, active=True)
    db.add(account)
    db.flush()
    audit.record(db, None, "account.created", "account", account.id, org.id, username=username,
                 role="org_staff", via="create-admin")
    return account


def get_account(db: Session, principal: Principal, account_id: int) -> Account:
    principal = require_staff(principal)
    account = db.get(Account, account_id)
    if account is None:
        raise NotFound("找不到该账号", code="account_not_found")
    get_org(db, principal, account.org_id)  # NotFound when outside the subtree
    return account


def list_accounts(db: Session, principal: Principal) -> list[Account]:
    principal = require_staff(principal)
    return list(db.scalars(
        select(Account).join(Organization, Organization.id == Account.org_id)
        .where(in_paths(Organization.path, principal.read_paths)).order_by(Account.id)))


def update_account(db: Session, principal: Principal, account_id: int, changes: dict) -> Account:
    """Reset a password, change role or deactivate; any of these revokes the account's tokens."""
    principal = require_writer(principal)
    if principal.role != "org_staff":
        raise Forbidden("只有组织部门工作人员可以修改账号")
    account = get_account(db, principal, account_id)
    org = get_org(db, principal, account.org_id, write=True)
    if account.id == principal.account_id and ("active" in changes or "role" in changes):
        raise RuleViolation("不能停用自己或修改自己的角色", code="own_account_locked")
    if "role" in changes:
        _check_role(changes["role"], org)
        account.role = changes["role"]
    if "password" in changes:
        _check_password(changes["password"])
        account.password_hash = hash_password(changes["password"])
    if "active" in changes:
        account.active = bool(changes["active"])
    account.token_version += 1
    audit.record(db, principal, "account.updated", "account", account.id, account.org_id,
                 fields=sorted(changes))
    return account
