"""What a caller may do, by role and by their organization's standing: the clients offer exactly these places and
actions (the services still check every request on its own)."""
from __future__ import annotations

from dataclasses import dataclass

from server.domain.account_rules import ADMIN_ROLES
from server.domain.vocab import may_approve
from server.domain.warning_issuers import TreeOrg, warns

# The places of the console, and the actions whose buttons a page shows only to those who may take them.
CAPABILITIES = {
    "staff": "组织工作人员的页面（发展纪实、调控预警、任务、操作记录）",
    "organizer": "特聘组织员的工作",
    "runs_meetings": "会议与表决、党员名册、通知、组织员来报",
    "department": "组织部门的页面（统计分析、年度计划、季报、特聘组织员、预警建议）",
    "accounts": "账号管理",
    "convene_meetings": "召开会议、建表决",
    "edit_people": "新增和修改人员",
    "make_plans": "制定年度计划",
    "appoint_organizers": "聘任特聘组织员",
    "see_schedule": "查看后台定时任务",
}


@dataclass(frozen=True)
class Caller:
    """The facts the capabilities follow from."""

    role: str | None
    writes: bool
    level: str | None = None
    has_approval_authority: bool = False
    account_admin: bool = False


def capabilities(caller: Caller) -> frozenset[str]:
    may: set[str] = set()
    if caller.role is None:  # a bound member: the inbox and their ballots only
        return frozenset()
    may.add("staff")
    if caller.role == "organizer":
        may.add("organizer")
        return frozenset(may)
    may.add("runs_meetings")
    if caller.writes:
        may |= {"convene_meetings", "edit_people"}
    if caller.role == "org_staff":
        may |= {"department", "accounts"}
        # The same standings the services check: 年度计划 by an organization that issues warnings
        # (warning_issuers.warns), 特聘组织员 by one with approval authority (vocab.may_approve).
        standing = TreeOrg(id=0, level=caller.level or "", parent_id=None,
                           has_approval_authority=caller.has_approval_authority)
        if caller.writes and warns(standing):
            may.add("make_plans")
        if caller.writes and caller.level and may_approve(caller.level, caller.has_approval_authority):
            may.add("appoint_organizers")
        if caller.writes and caller.level == "city":
            may.add("see_schedule")
    elif caller.role in ADMIN_ROLES and caller.account_admin and caller.writes:
        may.add("accounts")  # a branch's designated administrator
    return frozenset(may)
