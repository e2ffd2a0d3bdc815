"""Who warns whom (seed 二(二)(三)): "根据管理权限和隶属关系" — the city warns the counties and city-level 党(工)委,
a county or city-level 党(工)委 its direct organizations, a 基层党(工)委 with approval authority its branches; nobody
skips a level. Besides, a county or city-level 党(工)委 keeps under 重点管理 the villages, communities and 两新
organizations below it (criterion 2: 连续三年以上未发展党员), and may warn them directly for it.
"""
from __future__ import annotations

from dataclasses import dataclass

KEY_MANAGEMENT_SECTORS = ("rural", "community", "two_new")  # 村（社区）、“两新”组织
KEY_MANAGEMENT_CRITERION = 2


@dataclass(frozen=True)
class TreeOrg:
    """What the rule needs of an organization: its place in the tree and its authority."""

    id: int
    level: str
    parent_id: int | None
    has_approval_authority: bool = False
    sector: str = ""
    parent_level: str | None = None


def warns(org: TreeOrg) -> bool:
    """An organization that issues warnings at all: the city, a county, or a 党(工)委 with approval authority."""
    return org.level in ("city", "county") or (org.level == "committee" and org.has_approval_authority)


def is_county_level(org: TreeOrg) -> bool:
    """县（区）党委组织部 or 市直部门党（工）委: a county, or a 党(工)委 directly under the city."""
    return org.level == "county" or (org.level == "committee" and org.parent_level == "city")


def warning_superior(ancestors: list[TreeOrg]) -> TreeOrg | None:
    """The organization that warns one whose ancestors are given nearest first: the nearest one that warns at all
    (a branch under a 党委 without approval authority is warned by the level above it)."""
    return next((org for org in ancestors if warns(org)), None)


def may_issue(issuer: TreeOrg, ancestors: list[TreeOrg], target: TreeOrg, criterion: int) -> bool:
    """True when `issuer` may warn `target` (whose ancestors are given nearest first) for `criterion`."""
    superior = warning_superior(ancestors)
    if superior is not None and superior.id == issuer.id:
        return True
    return (criterion == KEY_MANAGEMENT_CRITERION and target.sector in KEY_MANAGEMENT_SECTORS
            and is_county_level(issuer) and any(org.id == issuer.id for org in ancestors))
