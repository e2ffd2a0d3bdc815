"""Logging in: passwords, signed tokens, WeChat login and binding a WeChat to a roster person."""
from __future__ import annotations

import json
from datetime import datetime, timedelta

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select, update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from server import clock, settings
from server.adapters import secrets
from server.domain.account_rules import normalize_username, password_problem
from server.domain.errors import Conflict, NotFound, RuleViolation, Unauthorized
from server.models import Account, BindCode, Organization, Person, WechatBinding
from server.services import audit, capabilities, people
from server.services.scope import Principal
from server.wechat.gateway import WechatLoginError

BIND_TICKET_TTL = 600
BIND_CODE_TTL = timedelta(days=7)
BIND_CODE_LENGTH = 10


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.current().secret_key, salt="auth-token")


def hash_password(password: str) -> str:
    """A salted hash of the password with the app's method (scrypt; tests use a cheap one, production refuses it)."""
    return generate_password_hash(password, method=settings.current().password_hash_method)


def issue_token(account: Account) -> str:
    """A signed, expiring bearer token of an account; it carries the account's token_version for revocation."""
    return _serializer().dumps({"p": account.person_id, "a": account.id, "v": account.token_version})


def issue_person_token(person: Person) -> str:
    """A bound member's token (no account); it carries the person's token_version for revocation."""
    return _serializer().dumps({"p": person.id, "pv": person.token_version or 1})


def principal_from_token(db: Session, token: str) -> Principal:
    """Verify a bearer token and build the caller's Principal, or raise Unauthorized."""
    try:
        payload = _serializer().loads(token, max_age=settings.current().token_max_age)
    except SignatureExpired:
        raise Unauthorized("登录已过期，请重新登录", code="token_expired") from None
    except BadSignature:
        raise Unauthorized("登录凭证无效，请重新登录", code="token_invalid") from None
    if not isinstance(payload, dict):
        raise Unauthorized("登录凭证无效，请重新登录", code="token_invalid")
    account_id, person_id = payload.get("a"), payload.get("p")
    if account_id is not None:
        account = db.get(Account, account_id)
        if account is None or not account.active or account.token_version != payload.get("v"):
            raise Unauthorized("登录已失效，请重新登录", code="token_revoked")
        return principal_for_account(db, account)
    person = db.get(Person, person_id) if isinstance(person_id, int) else None
    if person is not None:
        if person.token_version != payload.get("pv"):
            raise Unauthorized("登录已失效，请重新登录", code="token_revoked")
        return Principal(person_id=person_id)
    raise Unauthorized("登录凭证无效，请重新登录", code="token_invalid")


def principal_for_account(db: Session, account: Account) -> Principal:
    org = db.get(Organization, account.org_id)
    paths = (org.path,)
    write_paths = paths if account.role in ("secretary", "org_staff") else ()
    if account.role == "organizer":
        paths = organizer_paths(db, account)
    return Principal(account_id=account.id, person_id=account.person_id, role=account.role,
                     org_id=account.org_id, read_paths=paths, write_paths=write_paths)


def organizer_paths(db: Session, account: Account) -> tuple[str, ...]:
    """Subtrees assigned to a special organizer, while the term lasts (read access: 查阅发展党员有关文件和资料);
    from the day after `term_end` there are none."""
    from server.models import OrganizerAssignment

    today = clock.today()
    return tuple(db.scalars(select(Organization.path).join(OrganizerAssignment,
                                                                OrganizerAssignment.org_id == Organization.id)
                                 .where(OrganizerAssignment.account_id == account.id,
                                        OrganizerAssignment.term_start <= today,
                                        OrganizerAssignment.term_end >= today)))


def login(db: Session, username: str, password: str) -> tuple[str, Account]:
    """Check a username and password; one generic message so usernames cannot be probed."""
    account = db.scalar(select(Account).where(Account.username == normalize_username(username)))
    if account is None or not account.active or not check_password_hash(account.password_hash, password):
        raise Unauthorized("用户名或密码错误", code="bad_credentials")
    account.last_login_at = clock.now()
    return issue_token(account), account


