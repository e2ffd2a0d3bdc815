"""Roster people: listing, creating, editing and removing, with sensitive numbers protected."""
from __future__ import annotations

from sqlalchemy import delete, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server import clock
from server.adapters import secrets
from server.domain import identity
from server.domain.eligibility import mass_category_problem
from server.domain.errors import Conflict, RuleViolation
from server.domain.person_rules import PersonValues, missing_fields, person_problems
from server.domain.vocab import GENDERS, STATUSES
from server.models import Account, BindCode, Organization, Person, WechatBinding
from server.services import audit, due, record_history, records
from server.services.scope import Principal, get_org, get_person, in_paths, require_staff

# The date column that records when each status began (the person's path to membership).
STATUS_DATE_COLUMN = {
    "applicant": "applied_at",
    "activist": "activist_at",
    "target": "target_at",
    "probationary": "probationary_at",
    "member": "full_member_at",
}


def set_id_card(db: Session, person: Person, id_card: str | None, *, within: tuple[str, ...]) -> None:
    """Store an ID number encrypted, masked and keyed-hashed; refuse an invalid one, or one already on a roster
    `within` the given subtrees (the caller's). Rosters outside them are not consulted: the answer must not tell
    anyone whether a citizen is registered elsewhere."""
    if not id_card:
        person.id_card_enc = person.id_card_masked = person.id_card_hash = None
        return
    problem = identity.id_card_error(id_card)
    if problem:
        raise RuleViolation(problem, fields={"id_card": [problem]})
    id_card = identity.normalize_id_card(id_card)
    digest = secrets.keyed_hash(id_card, "id-card")
    other = db.scalar(select(Person.id).join(Organization, Organization.id == Person.org_id)
                      .where(Person.id_card_hash == digest, in_paths(Organization.path, within)))
    if other is not None and other != person.id:
        raise Conflict("您管辖范围内已有人员登记了该身份证号，请勿重复添加", code="duplicate_id_card",
                       fields={"id_card": ["身份证号重复"]})
    person.id_card_enc = secrets.encrypt(id_card)
    person.id_card_masked = identity.mask_id_card(id_card)
    person.id_card_hash = digest


def set_phone(person: Person, phone: str | None) -> None:
    if not phone:
        person.phone_enc = person.phone_masked = person.phone_hash = None
        return
    number = identity.normalize_phone(phone)  # "138 0013 8000" and "+86 13800138000" are the same number
    problem = identity.phone_error(number or phone)
    if problem:
        raise RuleViolation(problem, fields={"phone": [problem]})
    person.phone_enc = secrets.encrypt(number)
    person.phone_masked = identity.mask_phone(number)
    person.phone_hash = phone_hash(number)


def phone_hash(phone: str) -> str | None:
    """The keyed hash a roster phone is found by (None for what is not a mainland mobile number)."""
    number = identity.normalize_phone(phone)
    return secrets.keyed_hash(number, "phone") if number else None


def _check(values: dict, person: Person | None = None) -> None:
    """The person rules of server.domain.person_rules, over the values as they would stand after the change."""
    fields: dict[str, list[str]] = {}
    if "status" in values and values["status"] not in STATUSES:
        fields["status"] = ["应为 " + "、".join(STATUSES)]
    if values.get("gender") is not None and values["gender"] not in GENDERS:
        fields["gender"] = ["应为 male 或 female"]
    if not fields:
        merged = {key: values[key] if key in values else getattr(person, key, None)
                  for key in ("status", "birth_date", "applied_at", "status_since")}
        for field, message in person_problems(PersonValues(**merged), clock.today()):
            fields.setdefault(field, []).append(message)
    if fields:
        raise RuleViolation("人员信息有误：" + "；".join(m for key in sorted(fields) for m in fields[key]), fields=fields)


def _check_mass_category(values: dict, person: Person | None, sector: str) -> None:
    status = values.get("status") or (person.status if person else None)
    category = values.get("mass_category", person.mass_category if person else None)
    if "status" in values and status != "mass_rep" and "mass_category" not in values:
        category = None  # no longer a mass representative: the category goes with it
        values["mass_category"] = None
    problem = mass_category_problem(sector, status, category)
    if problem:
        raise RuleViolation(problem, code="mass_category", fields={"mass_category": [problem]})


def incomplete(person: Person) -> list[str]:
    """What a record on the path to membership still lacks (身份证号, 手机号, ...)."""
    return missing_fields(person.status, {"id_card": bool(person.id_card_hash), "phone": bool(person.phone_enc),
                                          "birth_date": person.birth_date is not None,
                                          "gender": person.gender is not None})


