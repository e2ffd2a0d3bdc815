"""The rules every person record keeps, however it arrives (the roster import, POST /people, PATCH /people).

- no date lies in the future;
- applicants, activists and targets have an application date (入党申请日期); activists, targets and
  probationary members the date their status began (当前身份起始日期);
- a status cannot have begun before the application;
- the applicant was at least 18 on the day of application (党章第一条: 年满十八岁).
ID-card and phone numbers are not required here: a record without them is incomplete, not invalid.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from server.domain.eligibility import add_months
from server.domain.vocab import STATUSES

NEEDS_APPLIED_AT = frozenset({"applicant", "activist", "target"})
NEEDS_STATUS_SINCE = frozenset({"activist", "target", "probationary"})
ADULT_MONTHS = 18 * 12
DATE_FIELDS = ("birth_date", "applied_at", "status_since")
# What an incomplete record lacks, for people on the way to membership (mass representatives need neither).
IDENTIFYING_FIELDS = {"id_card": "身份证号", "phone": "手机号", "birth_date": "出生日期", "gender": "性别"}


@dataclass(frozen=True)
class PersonValues:
    """A person's values as they would stand after a change."""

    status: str
    birth_date: date | None = None
    applied_at: date | None = None
    status_since: date | None = None


def person_problems(person: PersonValues, today: date) -> list[tuple[str, str]]:
    """Every broken rule as (field, Chinese message); empty when the record may be stored."""
    problems = []
    for field in DATE_FIELDS:
        value = getattr(person, field)
        if value is not None and value > today:
            problems.append((field, "日期不能晚于今天"))
    if person.status in NEEDS_APPLIED_AT and person.applied_at is None:
        problems.append(("applied_at", f"{STATUSES[person.status]}必须填写入党申请日期"))
    if person.status in NEEDS_STATUS_SINCE and person.status_since is None:
        problems.append(("status_since", f"{STATUSES[person.status]}必须填写当前身份起始日期"))
    if person.applied_at and person.status_since and person.status not in ("applicant", "mass_rep") \
            and person.status_since < person.applied_at:
        problems.append(("status_since", "当前身份起始日期不能早于入党申请日期"))
    if person.birth_date and person.applied_at and add_months(person.birth_date, ADULT_MONTHS) > person.applied_at:
        problems.append(("applied_at", "申请入党时应年满 18 岁"))
    return problems


def missing_fields(status: str, present: dict[str, bool]) -> list[str]:
    """The identifying fields a record on the path to membership still lacks (shown as 信息不完整)."""
    if status == "mass_rep":
        return []
    return [label for field, label in IDENTIFYING_FIELDS.items() if not present.get(field)]