def change_password(db: Session, principal: Principal, old_password: str, new_password: str) -> str:
    """Set a new password and revoke every older token of the account."""
    account = db.get(Account, principal.account_id) if principal.account_id else None
    if account is None:
        raise Unauthorized("请先登录")
    if not check_password_hash(account.password_hash, old_password):
        raise RuleViolation("原密码不正确", code="bad_credentials", fields={"old_password": ["原密码不正确"]})
    problem = password_problem(new_password, [account.username, old_password])
    if problem:
        raise RuleViolation(problem, code="weak_password", fields={"new_password": [problem]})
    account.password_hash = hash_password(new_password)
    account.must_change_password = False
    account.token_version += 1
    audit.record(db, principal, "account.password_changed", "account", account.id, account.org_id)
    return issue_token(account)


# --- WeChat ------------------------------------------------------------------------------------------

OPENID_COLUMNS = {"mp": "mp_openid", "oa": "oa_openid"}  # the binding's openid of each WeChat channel


def _bind_ticket(kind: str, openid: str, unionid: str | None) -> str:
    # Encrypted, not merely signed: the client never learns its openid (docs/voting.md).
    return secrets.encrypt(json.dumps({"k": kind, "o": openid, "u": unionid}))


def _read_bind_ticket(ticket: str) -> dict:
    data = secrets.decrypt(ticket, ttl=BIND_TICKET_TTL)
    if not data:
        raise Unauthorized("绑定凭证已过期，请重新进入小程序", code="bind_ticket_invalid")
    return json.loads(data)


def _token_for_person(db: Session, person_id: int) -> str:
    account = db.scalar(select(Account).where(Account.person_id == person_id, Account.active.is_(True)))
    return issue_token(account) if account else issue_person_token(db.get(Person, person_id))


def wechat_login(db: Session, gateway, code: str, *, channel: str = "mp") -> dict:
    """Exchange a wx.login (or official-account OAuth) code; a token if bound, else a bind ticket."""
    identity = gateway.code_to_session(code) if channel == "mp" else gateway.oa_user_from_code(code)
    column = OPENID_COLUMNS[channel]
    binding = db.scalar(select(WechatBinding).where(getattr(WechatBinding, column) == identity.openid))
    if binding is None and identity.unionid:
        binding = db.scalar(select(WechatBinding).where(WechatBinding.unionid == identity.unionid))
        if binding is not None:  # same person, other WeChat app: remember this openid too
            setattr(binding, column, identity.openid)
    token = _token_for_binding(db, binding) if binding is not None else None
    if token is None:
        return {"bind_required": True, "bind_ticket": _bind_ticket(channel, identity.openid, identity.unionid)}
    return {"bind_required": False, "token": token}


def _token_for_binding(db: Session, binding: WechatBinding) -> str | None:
    if binding.person_id is not None:
        return _token_for_person(db, binding.person_id)
    account = db.get(Account, binding.account_id)
    return issue_token(account) if account is not None and account.active else None  # a stopped account binds anew


def bind(db: Session, ticket: str, code: str) -> str:
    """Bind the WeChat identity in the ticket to the roster person of a one-time bind code."""
    data = _read_bind_ticket(ticket)
    now = clock.now()
    code_hash = secrets.keyed_hash(secrets.normalize_code(code), "bind-code")
    # Atomic conditional update: one code binds once, even when two phones race.
    used = db.execute(
        update(BindCode)
        .where(BindCode.code_hash == code_hash, BindCode.used_at.is_(None), BindCode.expires_at > now)
        .values(used_at=now)
        .returning(BindCode.person_id)
    ).first()
    if used is None:
        raise Unauthorized("绑定码无效、已使用或已过期，请向支部书记重新获取", code="bind_code_invalid")
    return _bind_person(db, data, used[0], "bind_code")


PHONE_NOT_MATCHED = "未能用这个手机号确认您的身份（花名册上没有或不止一人），请使用支部书记发给您的绑定码"


def bind_by_phone(db: Session, gateway, ticket: str, phone_code: str) -> str:
    """Bind by the phone number WeChat verified (getPhoneNumber) when exactly one roster person has it.

    No match and several matches answer alike, and neither says which: the answer never tells whether a number is on
    a roster. The number itself is never kept, logged or returned."""
    data = _read_bind_ticket(ticket)
    try:
        number = gateway.phone_number(phone_code)
    except WechatLoginError:
        raise Unauthorized("微信未能提供手机号，请重试或使用绑定码", code="phone_code_invalid") from None
    digest = people.phone_hash(number or "")
    matches = list(db.scalars(select(Person.id).where(Person.phone_hash == digest).limit(2))) if digest else []
    if len(matches) != 1:
        raise Unauthorized(PHONE_NOT_MATCHED, code="phone_not_matched")
    return _bind_person(db, data, matches[0], "phone")


