"""Roster files (名册): the template, importing all-or-nothing with a per-row report, exporting masked."""
from __future__ import annotations

import csv
import io
from datetime import date

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from sqlalchemy import select
from sqlalchemy.orm import Session

from server import clock, settings
from server.adapters import secrets
from server.adapters.spreadsheets import RosterFileError, read_file
from server.domain import roster as rules
from server.domain.vocab import EDUCATIONS, GENDERS, STATUSES
from server.models import Organization, Person
from server.services import audit
from server.services.people import apply_values, set_id_card, set_phone
from server.services.records import correct_status
from server.services.scope import Principal, get_org, in_paths

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def import_roster(db: Session, principal: Principal, org_id: int, data: bytes, filename: str) -> dict:
    """Validate every row first; import nothing unless all rows are valid. Existing ID numbers update."""
    org = get_org(db, principal, org_id, write=True)
    header, records = read_file(data, filename, settings.current().roster_max_rows)
    errors = rules.check_headers(header)
    if not errors:
        rows, errors = rules.parse_rows(records, clock.today())
    if not errors and not records:
        raise RosterFileError("文件中没有数据行")
    if not errors:
        errors = _check_against_database(db, org.id, rows, principal.read_paths)
    if errors:
        raise RosterFileError(f"名册有 {len(errors)} 处错误，未导入任何数据，请修改后重新上传",
                              extra={"rows": [e.as_dict() for e in errors[:500]]})
    created = updated = 0
    existing_mass = {p.name: p for p in db.scalars(
        select(Person).where(Person.org_id == org.id, Person.status == "mass_rep", Person.id_card_hash.is_(None)))}
    for row in rows:
        person = None
        if row.id_card:
            person = db.scalar(select(Person).where(
                Person.org_id == org.id, Person.id_card_hash == secrets.keyed_hash(row.id_card, "id-card")))
        elif row.status == "mass_rep":
            person = existing_mass.get(row.name)
        if person is None:
            person = Person(org_id=org.id, committee_member=False, record_from=row.status)
            db.add(person)
            created += 1
        else:
            updated += 1
            if person.status != row.status:  # a status changes only by procedure, or as a recorded correction
                correct_status(db, principal, person, row.status, f"名册导入更正（{rules.clean_filename(filename)}）")
        apply_values(person, {k: getattr(row, k) for k in (
            "name", "status", "gender", "birth_date", "education", "occupation", "committee_member",
            "applied_at", "status_since") if getattr(row, k) is not None})
        if row.id_card:
            set_id_card(db, person, row.id_card, within=principal.read_paths)
        if row.phone:
            set_phone(person, row.phone)
        db.flush()
    audit.record(db, principal, "roster.imported", "organization", org.id, org.id,
                 created=created, updated=updated, filename=rules.clean_filename(filename))
    return {"created": created, "updated": updated, "total": len(rows)}


def _check_against_database(db: Session, org_id: int, rows, within: tuple[str, ...]) -> list[rules.RowError]:
    """ID numbers already on another roster of the caller's subtree cannot be imported here (rosters outside it
    are not consulted, see people.set_id_card)."""
    hashes = {secrets.keyed_hash(r.id_card, "id-card"): r for r in rows if r.id_card}
    if not hashes:
        return []
    errors = []
    found = db.execute(select(Person.id_card_hash, Person.org_id).join(Organization, Organization.id == Person.org_id)
                       .where(Person.id_card_hash.in_(list(hashes)), in_paths(Organization.path, within)))
    for digest, other_org in found:
        if other_org != org_id:
            errors.append(rules.RowError(hashes[digest].row, "身份证号", "您管辖范围内的其他组织已登记该身份证号，请先办理组织关系转接"))
    return sorted(errors, key=lambda e: e.row)


def _styled_workbook(title: str, rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(rules.COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="FFE0E0")
    for row in rows:
        append_as_text(sheet, row)
    for index, width in enumerate([10, 12, 6, 12, 22, 14, 14, 16, 12, 14, 8], start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = width
    return workbook


def template_xlsx() -> bytes:
    """The roster template with example rows and a sheet explaining each column."""
    workbook = _styled_workbook("名册", rules.EXAMPLE_ROWS)
    notes = workbook.create_sheet("填写说明")
    for line in [
        ["列", "说明"],
        ["身份", "、".join(STATUSES.values())],
        ["性别", "、".join(GENDERS.values()) + "（填写身份证号时可留空，自动识别）"],
        ["日期", "格式 YYYY-MM-DD，如 2024-03-01"],
        ["身份证号", "18 位；群众代表可不填。导入时若身份证号已存在则更新该人员"],
        ["入党申请日期", "入党申请人、积极分子、发展对象必填"],
        ["当前身份起始日期", "积极分子、发展对象、预备党员必填（如确定为积极分子的日期）"],
        ["学历", "、".join(EDUCATIONS)],
        ["是否支委", "是 / 否"],
        ["注意", "示例行请删除后再导入；任一行有错误时整个文件不会导入"],
    ]:
        notes.append(line)
    return _save(workbook)


def template_csv() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(rules.COLUMNS)
    writer.writerows(rules.EXAMPLE_ROWS)
    return buffer.getvalue().encode("utf-8-sig")


def _fmt(value) -> str:
    """A cell value as text without the characters .xlsx cannot hold."""
    text = value.isoformat() if isinstance(value, date) else ("" if value is None else str(value))
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def append_as_text(sheet, values: list) -> None:
    """Append a row whose every cell is a string cell: a name like "=HYPERLINK(...)" or "+1" stays text and is
    never a live formula in whoever opens the export (openpyxl would otherwise store it as a formula)."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def export_xlsx(db: Session, principal: Principal, org_id: int) -> tuple[bytes, str]:
    """The roster of one organization with ID and phone numbers masked."""
    org = get_org(db, principal, org_id)
    people = db.scalars(select(Person).where(Person.org_id == org.id).order_by(Person.status, Person.id))
    rows = [[_fmt(p.name), STATUSES.get(p.status, p.status), GENDERS.get(p.gender or "", ""), _fmt(p.birth_date),
             _fmt(p.id_card_masked), _fmt(p.phone_masked), _fmt(p.applied_at), _fmt(p.status_since),
             _fmt(p.education), _fmt(p.occupation), "是" if p.committee_member else "否"] for p in people]
    audit.record(db, principal, "roster.exported", "organization", org.id, org.id, rows=len(rows))
    return _save(_styled_workbook("名册", rows)), org.name


def _save(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
