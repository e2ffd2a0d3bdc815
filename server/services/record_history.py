"""History comes in: the dates of steps done on paper before the system, for one person (POST /people's
`history`) or many (an Excel file). A date that breaks a rule is kept and flagged, never refused: the paper file
says what happened; criterion 5 and the staff see the flag."""
from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from sqlalchemy import select
from sqlalchemy.orm import Session

from server import clock, settings
from server.adapters import secrets
from server.adapters.spreadsheets import RosterFileError, read_file
from server.domain import identity
from server.domain.errors import RuleViolation
from server.domain.record import Entry, Facts, Record
from server.domain.roster import cell_text, parse_date
from server.domain.steps import BY_NO, STATUS_RANK, STEPS
from server.models import Organization, Person, RecordEntry
from server.services import audit, due, records
from server.services.scope import Principal, get_org

# Dates a history fills on the person when the roster did not have them.
FILLS = {"activist_selected": "activist_at", "target_selected": "target_at", "admission_vote": "probationary_at"}
ID_COLUMN, NAME_COLUMN = "身份证号", "姓名"
STEP_COLUMNS = {f"{s.no}.{s.name}": s.key for s in BY_NO.values() if s.key != "application"}


def check_keys(history: dict) -> None:
    unknown = sorted(set(history) - set(STEPS))
    if unknown:
        raise RuleViolation("未知的环节：" + "、".join(unknown), code="unknown_step",
                            fields={"history": [f"{k} 不是纪实环节" for k in unknown]})


def apply_history(db: Session, principal: Principal, person: Person, history: dict[str, date],
                  existing: list | None = None) -> list[dict]:
    """Record the dated steps of a person's paper file, in step order; returns the flags (step, message)."""
    check_keys(history)
    entries = list(existing) if existing is not None else [records.to_entry(r) for r in db.scalars(
        select(RecordEntry).where(RecordEntry.person_id == person.id))]
    today, flags, rows = clock.today(), [], []
    if "application" in history and person.applied_at is None:
        person.applied_at = history["application"]
    for key in sorted(history, key=lambda k: STEPS[k].no):
        step, done_on = STEPS[key], history[key]
        if key == "application":
            continue
        record = Record(Facts(status=person.status, record_from=person.record_from or person.status,
                              applied_at=person.applied_at, activist_at=person.activist_at,
                              target_at=person.target_at, probationary_at=person.probationary_at,
                              full_member_at=person.full_member_at, entries=tuple(entries)), today)
        if record.entries(key) and not step.repeats_months:
            continue  # already in the record
        problems = [p.message for p in record.history_problems(step, done_on)]
        if STATUS_RANK.get(step.during, 0) > STATUS_RANK.get(person.status, 0):
            problems.append(f"身份为“{person.status}”，不应已完成此环节")
        due = record.due_on(step)
        entry = Entry(key=key, done_on=done_on, round=record.round, source="history",
                              late=bool(due and done_on > due), flag="；".join(problems) or None)
        entries.append(entry)
        rows.append(RecordEntry(person_id=person.id, key=key, round=entry.round,
                                seq=len(record.entries(key)) + 1 if step.repeats_months else 0, done_on=done_on,
                                fields={}, evidence={}, source="history", late=entry.late, flag=entry.flag,
                                recorded_by=principal.account_id))
        if key in FILLS and getattr(person, FILLS[key]) is None:
            setattr(person, FILLS[key], done_on)
        flags += [{"step": key, "message": m} for m in problems]
    db.add_all(rows)
    return flags


# --- the Excel template and import --------------------------------------------------------------------------

def template_xlsx(db: Session, principal: Principal, org_id: int) -> bytes:
    get_org(db, principal, org_id)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "纪实"
    sheet.append([ID_COLUMN, NAME_COLUMN, *STEP_COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="FFE0E0")
    sheet.append(["450103199511230027", "李四", "2025-04-01", "2025-09-20"])
    notes = workbook.create_sheet("填写说明")
    for line in (["列", "说明"], [ID_COLUMN, "用于找到名册中的人员（须先导入名册）"],
                 ["各环节", "填写完成日期（YYYY-MM-DD），未完成的留空；违反规定的日期会被标记，不会被拒绝"],
                 ["注意", "示例行请删除后再导入；任一行格式有误时整个文件不会导入"]):
        notes.append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def import_history(db: Session, principal: Principal, org_id: int, data: bytes, filename: str) -> dict:
    """All or nothing: every row must name a person of the organization's subtree and carry valid dates; then each
    row's dates are recorded, and what breaks a rule is reported as a flag."""
    org = get_org(db, principal, org_id, write=True)
    header, rows = read_file(data, filename, settings.current().roster_max_rows)
    unknown = [h for h in header if h and h not in STEP_COLUMNS and h not in (ID_COLUMN, NAME_COLUMN)]
    if ID_COLUMN not in header or unknown:
        raise RosterFileError("表头应为模板中的列：身份证号、姓名和各环节", code="history_file_invalid",
                              extra={"rows": [{"row": 1, "column": h, "message": "无法识别的列"} for h in unknown]
                                     or [{"row": 1, "column": ID_COLUMN, "message": "缺少必需的列"}]})
    errors, parsed = [], []
    for number, row in enumerate(rows, start=2):
        id_card = identity.normalize_id_card(cell_text(row.get(ID_COLUMN)))
        if identity.id_card_error(id_card):
            errors.append({"row": number, "column": ID_COLUMN, "message": identity.id_card_error(id_card)})
            continue
        history = {}
        for column, key in STEP_COLUMNS.items():
            try:
                value = parse_date(row.get(column))
            except ValueError:
                errors.append({"row": number, "column": column, "message": "日期格式应为 YYYY-MM-DD"})
                continue
            if value:
                history[key] = value
        parsed.append((number, secrets.keyed_hash(id_card, "id-card"), cell_text(row.get(NAME_COLUMN)), history))
    people = _people_by_hash(db, org, [p[1] for p in parsed])
    for number, digest, name, _ in parsed:
        person = people.get(digest)
        if person is None:
            errors.append({"row": number, "column": ID_COLUMN, "message": "本组织名册中没有这个身份证号"})
        elif name and name != person.name:
            errors.append({"row": number, "column": NAME_COLUMN, "message": f"姓名与名册不一致（名册为 {person.name}）"})
    if errors:
        raise RosterFileError(f"纪实表有 {len(errors)} 处错误，未导入任何数据，请修改后重新上传",
                              code="history_file_invalid", extra={"rows": errors[:500]})
    existing = records._entries_of(db, [p.id for p in people.values()])
    report, recorded = [], 0
    for number, digest, _, history in parsed:
        person = people[digest]
        flags = apply_history(db, principal, person, history, existing.get(person.id, []))
        recorded += len(history)
        if flags:
            report.append({"row": number, "person_id": person.id, "flags": flags})
    due.refresh(db, [p.id for p in people.values()])
    audit.record(db, principal, "record.history_imported", "organization", org.id, org.id, rows=len(parsed))
    return {"rows": len(parsed), "steps": recorded, "flagged": report}


def _people_by_hash(db: Session, org: Organization, digests: list[str]) -> dict[str, Person]:
    found = {}
    for start in range(0, len(digests), 1000):
        chunk = digests[start:start + 1000]
        query = (select(Person).join(Organization, Organization.id == Person.org_id)
                 .where(Person.id_card_hash.in_(chunk), Organization.path.startswith(org.path)))
        found.update({p.id_card_hash: p for p in db.scalars(query)})
    return found