def bind_staff(db: Session, ticket: str, username: str, password: str) -> tuple[str, Account]:
    """Staff log in once with their password in the mini-program: this WeChat then logs them in silently. An account
    of a roster person binds that person (as a bind code would); one without binds the account itself."""
    data = _read_bind_ticket(ticket)
    _, account = login(db, username, password)
    if account.person_id is not None:
        return _bind_person(db, data, account.person_id, "password"), account
    binding = _binding_for(db, data, WechatBinding.account_id == account.id)
    if binding is None:
        binding = WechatBinding(account_id=account.id)
        db.add(binding)
    _remember(binding, data)
    audit.record(db, principal_for_account(db, account), "wechat.bound", "account", account.id, account.org_id,
                 channel=data["k"], by="password")
    db.flush()
    return issue_token(account), account


def _binding_for(db: Session, data: dict, owner_is) -> WechatBinding | None:
    """The owner's binding (None if it has none yet); refused when this WeChat is bound to someone else."""
    mine = db.scalar(select(WechatBinding).where(owner_is))
    other = db.scalar(select(WechatBinding).where(getattr(WechatBinding, OPENID_COLUMNS[data["k"]]) == data["o"]))
    if other is not None and (mine is None or other.id != mine.id):
        raise Conflict("该微信已绑定其他人员，请联系支部书记解绑", code="wechat_already_bound")
    return mine


def _remember(binding: WechatBinding, data: dict) -> None:
    setattr(binding, OPENID_COLUMNS[data["k"]], data["o"])
    binding.unionid = data.get("u") or binding.unionid


def _bind_person(db: Session, data: dict, person_id: int, how: str) -> str:
    binding = _binding_for(db, data, WechatBinding.person_id == person_id)
    if binding is None:
        binding = WechatBinding(person_id=person_id)
        db.add(binding)
    _remember(binding, data)
    person = db.get(Person, person_id)
    person.revoke_tokens()  # a phone bound before, with another WeChat, must not keep its token
    audit.record(db, Principal(person_id=person_id), "wechat.bound", "person", person_id, person.org_id,
                 channel=data["k"], by=how)
    db.flush()
    return _token_for_person(db, person_id)


def create_bind_code(db: Session, principal: Principal, person: Person) -> tuple[str, datetime]:
    """A fresh one-time bind code for a roster person; earlier unused codes of that person stop working."""
    now = clock.now()
    db.execute(update(BindCode).where(BindCode.person_id == person.id, BindCode.used_at.is_(None))
                    .values(expires_at=now))
    code = secrets.random_code(BIND_CODE_LENGTH)
    expires = now + BIND_CODE_TTL
    db.add(BindCode(person_id=person.id, code_hash=secrets.keyed_hash(code, "bind-code"),
                         expires_at=expires, created_by=principal.account_id))
    audit.record(db, principal, "bind_code.created", "person", person.id, person.org_id)
    return code, expires


def unbind(db: Session, principal: Principal, person: Person) -> None:
    binding = db.scalar(select(WechatBinding).where(WechatBinding.person_id == person.id))
    if binding is None:
        raise NotFound("该人员尚未绑定微信", code="binding_not_found")
    db.delete(binding)
    person.revoke_tokens()
    audit.record(db, principal, "wechat.unbound", "person", person.id, person.org_id)


def demo_login(db: Session, username: str) -> str:
    """Password-less login for demo mode only (the route exists only when DEMO_MODE is on)."""
    account = db.scalar(select(Account).where(Account.username == username, Account.active.is_(True)))
    if account is None:
        raise NotFound("没有该演示账号", code="account_not_found")
    return issue_token(account)


def describe(db: Session, principal: Principal) -> dict:
    """Who the caller is, for the clients' header line."""
    account = db.get(Account, principal.account_id) if principal.account_id else None
    person = db.get(Person, principal.person_id) if principal.person_id else None
    org_id = principal.org_id or (person.org_id if person else None)
    org = db.get(Organization, org_id) if org_id else None
    return {"account_id": principal.account_id, "person_id": principal.person_id,
            "username": account.username if account else None, "name": person.name if person else None,
            "role": principal.role, "org_id": org_id, "org_name": org.name if org else None,
            "must_change_password": bool(account and account.must_change_password),
            "may": sorted(capabilities.of(db, principal))}
