"""责任追究 on warnings (seed 二(四)): 批评教育 recorded by the issuer, 组织处置 and 党纪处分 by the issuer or a level
above it; shown on the warning, in the organization's file of warnings, and counted in statistics."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server import clock
from server.domain import accountability as rules
from server.domain.errors import Forbidden, NotFound
from server.models import ControlWarning, Organization, WarningAccountability, WarningEvent
from server.services import audit, documents
from server.services.scope import Principal, can_write_org, get_org, in_paths, require_staff, require_writer
from server.services.warnings import get_warning, issues_warnings


def _require_competent(db: Session, principal: Principal, warning: ControlWarning, kind: rules.AccountabilityKind):
    """批评教育 by the issuing organization; decisions by it or a level above it (never by the warned one)."""
    principal = require_writer(principal)
    issuer = db.get(Organization, warning.issuer_org_id)
    if not issues_warnings(principal) or principal.org_id == warning.org_id:
        raise Forbidden("责任追究由发出预警的党组织或其上级记录", code="not_competent")
    if kind.by_issuer_only and principal.org_id != warning.issuer_org_id:
        raise Forbidden("批评教育由发出预警的党组织进行", code="not_the_issuer")
    if not can_write_org(principal, issuer):
        raise Forbidden("组织处置、党纪处分由发出预警的党组织或其上级记录", code="not_competent")


def record(db: Session, principal: Principal, warning_id: int, *, kind: str, person: str, decided_by: str,
           decided_on: date, measure: str | None = None, content: str | None = None) -> dict:
    warning = get_warning(db, principal, warning_id)
    rule = rules.kind_of(kind)
    _require_competent(db, principal, warning, rule)
    values = rules.check(rule, person=person, decided_by=decided_by, decided_on=decided_on, measure=measure,
                         content=content, warning_issued_on=warning.issued_on, today=clock.today())
    row = WarningAccountability(warning_id=warning.id, org_id=warning.org_id, kind=rule.key, decided_on=decided_on,
                                recorded_by_org_id=principal.org_id, recorded_by=principal.account_id, **values)
    db.add(row)
    db.flush()
    db.add(WarningEvent(warning_id=warning.id, action="accountability", state=warning.state, level=warning.level,
                        actor_account_id=principal.account_id, note=f"{rule.label}：{values['person']}"[:500]))
    audit.record(db, principal, "warning.accountability", "warning", warning.id, warning.org_id, kind=rule.key)
    return describe(row)


def describe(row: WarningAccountability, org_name: str | None = None) -> dict:
    return {"id": row.id, "warning_id": row.warning_id, "org_id": row.org_id, "org_name": org_name, "kind": row.kind,
            "kind_label": rules.LABELS[row.kind], "person": row.person, "measure": row.measure,
            "decided_by": row.decided_by, "decided_on": row.decided_on, "content": row.content,
            "document_name": row.document_name}


def for_warning(db: Session, principal: Principal, warning_id: int) -> dict:
    """The warning's records, and the kinds the caller may record on it (the page offers exactly those)."""
    warning = get_warning(db, principal, warning_id)
    rows = db.scalars(select(WarningAccountability).where(WarningAccountability.warning_id == warning.id)
                      .order_by(WarningAccountability.decided_on, WarningAccountability.id))
    return {"items": [describe(row) for row in rows], "may_record": recordable(db, principal, warning)}


def recordable(db: Session, principal: Principal, warning: ControlWarning) -> list[str]:
    allowed = []
    for key, rule in rules.KINDS.items():
        try:
            _require_competent(db, principal, warning, rule)
        except Forbidden:
            continue
        allowed.append(key)
    return allowed


def in_subtree(db: Session, principal: Principal, org_id: int | None = None, year: int | None = None) -> list[dict]:
    """The 责任追究 file of an organization and everything under it, newest first."""
    principal = require_staff(principal)
    org = get_org(db, principal, org_id or principal.org_id)
    query = (select(WarningAccountability, Organization.name)
             .join(Organization, Organization.id == WarningAccountability.org_id)
             .where(Organization.path.startswith(org.path, autoescape=True),
                    in_paths(Organization.path, principal.read_paths)))
    if year is not None:
        query = query.where(WarningAccountability.decided_on >= date(year, 1, 1),
                            WarningAccountability.decided_on < date(year + 1, 1, 1))
    rows = db.execute(query.order_by(WarningAccountability.decided_on.desc(), WarningAccountability.id.desc()).limit(500))
    return [describe(row, name) for row, name in rows]


def counts(db: Session, path: str, start: date, end: date) -> dict:
    """For statistics: decisions of each kind taken in the period, in the subtree at `path`."""
    rows = dict(db.execute(select(WarningAccountability.kind, func.count())
                           .join(Organization, Organization.id == WarningAccountability.org_id)
                           .where(Organization.path.startswith(path, autoescape=True),
                                  WarningAccountability.decided_on >= start, WarningAccountability.decided_on < end)
                           .group_by(WarningAccountability.kind)).all())
    return {key: rows.get(key, 0) for key in rules.KINDS}


def _row(db: Session, principal: Principal, accountability_id: int) -> WarningAccountability:
    row = db.get(WarningAccountability, accountability_id) if isinstance(accountability_id, int) else None
    if row is None:
        raise NotFound("找不到该责任追究记录", code="accountability_not_found")
    get_warning(db, principal, row.warning_id)  # NotFound outside the subtree
    return row


def attach_document(db: Session, principal: Principal, accountability_id: int, data: bytes, filename: str) -> dict:
    """The decision's document (处分决定、谈话记录): PDF, PNG or JPEG, by the organization that recorded it."""
    principal = require_writer(principal)
    row = _row(db, principal, accountability_id)
    if principal.org_id != row.recorded_by_org_id:
        raise Forbidden("只有记录该决定的党组织可以上传附件", code="not_the_recorder")
    documents.replace_attachment(row, "document", data, filename, "决定")
    audit.record(db, principal, "warning.accountability_document", "warning", row.warning_id, row.org_id)
    return describe(row)


def document(db: Session, principal: Principal, accountability_id: int) -> tuple[str, str, bytes]:
    return documents.attachment(_row(db, principal, accountability_id), "document", "该记录没有附件")
