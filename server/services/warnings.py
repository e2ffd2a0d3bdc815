"""Warnings (调控预警): issued by a superior's staff, acknowledged and answered by the target, lifted or
escalated by the issuer; each step recorded, pushed to the target's secretaries, and followed by organizers."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server import clock
from server.domain import warnings as rules
from server.domain.errors import Conflict, Forbidden, NotFound, RuleViolation
from server.domain.warning_issuers import TreeOrg, may_issue, warning_superior
from server.models import Account, ControlWarning, Organization, Task, WarningEvent
from server.services import audience, audit, calendar, documents, notices, organizers, warning_tree
from server.services.scope import Principal, get_org, in_paths, require_staff, require_writer


def _event(db: Session, warning: ControlWarning, action: str, principal: Principal | None, note: str | None = None):
    db.add(WarningEvent(warning_id=warning.id, action=action, state=warning.state, level=warning.level,
                             actor_account_id=principal.account_id if principal else None, note=note))


def _push(db: Session, principal: Principal, warning: ControlWarning, headline: str) -> int | None:
    """Tell the target organization's accounts (those bound to a roster person) through the notice pipeline."""
    people = audience.staff_people(db, warning.org_id)
    if not people:
        return None
    body = (f"{rules.LEVELS[warning.level]}：{rules.CRITERIA[warning.criterion]}。{warning.facts}"
            + (f" 整改期限：{warning.deadline.isoformat()}。" if warning.deadline else "")
            + (f" 书面检讨须于 {warning.report_due.isoformat()} 前报送。" if warning.report_due else ""))
    notice = notices.create_notice(db, principal, title=headline[:100], body=body[:5000],
                                   audience={"warning_id": warning.id}, read_receipt=True, kind="warning",
                                   ref_id=warning.id, person_ids=people)
    return notice.id


def _apply_level(db: Session, warning: ControlWarning, level: str, today: date) -> None:
    rule = rules.level_of(level)
    warning.level = level
    warning.report_due, official = rules.report_due(level, today, calendar.load(db) if rule.yellow_card else None)
    warning.calendar_fallback = not official
    warning.award_ineligible_year = today.year if rule.yellow_card else warning.award_ineligible_year


def require_issuer(db: Session, principal: Principal, target: Organization, criterion: int) -> None:
    """Only the organization the seed names warns the target (seed 二(二)(三): 根据管理权限和隶属关系, no level
    skipped; a 党(工)委 needs approval authority)."""
    if target.id == principal.org_id or not issues_warnings(principal):
        raise Forbidden("预警由上级党组织发出", code="not_a_superior")
    target_facts, ancestors = warning_tree.with_ancestors(db, target)
    issuer = next((a for a in ancestors if a.id == principal.org_id), None)
    if issuer is None or not may_issue(issuer, ancestors, target_facts, criterion):
        superior = warning_superior(ancestors)
        name = db.get(Organization, superior.id).name if superior else "上级党组织"
        raise Forbidden(f"按照管理权限和隶属关系，对该组织的预警应由“{name}”发出，不能越级", code="not_the_direct_superior")


def warning_targets(db: Session, principal: Principal, criterion: int) -> list[dict]:
    """The organizations the caller may warn for `criterion`: what the issuing form offers."""
    principal = require_writer(principal)
    if not issues_warnings(principal):
        return []
    org = db.get(Organization, principal.org_id)
    issuer = warning_tree.tree_orgs(db, [org.id])[org.id]
    # One read of the subtree; ancestors above the issuer never change who its nearest warning organization is.
    rows = db.execute(select(Organization.id, Organization.name, Organization.level, Organization.path,
                             Organization.parent_id, Organization.has_approval_authority, Organization.sector)
                      .where(Organization.path.startswith(org.path, autoescape=True), Organization.id != org.id)).all()
    levels = {org.id: org.level, **{r.id: r.level for r in rows}}
    tree = {org.id: issuer, **{r.id: TreeOrg(r.id, r.level, r.parent_id, bool(r.has_approval_authority), r.sector,
                                             levels.get(r.parent_id)) for r in rows}}
    found = []
    for row in rows:
        ancestors = [tree[i] for i in warning_tree.ancestor_ids_of_path(row.path, row.id) if i in tree]
        if may_issue(issuer, ancestors, tree[row.id], criterion):
            found.append({"id": row.id, "name": row.name, "level": row.level})
    return sorted(found, key=lambda o: o["name"])


