"""Who may stand and who may vote in each session kind (DESIGN.md section 4; seed part 三; 细则)."""
from __future__ import annotations

import calendar
import math
from dataclasses import dataclass
from datetime import date

MEETING_KINDS = {"branch_assembly": "支部党员大会", "branch_committee": "支部委员会", "members_and_masses": "党员和群众代表会议"}
# Sessions a 支部委员会 cannot hold: they need the masses, or all full members (seed 三(一)(二)(三)).
NOT_IN_COMMITTEE_MEETING = {"recommendation", "satisfaction", "admission", "conversion"}


@dataclass(frozen=True)
class PersonFacts:
    """What the rules need to know about a person."""

    name: str
    status: str
    committee_member: bool = False
    applied_at: date | None = None
    status_since: date | None = None
    activist_at: date | None = None
    probationary_at: date | None = None


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), clamped to the month's end."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def meeting_kind_problem(meeting_kind: str, session_kind: str, stage: str | None) -> str | None:
    if meeting_kind == "branch_committee" and (session_kind in NOT_IN_COMMITTEE_MEETING or stage in NOT_IN_COMMITTEE_MEETING):
        return f"{MEETING_KINDS[meeting_kind]}不能进行此项表决（需要全体党员或群众代表参加）"
    return None


def recommendation_candidate_problem(person: PersonFacts, meeting_day: date) -> str | None:
    """两推荐: applicants who applied at least six months before the meeting (经过半年培养教育的入党申请人)."""
    if person.status != "applicant":
        return f"{person.name}不是入党申请人，不能作为推荐对象"
    if person.applied_at is None or add_months(person.applied_at, 6) > meeting_day:
        applied = person.applied_at.isoformat() if person.applied_at else "未登记"
        return f"{person.name}递交入党申请不满 6 个月（申请日期 {applied}），不能作为推荐对象"
    return None


def stage_candidate_problem(stage: str, person: PersonFacts, meeting_day: date) -> str | None:
    """四票决: the status each stage starts from, with the one-year rules of the 细则."""
    if stage == "activist":
        return None if person.status == "applicant" else f"{person.name}不是入党申请人，不能票决为入党积极分子"
    if stage == "target":
        if person.status != "activist":
            return f"{person.name}不是入党积极分子，不能票决为发展对象"
        since = person.activist_at or person.status_since
        if since is None or add_months(since, 12) > meeting_day:
            return f"{person.name}作为入党积极分子培养不满 1 年，不能票决为发展对象"
        return None
    if stage == "admission":
        return None if person.status == "target" else f"{person.name}不是发展对象，不能票决接收为预备党员"
    if stage == "conversion":
        if person.status != "probationary":
            return f"{person.name}不是预备党员，不能票决转正"
        since = person.probationary_at or person.status_since
        if since is None or add_months(since, 12) > meeting_day:
            return f"{person.name}预备期不满 1 年，不能票决转正"
        return None
    return "票决阶段无效"


def satisfaction_subject_problem(person: PersonFacts, meeting_day: date) -> str | None:
    """双评议: members admitted as probationary in the previous calendar year (上年度新发展党员)."""
    if person.status not in ("probationary", "member") or person.probationary_at is None \
            or person.probationary_at.year != meeting_day.year - 1:
        return f"{person.name}不是上年度（{meeting_day.year - 1} 年）新发展的党员，不能作为评议对象"
    return None


def voter_group(kind: str, stage: str | None, person: PersonFacts) -> str | None:
    """The group a roster person votes in, or None: members for 两推荐/双评议 include probationary members;
    the branch committee decides the first two stages; only full members vote on admission and conversion."""
    if kind in ("recommendation", "satisfaction"):
        if person.status in ("member", "probationary"):
            return "member"
        return "mass" if person.status == "mass_rep" else None
    if stage in ("activist", "target"):
        return "member" if person.committee_member and person.status in ("member", "probationary") else None
    return "member" if person.status == "member" else None


@dataclass(frozen=True)
class MassRepRule:
    """How many mass representatives the policy asks for (原则上), and where that number comes from."""

    required: int | None
    source: str


def required_mass_reps(sector: str, staff_count: int | None, member_count: int) -> MassRepRule:
    """Seed 三(一)3: villages/communities ≥ 30; SOEs and 两新 ≥ 30, or ≥ 30 % of staff below 100 staff;
    institutions invite all staff (and retiree representatives)."""
    if sector in ("rural", "community"):
        return MassRepRule(30, "村（社区）群众代表原则上不少于 30 人")
    if sector in ("soe", "two_new"):
        if staff_count is not None and staff_count < 100:
            return MassRepRule(math.ceil(staff_count * 0.3), "从业人员 100 人以下的，代表人数原则上不少于人员总数的 30%")
        return MassRepRule(30, "企业、“两新”组织群众代表一般不少于 30 人")
    if sector == "institution" and staff_count is not None:
        return MassRepRule(max(0, staff_count - member_count), "机关事业单位应邀请全体在编在职人员参加（另加离退休人员代表）")
    return MassRepRule(None, "本领域未规定群众代表人数")
