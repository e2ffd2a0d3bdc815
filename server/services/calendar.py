"""The working-day calendar the deadlines count on: the table seeded from chinese-calendar, and each new year's
official schedule imported by city staff (JSON, or an .xlsx/.csv of 日期 and 类型 休/班). Importing a year
recomputes the provisional deadlines that fell in it."""
from __future__ import annotations

from datetime import date

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from server import clock
from server.adapters import spreadsheets
from server.domain import warnings as warning_rules
from server.domain.errors import RuleViolation
from server.domain.working_days import Calendar, check_schedule
from server.models import CalendarDay, CalendarYear, ControlWarning, Organization
from server.services import audit
from server.services.scope import Principal, in_paths, is_city_staff, require_city_staff, require_staff

MARKS = {"休": False, "放假": False, "班": True, "上班": True}  # the 类型 column: off or on


def load(db: Session) -> Calendar:
    years = frozenset(db.scalars(select(CalendarYear.year)))
    exceptions = dict(db.execute(select(CalendarDay.day, CalendarDay.working)).all())
    return Calendar(years, exceptions)


def _require_city(db: Session, principal: Principal) -> None:
    require_city_staff(db, principal, "节假日安排由市委组织部导入")


def import_year(db: Session, principal: Principal, year: int, holidays: list[date], workdays: list[date]) -> dict:
    """Replace a year's official schedule, then recompute the open provisional deadlines."""
    _require_city(db, principal)
    if not 2004 <= year <= clock.today().year + 2:
        raise RuleViolation("年度超出范围", fields={"year": [f"应为 2004 到 {clock.today().year + 2} 年"]})
    check_schedule(year, holidays, workdays)
    db.execute(delete(CalendarDay).where(CalendarDay.day >= date(year, 1, 1), CalendarDay.day <= date(year, 12, 31)))
    db.execute(CalendarDay.__table__.insert(), [{"day": d, "working": False} for d in sorted(set(holidays))]
               + [{"day": d, "working": True} for d in sorted(set(workdays))])
    row = db.get(CalendarYear, year) or CalendarYear(year=year)
    row.source, row.imported_by, row.imported_at = "import", principal.account_id, clock.now()
    db.add(row)
    db.flush()
    refreshed = refresh_provisional(db)
    audit.record(db, principal, "calendar.imported", "calendar", year, principal.org_id, holidays=len(holidays),
                 workdays=len(workdays))
    return {"year": year, "holidays": len(set(holidays)), "workdays": len(set(workdays)), "deadlines_recomputed": refreshed}


def import_file(db: Session, principal: Principal, year: int, data: bytes, filename: str) -> dict:
    """An .xlsx or .csv with the columns 日期 (YYYY-MM-DD) and 类型 (休 or 班)."""
    _require_city(db, principal)
    header, records = spreadsheets.read_file(data, filename, 400)
    if "日期" not in header or "类型" not in header:
        raise RuleViolation("表格须有“日期”和“类型”两列（类型填 休 或 班）", code="calendar_columns")
    holidays, workdays = [], []
    for n, record in enumerate(records, start=2):
        raw, mark = str(record.get("日期") or "").strip()[:10], str(record.get("类型") or "").strip()
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            raise RuleViolation(f"第 {n} 行日期“{raw}”应为 YYYY-MM-DD", code="calendar_bad_date") from None
        if mark not in MARKS:
            raise RuleViolation(f"第 {n} 行类型“{mark}”应为 休 或 班", code="calendar_bad_kind")
        (workdays if MARKS[mark] else holidays).append(day)
    return import_year(db, principal, year, holidays, workdays)


def refresh_provisional(db: Session) -> int:
    """Open yellow cards whose report date was counted without official data: count again now."""
    calendar = load(db)
    changed = 0
    for warning in db.scalars(select(ControlWarning).where(ControlWarning.calendar_fallback.is_(True),
                                                                ControlWarning.state.in_(warning_rules.OPEN_STATES))):
        due, official = warning_rules.report_due(warning.level, warning.issued_on, calendar)
        if warning.deadline == warning.report_due:
            warning.deadline = due
        warning.report_due, warning.calendar_fallback = due, not official
        changed += 1
    return changed


def status(db: Session, principal: Principal) -> dict:
    """The years known and, for the city, what to import: next year once November has come, and any year a
    provisional deadline falls in."""
    principal = require_staff(principal)
    today = clock.today()
    rows = db.execute(select(CalendarYear.year, CalendarYear.source).order_by(CalendarYear.year)).all()
    known = {year for year, _ in rows}
    wanted = {today.year} | ({today.year + 1} if today.month >= 11 else set())
    provisional = db.scalar(select(func.count()).select_from(ControlWarning)  # those the caller may see
                            .join(Organization, Organization.id == ControlWarning.org_id)
                            .where(ControlWarning.calendar_fallback.is_(True),
                                   ControlWarning.state.in_(warning_rules.OPEN_STATES),
                                   in_paths(Organization.path, principal.read_paths)))
    return {"years": [{"year": year, "source": source} for year, source in rows if year >= today.year - 2],
            "missing": sorted(wanted - known), "provisional_deadlines": provisional,
            "can_import": is_city_staff(db, principal)}