def issue(db: Session, principal: Principal, *, org_id: int, criterion: int, level: str, facts: str,
          deadline: date | None = None, told_how: str | None = None, told_to: str | None = None,
          proposal_id: int | None = None, responsible_persons: str | None = None,
          circulate_org_ids: list[int] | None = None) -> ControlWarning:
    """Issue a warning as the organization the seed names; every level with a deadline."""
    principal = require_writer(principal)
    target = get_org(db, principal, org_id, write=True)
    require_issuer(db, principal, target, criterion)
    today = clock.today()
    rules.check_new(criterion, level, deadline, today, told_how=told_how, told_to=told_to,
                    responsible_persons=responsible_persons)
    rule = rules.level_of(level)
    warning = ControlWarning(org_id=target.id, issuer_org_id=principal.org_id, issuer_account_id=principal.account_id,
                             criterion=criterion, facts=facts, issued_on=today, deadline=deadline, state="issued",
                             told_how=told_how if rule.told_in_person else None,
                             told_to=told_to if rule.told_in_person else None, proposal_id=proposal_id,
                             responsible_persons=responsible_persons if rule.yellow_card else None)
    _apply_level(db, warning, level, today)
    warning.deadline = warning.deadline or warning.report_due  # a yellow card's deadline is its report date
    db.add(warning)
    db.flush()
    _event(db, warning, "issued", principal)
    audit.record(db, principal, "warning.issued", "warning", warning.id, target.id, level=level,
                 criterion=criterion)
    _announce(db, principal, warning, target, f"【{rules.LEVELS[level]}】{target.name}", circulate_org_ids)
    return warning


def _announce(db: Session, principal: Principal, warning: ControlWarning, target: Organization, headline: str,
              circulate_org_ids: list[int] | None) -> None:
    """What follows a decision on a warning, issued or escalated: the organizers' follow-up tasks at its deadline,
    the push to the target, and a yellow card's circulation."""
    title = f"跟进整改：{target.name}（{rules.LEVELS[warning.level]}）"
    db.execute(update(Task).where(Task.kind == "follow_warning", Task.ref_id == warning.id, Task.state == "open")
               .values(title=title, due_on=warning.deadline))
    organizers.create_auto_tasks(db, target.id, "follow_warning", warning.id, title, warning.deadline)
    _push(db, principal, warning, headline)
    if rules.level_of(warning.level).yellow_card and circulate_org_ids:
        warning.circulated_notice_id = _circulate(db, principal, warning, target, circulate_org_ids)


def _circulate(db: Session, principal: Principal, warning: ControlWarning, target: Organization, org_ids: list[int]) -> int:
    """通报批评 of a yellow card to the chosen organizations (seed 二(二)3: 在一定范围内进行通报)."""
    notice = notices.create_notice(
        db, principal, title=f"关于对{target.name}给予黄牌警告的通报"[:100],
        body=(f"{target.name}在发展党员工作中存在“{rules.CRITERIA[warning.criterion]}”的问题：{warning.facts}。"
              f"经研究，对该党组织及有关责任人（{warning.responsible_persons}）给予黄牌警告，取消该单位 "
              f"{warning.award_ineligible_year} 年度评先评优资格，原则上也不能参与先锋模范系列评选。请各单位引以为戒。")[:5000],
        audience={"org_ids": org_ids}, kind="notice")
    return notice.id


def award_ineligible(db: Session, principal: Principal, year: int) -> list[dict]:
    """黄牌警告 of the year in the caller's subtree (seed 二(四)): those organizations lose that year's 评先评优, and in
    principle may not take part in the 先锋模范系列评选 unless the issuer recorded why they may."""
    principal = require_staff(principal)
    rows = db.execute(select(ControlWarning.id, ControlWarning.org_id, Organization.name, ControlWarning.vanguard_exception)
                      .join(Organization, Organization.id == ControlWarning.org_id)
                      .where(ControlWarning.award_ineligible_year == year, in_paths(Organization.path, principal.read_paths))
                      .order_by(Organization.name, ControlWarning.id))
    found: dict[int, dict] = {}
    for warning_id, org_id, name, exception in rows:
        item = found.setdefault(org_id, {"org_id": org_id, "org_name": name, "warning_id": warning_id,
                                         "merit_awards": f"取消 {year} 年度{rules.MERIT_AWARDS}资格",
                                         "vanguard_exception": exception})
        if not exception:  # one yellow card without an exception keeps the organization out
            item["vanguard_exception"] = None
    for item in found.values():
        item["vanguard_series"] = (f"经研究可以参与{rules.VANGUARD_SERIES}" if item["vanguard_exception"]
                                   else f"原则上不能参与{rules.VANGUARD_SERIES}")
    return list(found.values())


def record_vanguard_exception(db: Session, principal: Principal, warning_id: int, reason: str) -> ControlWarning:
    """原则上: the issuer records why a yellow-carded organization may still take part in the 先锋模范系列评选."""
    warning = _as_issuer(db, principal, warning_id)
    if not rules.level_of(warning.level).yellow_card:
        raise Conflict("只有黄牌警告涉及先锋模范系列评选", code="not_a_yellow_card")
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise RuleViolation("请写明可以参与的理由", code="reason_required", fields={"reason": ["至少 4 个字"]})
    warning.vanguard_exception = reason[:300]
    _event(db, warning, "vanguard_exception", principal, note=warning.vanguard_exception)
    audit.record(db, principal, "warning.vanguard_exception", "warning", warning.id, warning.org_id)
    return warning


