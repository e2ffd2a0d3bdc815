"""Staff accounts: created by a superior's staff for organizations in their subtree."""
from __future__ import annotations

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from server.domain.account_rules import (
    ADMIN_ROLES,
    may_manage,
    normalize_username,
    password_problem,
    username_problem,
    username_skeleton,
)
from server.domain.errors import Conflict, Forbidden, NotFound, RuleViolation
from server.domain.vocab import LEVELS, ROLE_LEVELS, ROLES
from server.models import Account, Organization, WechatBinding
from server.services import audit
from server.services.auth import hash_password
from server.services.scope import Principal, get_org, get_person, in_paths, require_staff, require_writer


def _check_password(password: str, username: str | None = None) -> None:
    problem = password_problem(password, [username] if username else [])
    if problem:
        raise RuleViolation(problem, code="weak_password", fields={"password": [problem]})


def _check_admin(role: str, admin: bool) -> None:
    if admin and role not in ADMIN_ROLES:
        raise RuleViolation("只有组织部门工作人员或支部书记可以被指定为管理员", code="admin_not_staff",
                            fields={"admin": ["仅限组织部门工作人员或支部书记"]})


def _check_role(role: str, org: Organization) -> None:
    if role not in ROLES:
        raise RuleViolation("角色无效", fields={"role": ["应为 " + "、".join(ROLES)]})
    if org.level not in ROLE_LEVELS[role]:
        raise RuleViolation(f"{ROLES[role]}不能设在{LEVELS[org.level]}", code="role_level_mismatch",
                            fields={"role": ["角色与组织层级不匹配"]})


def _checked_username(db: Session, raw: str) -> str:
    username = normalize_username(raw)
    problem = username_problem(username)
    if problem:
        raise RuleViolation(problem, code="username_invalid", fields={"username": [problem]})
    if db.scalar(select(Account.id).where(func.lower(Account.username) == username)) is not None:
        raise Conflict("用户名已被使用", code="username_taken", fields={"username": ["用户名已被使用"]})
    skeleton = func.replace(func.replace(func.replace(func.replace(func.lower(Account.username), ".", ""), "_", ""),
                                         "-", ""), "@", "")
    if db.scalar(select(Account.username).where(skeleton == username_skeleton(username)).limit(1)) is not None:
        raise Conflict("用户名与已有账号过于相似，容易被冒认，请换一个", code="username_look_alike",
                       fields={"username": ["与已有用户名只差符号"]})
    return username


def _manager(db: Session, principal: Principal) -> tuple[str, bool] | None:
    """The caller's own organization path and administrator flag, when their role may manage accounts at all."""
    if principal.role not in ADMIN_ROLES or not principal.can_write:
        return None
    manager = db.get(Account, principal.account_id)
    return db.get(Organization, manager.org_id).path, manager.admin


def manages(db: Session, principal: Principal, org: Organization) -> bool:
    """Whether the caller manages the accounts of `org`: superior staff, or its designated administrator."""
    manager = _manager(db, principal)
    return manager is not None and may_manage(*manager, org.path)


def _require_manager(db: Session, principal: Principal, org: Organization, action: str) -> None:
    if not manages(db, principal, org):
        raise Forbidden(f"只有上级组织部门或本组织指定的管理员可以{action}", code="not_account_manager")


def create_account(db: Session, principal: Principal, *, username: str, password: str, role: str,
                   org_id: int, person_id: int | None = None, admin: bool = False) -> Account:
    """Organization staff create accounts below them; designated administrators (a branch's too) beside them."""
    principal = require_writer(principal)
    org = get_org(db, principal, org_id, write=True)
    _check_role(role, org)
    _check_admin(role, admin)
    _require_manager(db, principal, org, "为本组织创建账号")
    username = _checked_username(db, username)
    _check_password(password, username)
    if person_id is not None:
        person = get_person(db, principal, person_id)
        # A special organizer's account sits at the committee that appointed them; they are on a branch's roster.
        on_roster = person.org_id == org.id or (
            role == "organizer" and db.get(Organization, person.org_id).path.startswith(org.path))
        if not on_roster:
            raise RuleViolation("关联的人员须在该账号所属组织的名册上", code="person_not_in_org",
                                fields={"person_id": ["不是该组织名册上的人员"]})
        if db.scalar(select(Account.id).where(Account.person_id == person_id)) is not None:
            raise Conflict("该人员已有账号", code="person_has_account")
    account = Account(username=username, password_hash=hash_password(password), role=role, org_id=org.id,
                      person_id=person_id, token_version=1, active=True, admin=admin, must_change_password=True)
    db.add(account)
    db.flush()
    audit.record(db, principal, "account.created", "account", account.id, org.id, username=username, role=role)
    return account