def apply_values(person: Person, values: dict) -> None:
    """Copy plain values onto a person; status_since also fills the date column of that status."""
    for key in ("name", "status", "gender", "birth_date", "education", "occupation", "committee_member",
                "applied_at", "status_since", "activist_at", "target_at", "probationary_at", "full_member_at",
                "residence", "hukou_place", "is_student", "mass_category"):
        if key in values:
            setattr(person, key, values[key])
    if person.status_since and person.status in STATUS_DATE_COLUMN:
        column = STATUS_DATE_COLUMN[person.status]
        if getattr(person, column) is None or "status_since" in values:
            setattr(person, column, person.status_since)


def create_person(db: Session, principal: Principal, org_id: int, values: dict) -> tuple[Person, list[dict]]:
    """A new roster person; the steps before their status count as done before the system, and a `history` of
    dated steps from the paper file is recorded (what breaks a rule is flagged, and the flags returned)."""
    org = get_org(db, principal, org_id, write=True)
    _check(values)
    _check_mass_category(values, None, org.sector)
    history = values.get("history") or {}
    record_history.check_keys(history)
    person = Person(org_id=org.id, committee_member=False, record_from=values["status"])
    apply_values(person, values)
    set_id_card(db, person, values.get("id_card"), within=principal.read_paths)
    set_phone(person, values.get("phone"))
    db.add(person)
    db.flush()
    flags = record_history.apply_history(db, principal, person, history, []) if history else []
    if person.status in due.IN_PROGRESS:
        due.refresh(db, [person.id])
    audit.record(db, principal, "person.created", "person", person.id, org.id, status=person.status)
    return person, flags


def update_person(db: Session, principal: Principal, person_id: int, values: dict) -> Person:
    """Edit a person; a different `status` is a correction that needs `correction_reason` (votes and approvals
    move people, see services.records)."""
    person = get_person(db, principal, person_id, write=True)
    values = dict(values)
    reason = values.pop("correction_reason", None)
    _check(values, person)
    if "status" in values and values["status"] != person.status:
        records.correct_status(db, principal, person, values["status"], reason)
    if "org_id" in values and values["org_id"] != person.org_id:
        person.org_id = get_org(db, principal, values["org_id"], write=True).id
    _check_mass_category(values, person, db.get(Organization, person.org_id).sector)
    apply_values(person, values)
    if "id_card" in values:
        set_id_card(db, person, values["id_card"], within=principal.read_paths)
    if "phone" in values:
        set_phone(person, values["phone"])
    audit.record(db, principal, "person.updated", "person", person.id, person.org_id,
                 fields=sorted(k for k in values if k not in ("id_card", "phone")) +
                 (["id_card"] if "id_card" in values else []) + (["phone"] if "phone" in values else []))
    if {"status", "applied_at", "status_since"} & set(values):  # what the due dates are counted from
        due.refresh(db, [person.id])
    return person


def delete_person(db: Session, principal: Principal, person_id: int) -> None:
    person = get_person(db, principal, person_id, write=True)
    if db.scalar(select(func.count()).select_from(Account).where(Account.person_id == person.id)):
        raise Conflict("该人员关联了登录账号，请先停用账号", code="person_has_account")
    db.execute(delete(BindCode).where(BindCode.person_id == person.id))
    db.execute(delete(WechatBinding).where(WechatBinding.person_id == person.id))
    audit.record(db, principal, "person.deleted", "person", person.id, person.org_id)
    db.delete(person)
    try:
        db.flush()
    except IntegrityError:
        raise Conflict("该人员已有关联记录，不能删除", code="person_in_use") from None


def list_people(db: Session, principal: Principal, *, org_id: int | None = None, status: str | None = None,
                q: str | None = None, subtree: bool = False, page: int = 1, per_page: int = 50):
    """People in the caller's subtree, optionally one organization (and its subtree), status, or name."""
    principal = require_staff(principal)
    query = select(Person).join(Organization, Organization.id == Person.org_id)
    if org_id is not None:
        org = get_org(db, principal, org_id)
        query = query.where(Organization.path.startswith(org.path) if subtree else Person.org_id == org.id)
    query = query.where(in_paths(Organization.path, principal.read_paths))
    if status:
        query = query.where(Person.status == status)
    if q:
        like = f"%{q.strip()}%"
        query = query.where(or_(Person.name.like(like), Person.occupation.like(like)))
    total = db.scalar(select(func.count()).select_from(query.subquery()))
    items = list(db.scalars(query.order_by(Person.org_id, Person.id).limit(per_page).offset((page - 1) * per_page)))
    return items, total


def bound_person_ids(db: Session, person_ids: list[int]) -> set[int]:
    """Which of these people have bound a WeChat (one query for a page)."""
    if not person_ids:
        return set()
    return set(db.scalars(select(WechatBinding.person_id).where(WechatBinding.person_id.in_(person_ids))))
