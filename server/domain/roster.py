"""Roster rows (党员名册) as typed in a spreadsheet: columns, parsing and per-row validation.

Every error names the spreadsheet row (the header is row 1), the column and a Chinese message, so a
secretary can fix the file; the service imports nothing unless every row is valid.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from server.domain import identity
from server.domain.person_rules import PersonValues, person_problems
from server.domain.vocab import EDUCATIONS, GENDERS, STATUSES, label_to_key

COLUMNS = ["姓名", "身份", "性别", "出生日期", "身份证号", "手机号", "入党申请日期", "当前身份起始日期", "学历", "职业", "是否支委"]
REQUIRED_HEADERS = ["姓名", "身份"]
FIELD_COLUMNS = {"birth_date": "出生日期", "applied_at": "入党申请日期", "status_since": "当前身份起始日期"}
EXAMPLE_ROWS = [
    ["张三", "正式党员", "男", "1985-03-12", "450103198503120018", "13800000001", "2005-04-01", "2008-06-30", "大学本科", "教师", "是"],
    ["李四", "入党申请人", "女", "", "450103199511230027", "", "2025-03-01", "", "大学专科", "工人", "否"],
    ["王五", "群众代表", "男", "1970-01-01", "", "", "", "", "高中", "村民小组长", "否"],
]


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class RosterRow:
    """One valid row, with plain values ready for the people service."""

    row: int
    name: str
    status: str
    gender: str | None = None
    birth_date: date | None = None
    id_card: str | None = None
    phone: str | None = None
    applied_at: date | None = None
    status_since: date | None = None
    education: str | None = None
    occupation: str | None = None
    committee_member: bool = False
    extra: dict = field(default_factory=dict)


def parse_date(value) -> date | None:
    """Accept spreadsheet dates and the usual written forms (2024-03-01, 2024/3/1, 2024.03.01, 2024年3月1日)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", text)
    if not m:
        raise ValueError(text)
    return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def cell_text(value) -> str:
    """A cell as clean text: numbers typed as numbers lose their '.0', control characters go."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _CONTROL.sub("", str(value)).strip()


def clean_filename(name: str) -> str:
    """An uploaded file's name, safe to record."""
    return _CONTROL.sub("", name or "")[:100]


def check_headers(headers: list[str]) -> list[RowError]:
    headers = [cell_text(h) for h in headers]
    missing = [h for h in REQUIRED_HEADERS if h not in headers]
    unknown = [h for h in headers if h and h not in COLUMNS]
    errors = [RowError(1, h, "缺少必需的列") for h in missing]
    errors += [RowError(1, h, "无法识别的列，请使用模板中的列名") for h in unknown]
    return errors


def parse_rows(records: list[dict], today: date) -> tuple[list[RosterRow], list[RowError]]:
    """Validate every record (header → raw cell); return the valid rows and every error found."""
    rows: list[RosterRow] = []
    errors: list[RowError] = []
    seen_ids: dict[str, int] = {}
    for index, record in enumerate(records, start=2):
        row, row_errors = _parse_one(index, record, today)
        if row and row.id_card:
            first = seen_ids.setdefault(row.id_card, index)
            if first != index:
                row_errors.append(RowError(index, "身份证号", f"与第 {first} 行的身份证号重复"))
        errors.extend(row_errors)
        if row and not row_errors:
            rows.append(row)
    return rows, errors


class _RowReader:
    """One spreadsheet row being read: its cells, and every error found so far with its column."""

    def __init__(self, index: int, record: dict):
        self.index, self.record, self.errors = index, record, []

    def err(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.index, column, message))

    def text(self, column: str) -> str:
        return cell_text(self.record.get(column))

    def date(self, column: str) -> date | None:
        try:
            return parse_date(self.record.get(column))
        except ValueError:
            self.err(column, "日期格式应为 YYYY-MM-DD")
            return None


def _read_name_and_status(row: _RowReader) -> tuple[str, str | None]:
    name = row.text("姓名")
    if not name:
        row.err("姓名", "姓名不能为空")
    elif len(name) > 50:
        row.err("姓名", "姓名不能超过 50 个字")
    status = label_to_key(STATUSES, row.text("身份"))
    if not status:
        row.err("身份", "身份应为：" + "、".join(STATUSES.values()))
    return name, status


def _read_identity(row: _RowReader, status: str | None) -> tuple[str | None, str | None, date | None, str | None]:
    """ID number, gender and birth date (checked against each other), and the phone number."""
    id_card = identity.normalize_id_card(row.text("身份证号")) or None
    if id_card:
        problem = identity.id_card_error(id_card)
        if problem:
            row.err("身份证号", problem)
            id_card = None
    elif status and status != "mass_rep":
        row.err("身份证号", "党员、预备党员、申请人、积极分子和发展对象必须填写身份证号")
    gender_text = row.text("性别")
    gender = label_to_key(GENDERS, gender_text) if gender_text else None
    if gender_text and not gender:
        row.err("性别", "性别应为 男 或 女")
    birth = row.date("出生日期")
    if id_card:
        if gender and gender != identity.gender_from_id_card(id_card):
            row.err("性别", "性别与身份证号不一致")
        if birth and birth != identity.birth_from_id_card(id_card):
            row.err("出生日期", "出生日期与身份证号不一致")
        gender = gender or identity.gender_from_id_card(id_card)
        birth = birth or identity.birth_from_id_card(id_card)
    phone = row.text("手机号") or None
    if phone and identity.phone_error(phone):
        row.err("手机号", identity.phone_error(phone))
    return id_card, gender, birth, phone


def _read_details(row: _RowReader) -> tuple[str | None, str | None, bool]:
    education = row.text("学历") or None
    if education and education not in EDUCATIONS:
        row.err("学历", "学历应为：" + "、".join(EDUCATIONS))
    occupation = row.text("职业") or None
    if occupation and len(occupation) > 50:
        row.err("职业", "职业不能超过 50 个字")
    committee_text = row.text("是否支委")
    if committee_text not in ("", "是", "否"):
        row.err("是否支委", "请填写 是 或 否")
    return education, occupation, committee_text == "是"


def _parse_one(index: int, record: dict, today: date) -> tuple[RosterRow | None, list[RowError]]:
    row = _RowReader(index, record)
    name, status = _read_name_and_status(row)
    id_card, gender, birth, phone = _read_identity(row, status)
    applied_at, status_since = row.date("入党申请日期"), row.date("当前身份起始日期")
    # The rules every person record keeps, however it arrives.
    values = PersonValues(status=status or "", birth_date=birth, applied_at=applied_at, status_since=status_since)
    for field_name, message in person_problems(values, today):
        row.err(FIELD_COLUMNS[field_name], message)
    education, occupation, committee_member = _read_details(row)
    if row.errors:
        return None, row.errors
    return RosterRow(
        row=index, name=name, status=status, gender=gender, birth_date=birth, id_card=id_card, phone=phone,
        applied_at=applied_at, status_since=status_since, education=education, occupation=occupation,
        committee_member=committee_member,
    ), row.errors
