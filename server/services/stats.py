"""统计 for a subtree and a period: admissions against plan and the deviation, the flow from application to full
membership, the structure of admissions, warnings by level and state, 双评议 held and below 80 — for the
organization and each organization directly under it (drill-down), and as the quarterly report's .xlsx."""
from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server import clock
from server.domain import plans as plan_rules
from server.domain.errors import RuleViolation
from server.domain.warnings import LEVELS, STATES
from server.models import AnnualPlan, ControlWarning, FollowUp, Organization, VoteSession
from server.services import accountability, development_figures
from server.services.roster import append_as_text
from server.services.scope import Principal, get_org, require_staff

FLOW_LABELS = {"applied": "入党申请人", "activists": "入党积极分子", "targets": "发展对象", "admitted": "发展党员（预备党员）",
               "full_members": "预备党员转正"}


def period_of(year: int, quarter: int | None, today: date) -> tuple[date, date]:
    if not 2000 <= year <= today.year + 1:
        raise RuleViolation("统计年度无效", fields={"year": ["年度超出范围"]})
    if quarter is None:
        return date(year, 1, 1), date(year + 1, 1, 1)
    if quarter not in (1, 2, 3, 4):
        raise RuleViolation("季度应为 1–4", fields={"quarter": ["应为 1 到 4"]})
    start = date(year, 3 * quarter - 2, 1)
    return start, (date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1))


def _planned(db: Session, org_ids: list[int], year: int) -> dict[int, int | None]:
    """Planned admissions of each given organization: its own plan, or else the sum of the plans of the organizations
    directly under it (a county plans for itself; a city that does not is judged by its counties'); None: no plan."""
    if not org_ids:
        return {}
    parent = Organization.parent_id
    rows = db.execute(select(AnnualPlan.org_id, parent, AnnualPlan.planned_admissions)
                      .join(Organization, Organization.id == AnnualPlan.org_id)
                      .where(AnnualPlan.year == year, (AnnualPlan.org_id.in_(org_ids)) | (parent.in_(org_ids)))).all()
    own = {org_id: n for org_id, _, n in rows if org_id in org_ids}
    below: dict[int, int] = {}
    for _, parent_id, n in rows:
        if parent_id in org_ids:
            below[parent_id] = below.get(parent_id, 0) + n
    return {org_id: own.get(org_id, below.get(org_id)) for org_id in org_ids}


def _row(org_id: int, name: str, level: str, figures: development_figures.Figures, planned: int | None) -> dict:
    flows = figures.flows.get("period", {})
    structure = figures.structure.get("period", plan_rules.Structure())
    admitted = flows.get("admitted", 0)
    return {"org_id": org_id, "org_name": name, "level": level, "planned_admissions": planned, "admitted": admitted,
            "deviation_pct": plan_rules.deviation_pct(planned, admitted),
            "off_plan": plan_rules.off_plan(planned, admitted),
            "flow": {key: flows.get(key, 0) for key in FLOW_LABELS},
            "structure": {"admitted": structure.admitted, "women": structure.women, "young": structure.young,
                          "college": structure.college, "frontline": structure.frontline, **structure.shares()},
            "activists": flows.get("activists", 0)}


def stats(db: Session, principal: Principal, *, org_id: int | None, year: int, quarter: int | None = None) -> dict:
    principal = require_staff(principal)
    org = get_org(db, principal, org_id or principal.org_id)
    start, end = period_of(year, quarter, clock.today())
    children = db.execute(select(Organization.id, Organization.name, Organization.level)
                          .where(Organization.parent_id == org.id)).all()
    total, by_child = development_figures.by_child(db, org, {"period": (start, end)})
    planned = _planned(db, [org.id, *[c.id for c in children]], year)
    result = _row(org.id, org.name, org.level, total, planned.get(org.id))
    result.update(year=year, quarter=quarter, period_start=start, period_end=end,
                  warnings=_warnings(db, org.path, start, end), satisfaction=_satisfaction(db, org.path, start, end),
                  accountability=accountability.counts(db, org.path, start, end),
                  children=sorted((_row(c.id, c.name, c.level, by_child.get(c.id, development_figures.Figures()),
                                        planned.get(c.id)) for c in children),
                                  key=lambda r: r["org_name"]))
    return result


def _warnings(db: Session, path: str, start: date, end: date) -> dict:
    rows = db.execute(select(ControlWarning.level, ControlWarning.state, func.count())
                      .join(Organization, Organization.id == ControlWarning.org_id)
                      .where(Organization.path.startswith(path, autoescape=True), ControlWarning.issued_on >= start,
                             ControlWarning.issued_on < end)
                      .group_by(ControlWarning.level, ControlWarning.state)).all()
    by_level = {level: sum(n for lv, _, n in rows if lv == level) for level in LEVELS}
    by_state = {state: sum(n for _, st, n in rows if st == state) for state in STATES}
    return {"total": sum(n for *_, n in rows), "by_level": by_level, "by_state": by_state}


def _satisfaction(db: Session, path: str, start: date, end: date) -> dict:
    held = db.scalar(select(func.count(func.distinct(VoteSession.org_id))).join(Organization, Organization.id == VoteSession.org_id)
                     .where(Organization.path.startswith(path, autoescape=True), VoteSession.kind == "satisfaction",
                            VoteSession.state == "published", VoteSession.published_at >= clock.china_start(start),
                            VoteSession.published_at < clock.china_start(end)))
    below = db.execute(select(FollowUp.kind, func.count()).join(Organization, Organization.id == FollowUp.org_id)
                       .where(Organization.path.startswith(path, autoescape=True), FollowUp.created_at >= clock.china_start(start),
                              FollowUp.created_at < clock.china_start(end)).group_by(FollowUp.kind)).all()
    return {"branches_held": held or 0, "below_80": dict(below)}


HEADERS = ["组织", "计划发展", "已发展", "偏差(%)", "入党申请人", "入党积极分子", "发展对象", "预备党员转正",
           "女性", "35岁及以下", "大专及以上", "生产工作一线"]


def export_xlsx(db: Session, principal: Principal, *, org_id: int | None, year: int, quarter: int | None) -> tuple[bytes, str]:
    """The numbers above in the layout of the quarterly report: one row per organization directly under, then the total."""
    figures = stats(db, principal, org_id=org_id, year=year, quarter=quarter)
    title = f"{figures['org_name']}{year}年{'第' + str(quarter) + '季度' if quarter else '度'}发展党员工作情况统计表"
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "发展党员工作季报"
    append_as_text(sheet, [title])  # the title starts with the organization's name: text, never a formula
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet["A1"].font, sheet["A1"].alignment = Font(bold=True, size=14), Alignment(horizontal="center")
    append_as_text(sheet, [f"统计期间：{figures['period_start'].isoformat()} 至 {figures['period_end'].isoformat()}（不含）"])
    append_as_text(sheet, HEADERS)
    for cell in sheet[3]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="FFE0E0")
    for row in [*figures["children"], {**figures, "org_name": "合计"}]:
        s, f = row["structure"], row["flow"]
        append_as_text(sheet, [row["org_name"], row["planned_admissions"], row["admitted"], row["deviation_pct"],
                               f["applied"], f["activists"], f["targets"], f["full_members"],
                               s["women"], s["young"], s["college"], s["frontline"]])
    sheet.column_dimensions["A"].width = 40
    for letter in "BCDEFGHIJKL":
        sheet.column_dimensions[letter].width = 12
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue(), title
