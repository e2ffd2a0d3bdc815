"""季报: generated from the statistics for each organization with approval authority below the city, commented and
submitted to the level that warns it by the due date (reminded before), reviewed or returned there; the city's
情况通报 of a quarter goes to a chosen scope as a notice."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server import clock
from server.adapters import sql
from server.domain import quarterly as rules
from server.domain.errors import Forbidden, NotFound
from server.domain.warning_issuers import warning_superior, warns
from server.models import Organization, QuarterlyReport
from server.services import audience, audit, notices, stats, warning_tree
from server.services.scope import Principal, get_org, in_paths, require_staff, require_writer


def describe(report: QuarterlyReport, org_name: str, to_name: str) -> dict:
    return {"id": report.id, "org_id": report.org_id, "org_name": org_name, "to_org_id": report.to_org_id,
            "to_org_name": to_name, "year": report.year, "quarter": report.quarter, "figures": report.figures,
            "comment": report.comment, "state": report.state, "state_text": rules.STATES[report.state],
            "due_on": report.due_on, "overdue": rules.is_overdue(report.state, report.due_on, clock.today()),
            "submitted_at": report.submitted_at, "review_comment": report.review_comment, "reviewed_at": report.reviewed_at}


def _describe(db: Session, report: QuarterlyReport) -> dict:
    return describe(report, db.get(Organization, report.org_id).name, db.get(Organization, report.to_org_id).name)


def generate(db: Session, principal: Principal, *, org_id: int | None, year: int, quarter: int) -> dict:
    """The quarter's report of the caller's organization (or one below it), from the data; generating again refreshes
    the numbers of a report not yet submitted."""
    principal = require_writer(principal)
    rules.check_quarter(year, quarter)
    org = get_org(db, principal, org_id or principal.org_id, write=True)
    facts, ancestors = warning_tree.with_ancestors(db, org)
    superior = warning_superior(ancestors)
    if principal.role != "org_staff" or not warns(facts) or superior is None:
        raise Forbidden("季报由有发展党员审批权限的党(工)委、县（区）委组织部报送上级", code="not_a_reporter")
    figures = stats.stats(db, principal, org_id=org.id, year=year, quarter=quarter)
    snapshot = {key: figures[key] for key in ("planned_admissions", "admitted", "deviation_pct", "flow", "structure",
                                               "warnings", "satisfaction")}
    snapshot["children"] = [{k: c[k] for k in ("org_name", "planned_admissions", "admitted", "deviation_pct")}
                            for c in figures["children"]]
    report = db.scalar(select(QuarterlyReport).where(QuarterlyReport.org_id == org.id, QuarterlyReport.year == year,
                                                     QuarterlyReport.quarter == quarter))
    if report is None:
        report = QuarterlyReport(org_id=org.id, to_org_id=superior.id, year=year, quarter=quarter, state="draft",
                                 due_on=rules.due_on(year, quarter))
        db.add(report)
    if report.state in rules.UNSUBMITTED:
        report.figures = _json_safe(snapshot)
    db.flush()
    return _describe(db, report)


def _json_safe(value):
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_safe(v) for v in value]
    return value.isoformat() if isinstance(value, date) else value


def _get(db: Session, principal: Principal, report_id: int) -> QuarterlyReport:
    report = db.get(QuarterlyReport, report_id) if isinstance(report_id, int) else None
    if report is None:
        raise NotFound("找不到该季报", code="report_not_found")
    get_org(db, principal, report.org_id)
    return report


def submit(db: Session, principal: Principal, report_id: int, comment: str) -> dict:
    principal = require_writer(principal)
    report = _get(db, principal, report_id)
    if principal.org_id != report.org_id:
        raise Forbidden("季报由本单位报送", code="not_the_reporter")
    moved = rules.MACHINE.apply(report.state, "submit")
    if moved is None:  # already submitted: nothing to do
        return _describe(db, report)
    report.state = moved
    report.comment, report.submitted_by, report.submitted_at = comment, principal.account_id, clock.now()
    audit.record(db, principal, "quarterly.submitted", "quarterly_report", report.id, report.org_id,
                 year=report.year, quarter=report.quarter)
    return _describe(db, report)


def review(db: Session, principal: Principal, report_id: int, action: str, comment: str | None) -> dict:
    """The receiving level reviews (审阅) or returns (退回) a submitted report."""
    principal = require_writer(principal)
    report = _get(db, principal, report_id)
    if principal.org_id != report.to_org_id:
        raise Forbidden("季报由接收单位审阅", code="not_the_receiver")
    moved = rules.MACHINE.apply(report.state, action)
    if moved is None:
        return _describe(db, report)
    report.state = moved
    report.review_comment, report.reviewed_by, report.reviewed_at = comment, principal.account_id, clock.now()
    audit.record(db, principal, f"quarterly.{action}", "quarterly_report", report.id, report.org_id)
    return _describe(db, report)


def list_reports(db: Session, principal: Principal, *, year: int, quarter: int) -> dict:
    """The caller's own report of the quarter and those it receives."""
    principal = require_staff(principal)
    rules.check_quarter(year, quarter)
    rows = db.scalars(select(QuarterlyReport).join(Organization, Organization.id == QuarterlyReport.org_id)
                      .where(QuarterlyReport.year == year, QuarterlyReport.quarter == quarter,
                             in_paths(Organization.path, principal.read_paths),
                             (QuarterlyReport.org_id == principal.org_id) | (QuarterlyReport.to_org_id == principal.org_id))
                      .order_by(Organization.name)).all()
    names = dict(db.execute(select(Organization.id, Organization.name).where(
        Organization.id.in_({r.org_id for r in rows} | {r.to_org_id for r in rows}))).all()) if rows else {}
    mine = [describe(r, names[r.org_id], names[r.to_org_id]) for r in rows if r.org_id == principal.org_id]
    received = [describe(r, names[r.org_id], names[r.to_org_id]) for r in rows if r.to_org_id == principal.org_id]
    return {"mine": mine[0] if mine else None, "received": received, "due_on": rules.due_on(year, quarter)}