def get_warning(db: Session, principal: Principal, warning_id: int) -> ControlWarning:
    principal = require_staff(principal)
    warning = db.get(ControlWarning, warning_id) if isinstance(warning_id, int) else None
    if warning is None:
        raise NotFound("找不到该预警", code="warning_not_found")
    get_org(db, principal, warning.org_id)  # NotFound outside the subtree
    return warning


def issues_warnings(principal: Principal) -> bool:
    """Warnings come from above: only organization departments' staff who may write issue them."""
    return principal.can_write and principal.role == "org_staff"


def side_of(principal: Principal, warning: ControlWarning, db: Session | None = None) -> str | None:
    """The caller's part in a warning: the warned organization answers (rules.TARGET), the staff of the organization
    that issued it decide (rules.ISSUER; an ancestor of the target by construction, so it may write there), and while
    the issuer has no staff, so does a superior of the issuer; anyone else, superiors up the line included, only
    reads it."""
    if not principal.can_write:
        return None
    if principal.org_id == warning.org_id:
        return rules.TARGET
    if not issues_warnings(principal):
        return None
    if principal.org_id == warning.issuer_org_id:
        return rules.ISSUER
    if db is not None and _stands_in_for_issuer(db, principal, warning.issuer_org_id):
        return rules.ISSUER
    return None


def _stands_in_for_issuer(db: Session, principal: Principal, issuer_org_id: int) -> bool:
    """A superior of an issuer without active staff accounts decides in its place (asked once per request)."""
    cache = db.info.setdefault("issuer_without_staff", {})
    if issuer_org_id not in cache:
        issuer = db.get(Organization, issuer_org_id)
        staffed = db.scalar(select(Account.id).where(Account.org_id == issuer_org_id, Account.role == "org_staff",
                                                     Account.active.is_(True)).limit(1))
        cache[issuer_org_id] = (issuer.path, staffed is None)
    path, unstaffed = cache[issuer_org_id]
    return unstaffed and any(path.startswith(p) for p in principal.write_paths)


def allowed_actions(principal: Principal, warning: ControlWarning, db: Session | None = None) -> list[str]:
    """What the caller may do with the warning now (the clients show exactly these)."""
    return rules.allowed_actions(warning.state, warning.level, side_of(principal, warning, db))


def _as(db, principal, warning_id, side: str) -> ControlWarning:
    warning = get_warning(db, principal, warning_id)
    if side_of(principal, warning, db) != side:
        if side == rules.TARGET:
            raise Forbidden("只有被预警组织可以签收或报送", code="not_the_target")
        raise Forbidden("只有发出预警的党组织可以解除或升级预警", code="not_the_issuer")
    return warning


def _as_target(db, principal, warning_id) -> ControlWarning:
    return _as(db, principal, warning_id, rules.TARGET)


def _as_issuer(db, principal, warning_id) -> ControlWarning:
    return _as(db, principal, warning_id, rules.ISSUER)


def acknowledge(db: Session, principal: Principal, warning_id: int) -> ControlWarning:
    warning = _as_target(db, principal, warning_id)
    if warning.state != "acknowledged":
        warning.state = rules.acknowledge(warning.state)
        _event(db, warning, "acknowledged", principal)
    return warning


def report(db: Session, principal: Principal, warning_id: int, text: str | None = None,
           parts: dict[str, str] | None = None) -> ControlWarning:
    """The written report (书面检讨: cause, measures, work plan for a yellow card) or the rectification (整改情况)."""
    warning = _as_target(db, principal, warning_id)
    text = rules.written_report(warning.level, text, parts or {})
    warning.state = rules.report(warning.state)
    warning.report_text, warning.overdue = text, False
    _event(db, warning, "reported", principal, note=text[:500])
    audit.record(db, principal, "warning.reported", "warning", warning.id, warning.org_id)
    return warning


def attach_report_document(db: Session, principal: Principal, warning_id: int, data: bytes, filename: str) -> ControlWarning:
    """The document of the written report (a scan of the signed 书面检讨, the work plan): PDF, PNG or JPEG."""
    warning = _as_target(db, principal, warning_id)
    documents.replace_attachment(warning, "report_document", data, filename, "书面检讨")
    _event(db, warning, "document", principal, note=warning.report_document_name)
    audit.record(db, principal, "warning.document_added", "warning", warning.id, warning.org_id)
    return warning