def create_first_admin(db: Session, *, org_name: str, username: str, password: str) -> Account:
    """The first account of an installation: org staff of the city organization (created if missing)."""
    from server.services.orgs import create_root

    username = _checked_username(db, username)
    _check_password(password, username)
    org = db.scalar(select(Organization).where(Organization.name == org_name, Organization.parent_id.is_(None)))
    org = org or create_root(db, org_name)
    account = Account(username=username, password_hash=hash_password(password), role="org_staff", org_id=org.id,
                      token_version=1, active=True, admin=True)
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


def list_accounts(db: Session, principal: Principal) -> list[dict]:
    """The accounts of the caller's subtree, each saying whether the caller manages it (the page offers only that)."""
    principal = require_staff(principal)
    rows = db.execute(
        select(Account, Organization).join(Organization, Organization.id == Account.org_id)
        .where(in_paths(Organization.path, principal.read_paths)).order_by(Account.id)).all()
    manager = _manager(db, principal)  # once, not per row
    return [{**_fields(account), "manageable": manager is not None and may_manage(*manager, org.path)
             and account.id != principal.account_id} for account, org in rows]


def _fields(account: Account) -> dict:
    return {name: getattr(account, name) for name in
            ("id", "username", "role", "org_id", "person_id", "active", "admin", "last_login_at",
             "must_change_password")}


def _stops_administering(changes: dict) -> bool:
    return changes.get("active") is False or changes.get("admin") is False or changes.get("role", "org_staff") != "org_staff"


def _keep_an_administrator(db: Session, account: Account) -> None:
    """Nobody removes the last active administrator of an organization. The organization's administrators are
    locked while counted: two of them deactivating each other at once cannot both succeed (#24)."""
    admins = db.scalars(select(Account.id).where(Account.org_id == account.org_id, Account.admin.is_(True),
                                                 Account.active.is_(True)).order_by(Account.id).with_for_update()).all()
    if not [admin_id for admin_id in admins if admin_id != account.id]:
        raise Conflict("这是该组织最后一位有效的管理员账号，不能停用或取消管理员；请先指定另一位管理员",
                       code="last_admin")


def update_account(db: Session, principal: Principal, account_id: int, changes: dict) -> Account:
    """Reset a password, change role or deactivate; any of these revokes the account's tokens."""
    principal = require_writer(principal)
    account = get_account(db, principal, account_id)
    org = get_org(db, principal, account.org_id, write=True)
    if account.id == principal.account_id and ({"active", "role", "admin"} & set(changes)):
        raise RuleViolation("不能停用自己或修改自己的角色", code="own_account_locked")
    if account.id == principal.account_id and "password" in changes:
        raise RuleViolation("修改自己的密码请用“修改密码”，并输入原密码", code="own_password_via_change",
                            fields={"password": ["须验证原密码"]})
    _require_manager(db, principal, org, "管理本组织的账号")
    if account.admin and account.active and _stops_administering(changes):
        _keep_an_administrator(db, account)
    if "role" in changes:
        _check_role(changes["role"], org)
        account.role = changes["role"]
    if "admin" in changes:
        _check_admin(account.role, bool(changes["admin"]))
        account.admin = bool(changes["admin"])
    if "password" in changes:
        _check_password(changes["password"], account.username)
        account.password_hash = hash_password(changes["password"])
        account.must_change_password = True
    if "active" in changes:
        account.active = bool(changes["active"])
    if "password" in changes or not account.active:
        # A WeChat that logged in with the old password logs in no more: the account's own binding, and for an account
        # of a roster person that person's (it logs the account in too); the member binds again in one tap.
        owner = WechatBinding.account_id == account.id
        if account.person_id is not None:
            owner = or_(owner, WechatBinding.person_id == account.person_id)
        db.execute(delete(WechatBinding).where(owner))
    account.token_version += 1
    audit.record(db, principal, "account.updated", "account", account.id, account.org_id,
                 fields=sorted(changes))
    return account
