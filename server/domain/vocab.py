"""The closed vocabularies of the domain with their Chinese labels (DESIGN.md section 3)."""
from __future__ import annotations

LEVELS = {"city": "市委组织部", "county": "县区委组织部/市直党(工)委", "committee": "基层党(工)委", "branch": "党支部"}
LEVEL_ORDER = ["city", "county", "committee", "branch"]

SECTORS = {
    "rural": "农村",
    "community": "社区",
    "institution": "机关事业单位",
    "soe": "国有企业",
    "two_new": "两新组织",
    "university": "高校",
}

STATUSES = {
    "applicant": "入党申请人",
    "activist": "入党积极分子",
    "target": "发展对象",
    "probationary": "预备党员",
    "member": "正式党员",
    "mass_rep": "群众代表",
}

GENDERS = {"male": "男", "female": "女"}

ROLES = {"secretary": "支部书记", "org_staff": "组织部门工作人员", "organizer": "特聘组织员"}

# Which levels each role may be attached to.
ROLE_LEVELS = {
    "secretary": {"branch"},
    "org_staff": {"city", "county", "committee"},
    "organizer": {"committee", "county", "city"},
}

EDUCATIONS = ["研究生", "大学本科", "大学专科", "中专", "高中", "初中及以下"]


def label_to_key(mapping: dict[str, str], value: str) -> str | None:
    """Accept either the machine key or its Chinese label."""
    value = (value or "").strip()
    if value in mapping:
        return value
    for key, label in mapping.items():
        if label == value:
            return key
    return None


def child_level_allowed(parent_level: str, child_level: str) -> bool:
    """A child sits exactly one level below its parent; committees may nest under committees (总支/党委)."""
    if parent_level == "committee" and child_level == "committee":
        return True
    return LEVEL_ORDER.index(child_level) == LEVEL_ORDER.index(parent_level) + 1
