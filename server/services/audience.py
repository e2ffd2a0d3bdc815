"""Who a notice reaches: organization subtrees, roles and listed people — never outside the sender's subtree."""
from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from server.domain.errors import RuleViolation
from server.domain.vocab import ROLES, STATUSES
from server.models import Account, Organization, Person
from server.services.scope import Principal, get_org, get_person, in_paths, require_writer


def resolve(db: Session, principal: Principal, audience: dict) -> list[int]:
    """Person ids of the audience. `roles` may name account roles (secretary, org_staff, organizer) or
    roster statuses (member, probationary, applicant, …); without roles everyone but mass representatives."""
    principal = require_writer(principal)
    org_ids, roles, person_ids = audience.get("org_ids") or [], audience.get("roles") or [], audience.get("person_ids") or []
    unknown = [r for r in roles if r not in ROLES and r not in STATUSES]
    if unknown:
        raise RuleViolation("角色无效：" + "、".join(map(str, unknown)), fields={"audience": ["角色无效"]})
    if not org_ids and not person_ids:
        raise RuleViolation("请选择接收的组织或人员", code="empty_audience", fields={"audience": ["不能为空"]})
    paths = tuple(get_org(db, principal, org_id, write=True).path for org_id in org_ids)
    people: set[int] = set()
    if paths:
        query = (select(Person.id).join(Organization, Organization.id == Person.org_id)
                 .where(in_paths(Organization.path, paths)))
        statuses = [r for r in roles if r in STATUSES]
        account_roles = [r for r in roles if r in ROLES]
        if roles:
            conditions = []
            if statuses:
                conditions.append(Person.status.in_(statuses))
            if account_roles:
                conditions.append(Person.id.in_(select(Account.person_id).where(Account.role.in_(account_roles),
                                                                                 Account.active.is_(True))))
            query = query.where(or_(*conditions))
        else:
            query = query.where(Person.status != "mass_rep")
        people.update(db.scalars(query))
    for person_id in person_ids:
        people.add(get_person(db, principal, person_id, write=True).id)
    return sorted(people)


def staff_people(db: Session, org_id: int) -> list[int]:
    """The roster persons behind an organization's active accounts: who a push to that organization's staff reaches."""
    return staff_people_of(db, [org_id]).get(org_id, [])


def staff_people_of(db: Session, org_ids: list[int]) -> dict[int, list[int]]:
    """`staff_people` of many organizations in one read."""
    found: dict[int, list[int]] = {}
    for start in range(0, len(org_ids), 1000):
        for org_id, person_id in db.execute(select(Account.org_id, Account.person_id).where(
                Account.org_id.in_(org_ids[start:start + 1000]), Account.active.is_(True), Account.person_id.is_not(None))):
            found.setdefault(org_id, []).append(person_id)
    return found
