"""The nightly scan of criteria 1–5 (调控预警自动研判) and what the issuer does with its proposals: issue a warning
at a level with a deadline, or dismiss it with a reason (特殊情况), which exempts that criterion for that
organization and year. A proposal goes to the organization that warns the target (domain.warning_issuers)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server import clock
from server.adapters import sql
from server.domain import criteria
from server.domain.errors import Conflict, Forbidden, NotFound
from server.domain.plans import Structure
from server.domain.warning_issuers import TreeOrg, warning_superior
from server.domain.warnings import CRITERIA, LEVELS
from server.models import Organization, WarningProposal
from server.services import audit, development_figures, plans, warnings
from server.services.scope import Principal, get_org, in_paths, require_staff, require_writer

STATES = {"pending": "待处理", "issued": "已发出预警", "dismissed": "不予预警（特殊情况）"}


def _year_range(year: int, today: date) -> tuple[date, date]:
    return date(year, 1, 1), min(date(year + 1, 1, 1), date.fromordinal(today.toordinal() + 1))


def scan(db: Session, today: date | None = None) -> dict:
    """Evaluate criteria 1–5 for every organization judged, this year and last; one proposal per finding that
    has none yet for its (organization, criterion, year), whatever became of the earlier one."""
    today = today or clock.today()
    years = [today.year - 1, today.year]
    orgs = db.execute(select(Organization.id, Organization.path, Organization.name, Organization.level,
                             Organization.sector, Organization.parent_id, Organization.has_approval_authority)).all()
    levels = {o.id: o.level for o in orgs}
    tree = {o.id: TreeOrg(o.id, o.level, o.parent_id, bool(o.has_approval_authority), o.sector, levels.get(o.parent_id))
            for o in orgs}
    own = development_figures.collect(db, "/", {str(y): _year_range(y, today) for y in years}, with_criteria=True)
    figures = development_figures.roll_up([(o.id, o.path) for o in orgs], own)
    year_plans = plans.plans_by_org(db, "/", years)
    known = set(db.execute(select(WarningProposal.org_id, WarningProposal.criterion, WarningProposal.year)).all())
    pending_verbal = {(p.org_id, p.criterion, p.year): p.id for p in db.execute(
        select(WarningProposal.id, WarningProposal.org_id, WarningProposal.criterion, WarningProposal.year)
        .where(WarningProposal.state == "pending", WarningProposal.suggested_level == "verbal"))}
    existing = len(known)
    judged, new_rows, upgraded = 0, [], 0
    for org in orgs:
        if not criteria.judged(org.level, bool(org.has_approval_authority)):
            continue
        ancestors = [tree[int(x)] for x in reversed(org.path.strip("/").split("/")) if x and int(x) != org.id]
        issuer = warning_superior(ancestors)
        if issuer is None:
            continue
        judged += 1
        mine = figures[org.id]
        for year in years:
            plan = year_plans.get((org.id, year))
            facts = criteria.OrgYear(org_id=org.id, name=org.name, level=org.level, sector=org.sector, year=year,
                                     today=today, planned_admissions=plan.planned_admissions if plan else None,
                                     targets=(plan.targets or {}) if plan else {},
                                     structure=mine.structure.get(str(year), Structure()),
                                     last_admission=mine.last_admission, last_activist=mine.last_activist,
                                     overdue_steps=mine.overdue_steps, late_steps=mine.late_steps.get(str(year), 0),
                                     flagged_history=mine.flagged_history.get(str(year), 0))
            for finding in criteria.evaluate(facts):
                key = (org.id, finding.criterion, year)
                if key in pending_verbal and finding.suggested_level != "verbal":
                    # Past the line now: the verbal suggestion still waiting becomes a letter, with today's facts.
                    db.execute(update(WarningProposal).where(WarningProposal.id == pending_verbal.pop(key))
                               .values(suggested_level=finding.suggested_level, facts=finding.facts, found_on=today))
                    upgraded += 1
                if key not in known:
                    known.add(key)
                    new_rows.append({"org_id": org.id, "issuer_org_id": issuer.id, "criterion": finding.criterion,
                                     "year": year, "suggested_level": finding.suggested_level, "facts": finding.facts,
                                     "state": "pending", "found_on": today})
    if new_rows:
        db.execute(WarningProposal.__table__.insert(), new_rows)
        sql.refresh_statistics(db, WarningProposal, added=len(new_rows), before=existing)
    return {"judged": judged, "new": len(new_rows), "upgraded": upgraded}


def describe(proposal: WarningProposal, org_name: str, issuer_name: str) -> dict:
    return {"id": proposal.id, "org_id": proposal.org_id, "org_name": org_name, "criterion": proposal.criterion,
            "criterion_text": CRITERIA[proposal.criterion], "year": proposal.year,
            "suggested_level": proposal.suggested_level, "suggested_level_text": LEVELS[proposal.suggested_level],
            "facts": proposal.facts, "issuer_org_id": proposal.issuer_org_id, "issuer_name": issuer_name,
            "state": proposal.state, "state_text": STATES[proposal.state], "reason": proposal.reason,
            "warning_id": proposal.warning_id, "found_on": proposal.found_on}


def list_proposals(db: Session, principal: Principal, *, org_id: int | None = None, state: str = "pending",
                   limit: int = 500) -> list[dict]:
    """Proposals whose target is the organization or under it (the caller's own organization by default), at most
    `limit`, the newest year and the lowest criterion first."""
    principal = require_staff(principal)
    org = get_org(db, principal, org_id or principal.org_id)
    issuer = Organization.__table__.alias("issuer")
    query = (select(WarningProposal, Organization.name, issuer.c.name)
             .join(Organization, Organization.id == WarningProposal.org_id)
             .join(issuer, issuer.c.id == WarningProposal.issuer_org_id)
             .where(Organization.path.startswith(org.path, autoescape=True), in_paths(Organization.path, principal.read_paths)))
    if state != "all":
        query = query.where(WarningProposal.state == state)
    rows = db.execute(query.order_by(WarningProposal.year.desc(), WarningProposal.criterion, Organization.name)
                      .limit(limit)).all()
    return [describe(p, name, issuer_name) for p, name, issuer_name in rows]


def _as_issuer(db: Session, principal: Principal, proposal_id: int) -> WarningProposal:
    principal = require_writer(principal)
    proposal = db.get(WarningProposal, proposal_id) if isinstance(proposal_id, int) else None
    if proposal is None:
        raise NotFound("找不到该预警建议", code="proposal_not_found")
    get_org(db, principal, proposal.org_id)  # NotFound outside the subtree
    if principal.org_id != proposal.issuer_org_id or principal.role != "org_staff":
        raise Forbidden("该预警建议由对该组织负有预警责任的上级处理", code="not_the_issuer")
    if proposal.state != "pending":
        raise Conflict(f"该建议{STATES[proposal.state]}", code="proposal_handled")
    return proposal


def issue(db: Session, principal: Principal, proposal_id: int, *, level: str, deadline: date | None = None,
          told_how: str | None = None, told_to: str | None = None, facts: str | None = None,
          responsible_persons: str | None = None, circulate_org_ids: list[int] | None = None):
    """Issue the proposal as a warning, at the level the issuer chooses."""
    proposal = _as_issuer(db, principal, proposal_id)
    warning = warnings.issue(db, principal, org_id=proposal.org_id, criterion=proposal.criterion, level=level,
                             facts=facts or proposal.facts, deadline=deadline, told_how=told_how, told_to=told_to,
                             proposal_id=proposal.id, responsible_persons=responsible_persons,
                             circulate_org_ids=circulate_org_ids)
    proposal.state, proposal.warning_id = "issued", warning.id
    proposal.handled_by, proposal.handled_at = principal.account_id, clock.now()
    return warning


def dismiss(db: Session, principal: Principal, proposal_id: int, reason: str) -> dict:
    """不予预警 for a stated special situation; the criterion is exempt for that organization and year."""
    proposal = _as_issuer(db, principal, proposal_id)
    proposal.state, proposal.reason = "dismissed", reason
    proposal.handled_by, proposal.handled_at = principal.account_id, clock.now()
    audit.record(db, principal, "proposal.dismissed", "warning_proposal", proposal.id, proposal.org_id,
                 criterion=proposal.criterion, year=proposal.year)
    org = db.get(Organization, proposal.org_id)
    return describe(proposal, org.name, db.get(Organization, proposal.issuer_org_id).name)