def report_document(db: Session, principal: Principal, warning_id: int) -> tuple[str, str, bytes]:
    return documents.attachment(get_warning(db, principal, warning_id), "report_document", "该预警没有报送材料")


def lift(db: Session, principal: Principal, warning_id: int, note: str | None) -> ControlWarning:
    warning = _as_issuer(db, principal, warning_id)
    if warning.state != "lifted":
        warning.state, warning.overdue = rules.lift(warning.state), False
        _event(db, warning, "lifted", principal, note=note)
        audit.record(db, principal, "warning.lifted", "warning", warning.id, warning.org_id)
    return warning


def escalate(db: Session, principal: Principal, warning_id: int, note: str | None, *, deadline: date | None = None,
             responsible_persons: str | None = None, circulate_org_ids: list[int] | None = None) -> ControlWarning:
    """A new decision of the issuer (seed 二(二): 经告知、督办仍未有效整改的): it asks what the new level asks, its
    deadline is after the day of escalation, and a yellow card's report is due 15 working days after it."""
    warning = _as_issuer(db, principal, warning_id)
    today = clock.today()
    level = rules.escalate(warning.state, warning.level)
    rules.check_level_fields(level, deadline, today, responsible_persons=responsible_persons)
    rule = rules.level_of(level)
    _apply_level(db, warning, level, today)
    warning.state, warning.issued_on, warning.overdue = "issued", today, False
    warning.deadline = deadline or warning.report_due
    if rule.yellow_card:
        warning.responsible_persons = responsible_persons.strip()
    _event(db, warning, "escalated", principal, note=note)
    audit.record(db, principal, "warning.escalated", "warning", warning.id, warning.org_id, level=warning.level)
    org = db.get(Organization, warning.org_id)
    _announce(db, principal, warning, org, f"【升级为{rules.LEVELS[warning.level]}】{org.name}", circulate_org_ids)
    return warning


def list_warnings(db: Session, principal: Principal, *, org_id: int | None = None, level: str | None = None,
                  state: str | None = None, criterion: int | None = None, overdue: bool | None = None,
                  received: bool = False):
    """The warnings of the caller's subtree, newest first; `received`: only those to the caller's own organization."""
    principal = require_staff(principal)
    query = (select(ControlWarning, Organization.name).join(Organization, Organization.id == ControlWarning.org_id)
             .where(in_paths(Organization.path, principal.read_paths)))
    if org_id is not None:
        org = get_org(db, principal, org_id)
        query = query.where(Organization.path.startswith(org.path))
    if received:
        query = query.where(ControlWarning.org_id == principal.org_id)
    for column, value in ((ControlWarning.level, level), (ControlWarning.state, state),
                          (ControlWarning.criterion, criterion), (ControlWarning.overdue, overdue)):
        if value is not None:
            query = query.where(column == value)
    return list(db.execute(query.order_by(ControlWarning.id.desc()).limit(500)))


def history(db: Session, principal: Principal, warning_id: int) -> list[WarningEvent]:
    warning = get_warning(db, principal, warning_id)
    return list(db.scalars(select(WarningEvent).where(WarningEvent.warning_id == warning.id)
                                .order_by(WarningEvent.id)))


def flag_overdue(db: Session, today: date | None = None) -> list[int]:
    """The daily scan: mark open warnings past their dates, once, with an event, and tell the issuer (seed 二(四):
    对在规定时间内仍未能解除调控预警的单位…) so that it follows up: lift, escalate, or hold those responsible to account."""
    today = today or clock.today()
    flagged = []
    for warning in db.scalars(select(ControlWarning).where(ControlWarning.state.in_(rules.OPEN_STATES),
                                                                ControlWarning.overdue.is_(False))):
        if rules.is_overdue(warning.state, warning.level, warning.deadline, warning.report_due, today):
            warning.overdue = True
            _event(db, warning, "overdue", None, note="超过期限仍未解除，已提醒预警单位跟进")
            _alert_issuer(db, warning)
            flagged.append(warning.id)
    return flagged


def _alert_issuer(db: Session, warning: ControlWarning) -> None:
    people = audience.staff_people(db, warning.issuer_org_id)
    if not people:
        return
    target = db.get(Organization, warning.org_id)
    due = warning.deadline or warning.report_due
    notices.create_notice(db, Principal(org_id=warning.issuer_org_id), title=f"【预警逾期】{target.name}"[:100],
                          body=(f"{target.name}的{rules.LEVELS[warning.level]}（{rules.CRITERIA[warning.criterion]}）"
                                f"已超过期限 {due.isoformat() if due else ''} 仍未解除，请跟进：验收解除、升级预警，"
                                "或对党组织及其负责人、直接责任人进行批评教育。")[:5000],
                          audience={"warning_id": warning.id}, kind="warning", ref_id=warning.id, person_ids=people)