def circulate(db: Session, principal: Principal, *, year: int, quarter: int, title: str, body: str,
              org_ids: list[int]) -> int:
    """情况通报 of the quarter to the chosen organizations (a notice with read receipts)."""
    principal = require_writer(principal)
    org = db.get(Organization, principal.org_id)
    if principal.role != "org_staff" or org is None or not warns(warning_tree.tree_orgs(db, [org.id])[org.id]):
        raise Forbidden("情况通报由市、县（区）委组织部和有审批权限的党(工)委发出", code="not_a_circulator")
    notice = notices.create_notice(db, principal, title=title, body=body, audience={"org_ids": org_ids},
                                   read_receipt=True, kind="notice")
    audit.record(db, principal, "quarterly.circulated", "notice", notice.id, principal.org_id, year=year, quarter=quarter)
    return notice.id


def _open_missing(db: Session, year: int, quarter: int) -> None:
    """A draft (numbers filled when opened) for every organization that reports and has none for the quarter, so the
    receiving level sees who has not reported."""
    orgs = db.execute(select(Organization.id, Organization.path, Organization.level, Organization.has_approval_authority)
                      .where(Organization.has_approval_authority.is_(True), Organization.level != "city")).all()
    have = set(db.scalars(select(QuarterlyReport.org_id).where(QuarterlyReport.year == year, QuarterlyReport.quarter == quarter)))
    todo = [o for o in orgs if o.id not in have]
    if not todo:
        return
    ids = {int(x) for o in todo for x in o.path.strip("/").split("/") if x}
    tree = warning_tree.tree_orgs(db, list(ids))
    rows = []
    for o in todo:
        ancestors = [tree[i] for i in warning_tree.ancestor_ids_of_path(o.path, o.id) if i in tree]
        superior = warning_superior(ancestors)
        if superior is not None:
            rows.append({"org_id": o.id, "to_org_id": superior.id, "year": year, "quarter": quarter, "figures": {},
                         "state": "draft", "due_on": rules.due_on(year, quarter)})
    if rows:
        before = db.scalar(select(func.count()).select_from(QuarterlyReport))
        db.execute(QuarterlyReport.__table__.insert(), rows)
        sql.refresh_statistics(db, QuarterlyReport, added=len(rows), before=before)


def remind(db: Session, today: date | None = None) -> int:
    """Reports of the last finished quarter not yet submitted, three days before their due date or later: a push to
    the reporting organization's accounts bound to a person, once a day. Missing reports are generated first."""
    today = today or clock.today()
    year, quarter = rules.last_finished_quarter(today)
    _open_missing(db, year, quarter)
    due = [report for report in db.scalars(select(QuarterlyReport).where(
        QuarterlyReport.year == year, QuarterlyReport.quarter == quarter, QuarterlyReport.state.in_(rules.UNSUBMITTED)))
        if rules.remind_due(report.state, report.due_on, today, report.reminded_on)]
    staff = audience.staff_people_of(db, [report.org_id for report in due])
    reminded = 0
    for report in due:
        people = staff.get(report.org_id)
        report.reminded_on = today
        if people:
            notices.create_notice(db, Principal(org_id=report.to_org_id), title=f"请报送{year}年第{quarter}季度发展党员工作季报",
                                  body=f"季报应于 {report.due_on.isoformat()} 前报送，请在平台“季报”中核对数据、填写说明后报送。",
                                  audience={"quarterly_report_id": report.id}, kind="notice", person_ids=people)
        reminded += 1
    return reminded
