"""重点管理 (seed 二(三)): village, community and 两新 organizations at every level (branch, 党总支, 党委) that have
admitted nobody for three years or more, and those a county marked 发展党员难度较大; beside them, the branches a
双评议 below 80 made key targets of 调控预警 from the day the result was published (seed 三(二))."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server import clock
from server.domain import criteria
from server.domain.errors import Forbidden, RuleViolation
from server.domain.warning_issuers import KEY_MANAGEMENT_SECTORS, is_county_level
from server.models import FollowUp, Organization, Person, VoteSession
from server.services import audit, warning_tree
from server.services.scope import Principal, get_org, require_staff, require_writer

KEY_LEVELS = ("branch", "committee")  # 党支部, and 党总支 / 党委 (committees of the tree)
LIST_LIMIT = 500


def key_management(db: Session, principal: Principal, org_id: int | None = None) -> dict:
    principal = require_staff(principal)
    org = get_org(db, principal, org_id or principal.org_id)
    today = clock.today()
    cutoff = criteria.no_admission_since(today)
    within = Organization.path.startswith(org.path, autoescape=True)
    orgs = db.execute(select(Organization.id, Organization.name, Organization.level, Organization.sector,
                             Organization.path, Organization.hard_to_develop_reason, Organization.hard_to_develop_on)
                      .where(within, Organization.level.in_(KEY_LEVELS),
                             Organization.sector.in_(KEY_MANAGEMENT_SECTORS))).all()
    own = dict(db.execute(select(Person.org_id, func.max(Person.probationary_at)).join(
        Organization, Organization.id == Person.org_id).where(within).group_by(Person.org_id)).all())
    paths = dict(db.execute(select(Organization.id, Organization.path).where(within)).all())
    last: dict[int, object] = {}
    for org_row_id, admitted in own.items():  # an admission counts for the organization and every one above it
        if admitted is None or org_row_id not in paths:
            continue
        for ancestor in paths[org_row_id].strip("/").split("/"):
            key = int(ancestor)
            last[key] = max(last[key], admitted) if last.get(key) else admitted
    listed = []
    for row in orgs:
        quiet = last.get(row.id) is None or last[row.id] < cutoff
        if quiet or row.hard_to_develop_reason:
            listed.append({"org_id": row.id, "org_name": row.name, "level": row.level, "sector": row.sector,
                           "last_admission": last.get(row.id), "no_admission": quiet,
                           "hard_to_develop": row.hard_to_develop_reason, "hard_to_develop_on": row.hard_to_develop_on})
    listed.sort(key=lambda item: (item["org_name"], item["org_id"]))
    targets = db.execute(select(FollowUp.id, FollowUp.org_id, Organization.name, FollowUp.score, FollowUp.key_target_year,
                                FollowUp.state, VoteSession.published_at)
                         .join(Organization, Organization.id == FollowUp.org_id)
                         .join(VoteSession, VoteSession.id == FollowUp.session_id)
                         .where(within, FollowUp.key_target_year.is_not(None),
                                FollowUp.key_target_year >= today.year - 1)
                         .order_by(FollowUp.key_target_year.desc(), Organization.name).limit(LIST_LIMIT)).all()
    return {"no_admission": listed[:LIST_LIMIT], "no_admission_total": len(listed), "can_mark": _marks(db, principal),
            "key_targets": [{"follow_up_id": t.id, "org_id": t.org_id, "org_name": t.name, "score": t.score,
                             "year": t.key_target_year, "accepted": t.state == "closed",
                             "since": clock.china_date(t.published_at) if t.published_at else None} for t in targets]}


def _marks(db: Session, principal: Principal) -> bool:
    """Whether the caller is county-level staff who may mark 发展党员难度较大."""
    if not principal.can_write or principal.role != "org_staff":
        return False
    return is_county_level(warning_tree.tree_orgs(db, [principal.org_id])[principal.org_id])


def mark_hard_to_develop(db: Session, principal: Principal, org_id: int, reason: str | None) -> dict:
    """County staff (县区委组织部 or a 市直党工委) mark an organization of a village, community or 两新 organization
    under them as 发展党员难度较大, with a reason; no reason takes the mark off."""
    principal = require_writer(principal)
    target = get_org(db, principal, org_id, write=True)
    if not _marks(db, principal) or target.id == principal.org_id:
        raise Forbidden("发展党员难度较大由县（区）委组织部标注", code="not_county_level")
    if target.sector not in KEY_MANAGEMENT_SECTORS or target.level not in KEY_LEVELS:
        raise RuleViolation("只有村（社区）、“两新”组织的党组织可以标注", code="not_key_management_sector")
    reason = (reason or "").strip() or None
    if reason is not None and len(reason) < 4:
        raise RuleViolation("请写明难度较大的原因", code="reason_required", fields={"reason": ["至少 4 个字"]})
    target.hard_to_develop_reason = reason[:300] if reason else None
    target.hard_to_develop_on = clock.today() if reason else None
    audit.record(db, principal, "org.hard_to_develop", "organization", target.id, target.id, marked=bool(reason))
    return {"org_id": target.id, "hard_to_develop": target.hard_to_develop_reason,
            "hard_to_develop_on": target.hard_to_develop_on}
