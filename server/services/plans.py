"""Annual plans (年度发展党员计划): entered by a 党(工)委 with approval authority for itself and its branches (or by
a level above), confirmed by the level above the one that made it."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from server import clock
from server.domain import plans as rules
from server.domain.errors import Conflict, Forbidden, NotFound
from server.domain.warning_issuers import warns
from server.models import AnnualPlan, Organization
from server.services import audit, warning_tree
from server.services.scope import Principal, get_org, in_paths, require_staff, require_writer


def describe(plan: AnnualPlan, org_name: str) -> dict:
    return {"id": plan.id, "org_id": plan.org_id, "org_name": org_name, "year": plan.year,
            "planned_admissions": plan.planned_admissions, "planned_activists": plan.planned_activists,
            "targets": plan.targets or {}, "state": plan.state, "state_text": rules.STATES[plan.state],
            "made_by_org_id": plan.made_by_org_id, "confirmed_at": plan.confirmed_at}


def _maker(db: Session, principal: Principal) -> Organization:
    principal = require_writer(principal)
    org = db.get(Organization, principal.org_id)
    if principal.role != "org_staff" or org is None or not warns(warning_tree.tree_orgs(db, [org.id])[org.id]):
        raise Forbidden("年度计划由有发展党员审批权限的党(工)委及其上级制定", code="not_a_planner")
    return org


def save_plan(db: Session, principal: Principal, *, org_id: int, year: int, planned_admissions: int,
              planned_activists: int | None = None, targets: dict | None = None) -> dict:
    """Enter or change a plan; a change of a confirmed plan sends it back for confirmation."""
    maker = _maker(db, principal)
    org = get_org(db, principal, org_id, write=True)
    figures = rules.PlanFigures(planned_admissions, planned_activists, targets or {})
    rules.check_plan(figures, year, clock.today())
    plan = db.scalar(select(AnnualPlan).where(AnnualPlan.org_id == org.id, AnnualPlan.year == year))
    if plan is None:
        plan = AnnualPlan(org_id=org.id, year=year)
        db.add(plan)
    plan.planned_admissions, plan.planned_activists, plan.targets = planned_admissions, planned_activists, figures.targets
    plan.state, plan.made_by_org_id, plan.made_by = "draft", maker.id, principal.account_id
    plan.confirmed_by = plan.confirmed_at = None
    db.flush()
    audit.record(db, principal, "plan.saved", "plan", plan.id, org.id, year=year, planned=planned_admissions)
    return describe(plan, org.name)


def confirm_plan(db: Session, principal: Principal, plan_id: int) -> dict:
    """The level above the maker confirms (审核确认)."""
    principal = require_writer(principal)
    plan = db.get(AnnualPlan, plan_id) if isinstance(plan_id, int) else None
    if plan is None:
        raise NotFound("找不到该计划", code="plan_not_found")
    org = get_org(db, principal, plan.org_id, write=True)
    maker = db.get(Organization, plan.made_by_org_id)
    if principal.role != "org_staff" or principal.org_id == maker.id or f"/{principal.org_id}/" not in maker.path:
        raise Forbidden("年度计划由制定单位的上级确认", code="not_the_confirmer")
    if plan.state == "confirmed":
        raise Conflict("该计划已确认", code="plan_confirmed")
    plan.state, plan.confirmed_by, plan.confirmed_at = "confirmed", principal.account_id, clock.now()
    audit.record(db, principal, "plan.confirmed", "plan", plan.id, org.id, year=plan.year)
    return describe(plan, org.name)


def list_plans(db: Session, principal: Principal, *, org_id: int | None, year: int) -> list[dict]:
    """The plans of the organization and the organizations directly under it, for the year."""
    principal = require_staff(principal)
    org = get_org(db, principal, org_id or principal.org_id)
    rows = db.execute(select(AnnualPlan, Organization.name).join(Organization, Organization.id == AnnualPlan.org_id)
                      .where(AnnualPlan.year == year, in_paths(Organization.path, principal.read_paths),
                             (Organization.id == org.id) | (Organization.parent_id == org.id))
                      .order_by(Organization.level, Organization.name))
    return [describe(plan, name) for plan, name in rows]


def plans_by_org(db: Session, path: str, years: list[int]) -> dict[tuple[int, int], AnnualPlan]:
    rows = db.scalars(select(AnnualPlan).join(Organization, Organization.id == AnnualPlan.org_id)
                      .where(AnnualPlan.year.in_(years), Organization.path.startswith(path, autoescape=True)))
    return {(p.org_id, p.year): p for p in rows}
