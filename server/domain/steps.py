"""The 25 steps of the development record (全程纪实), each an object with its rules.

Source: 《中国共产党发展党员工作细则》(2014) chapters 2–6, which the seed keeps in force (未尽事宜仍按发展党员工作的
有关规定执行); the seed's 22456 mechanism sits inside them (两推荐 and the 四票决 at steps 3, 7, 15 and 23).
A step says when it is recorded (`during` a status), what must be done before it (`requires`), who records it
(the branch or the superior committee), which stage vote completes it, what it asks for, and when it is due.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from server.domain.eligibility import APPLICANT_MONTHS, add_months

STATUS_RANK = {"applicant": 0, "activist": 1, "target": 2, "probationary": 3, "member": 4, "disqualified": 4}
STAGES = {
    "applicant": "申请入党",
    "activist": "入党积极分子的确定和培养教育",
    "target": "发展对象的确定和考察",
    "admission": "预备党员的接收",
    "probation": "预备党员的教育考察和转正",
}


def stages_through(status: str) -> list[str]:
    """The stages of the record a person of this status has reached (the steps a paper file may bring)."""
    return list(STAGES)[:STATUS_RANK[status] + 1] if status in STATUS_RANK else []


BRANCH, COMMITTEE, EITHER = "branch", "committee", "either"
FIELD_LABELS = {"talker": "谈话人", "contact_ids": "培养联系人", "introducer_ids": "入党介绍人", "days": "培训天数",
                "hours": "培训学时", "conclusion": "结论", "reason": "理由", "outcome": "审批结果",
                "extension_months": "延长预备期（月）", "note": "备注"}
ACTORS = {BRANCH: "党支部", COMMITTEE: "上级党委", EITHER: "党支部或上级党委"}


@dataclass(frozen=True)
class Problem:
    """A broken rule of a step: which rule (machine name), the field it concerns, and a Chinese message."""

    rule: str
    field: str
    message: str


def _text(fields: dict, name: str) -> str:
    value = fields.get(name)
    return value.strip() if isinstance(value, str) else ""


def _ids(fields: dict, name: str) -> list | None:
    value = fields.get(name)
    if not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        return None
    return value


def _number(fields: dict, name: str) -> float | None:
    value = fields.get(name)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value


@dataclass(frozen=True)
class Step:
    no: int
    key: str
    name: str
    stage: str
    during: str                                   # the status in which the step is recorded
    requires: tuple[str, ...] = ()
    by: str = BRANCH
    by_vote: str | None = None                    # the 四票决 stage that completes it
    repeats_months: int | None = None             # recorded again every n months while `during`
    field_names: tuple[str, ...] = ("note",)

    def check_fields(self, fields: dict) -> list[Problem]:
        """The step's own fields (dates and order are checked by the record)."""
        return []


@dataclass(frozen=True)
class TalkStep(Step):
    field_names: tuple[str, ...] = ("talker", "note")

    def check_fields(self, fields):
        if not _text(fields, "talker"):
            return [Problem("talker_required", "talker", "请填写谈话人")]
        return []


@dataclass(frozen=True)
class PeopleStep(Step):
    """Contacts (1–2) or introducers (exactly 2): full members, named by their person ids."""

    id_field: str = "contact_ids"
    least: int = 1
    most: int = 2
    rule: str = ""
    field_names: tuple[str, ...] = ("contact_ids", "note")

    def check_fields(self, fields):
        ids = _ids(fields, self.id_field)
        count = f"{self.least} 名" if self.least == self.most else f"{self.least}–{self.most} 名"
        if ids is None or not self.least <= len(ids) <= self.most or len(set(ids)) != len(ids):
            return [Problem(self.rule, self.id_field, f"{self.name}应为 {count}正式党员（不能重复）")]
        return []


@dataclass(frozen=True)
class ConclusionStep(Step):
    field_names: tuple[str, ...] = ("conclusion", "note")

    def check_fields(self, fields):
        if not _text(fields, "conclusion"):
            return [Problem("conclusion_required", "conclusion", f"请填写{self.name}的结论")]
        return []


TRAINING_DAYS, TRAINING_HOURS = 3, 24


@dataclass(frozen=True)
class TrainingStep(Step):
    """集中培训 of at least 3 days or 24 class hours (细则第二十二条)."""

    field_names: tuple[str, ...] = ("days", "hours", "note")

    def check_fields(self, fields):
        days, hours = _number(fields, "days"), _number(fields, "hours")
        if (days is not None and days >= TRAINING_DAYS) or (hours is not None and hours >= TRAINING_HOURS):
            return []
        return [Problem("training_too_short", "days",
                        f"集中培训时间一般不少于 {TRAINING_DAYS} 天或 {TRAINING_HOURS} 个学时")]


APPROVAL_MONTHS, APPROVAL_MONTHS_WITH_REASON = 3, 6


@dataclass(frozen=True)
class AdmissionApproval(Step):
    """上级党委审批 within 3 months of the branch meeting (15); up to 6 with a reason (细则第二十九条)."""

    field_names: tuple[str, ...] = ("reason", "note")


EXTENSION_MONTHS = (6, 12)
OUTCOMES = {"member": "按期转为正式党员", "extended": "延长预备期", "disqualified": "取消预备党员资格"}


@dataclass(frozen=True)
class ConversionApproval(Step):
    """上级党委审批转正 within 3 months of 23: full member, probation extended once by 6–12 months, or
    disqualified with a reason (细则第三十四、三十五条)."""

    field_names: tuple[str, ...] = ("outcome", "extension_months", "reason", "note")

    def check_fields(self, fields):
        outcome = fields.get("outcome")
        if outcome not in OUTCOMES:
            return [Problem("outcome_required", "outcome", "请选择审批结果：" + "、".join(OUTCOMES.values()))]
        if outcome == "extended":
            months = fields.get("extension_months")
            low, high = EXTENSION_MONTHS
            if isinstance(months, bool) or not isinstance(months, int) or not low <= months <= high:
                return [Problem("extension_months", "extension_months", f"延长预备期应为 {low} 至 {high} 个月")]
        if outcome in ("extended", "disqualified") and not _text(fields, "reason"):
            return [Problem("reason_required", "reason", f"{OUTCOMES[outcome]}须写明理由")]
        return []


_ALL = (
    Step(1, "application", "递交入党申请书", "applicant", "applicant"),
    TalkStep(2, "application_talk", "党组织派人谈话", "applicant", "applicant", requires=("application",)),
    Step(3, "activist_selected", "推荐和确定入党积极分子", "activist", "applicant", by_vote="activist"),
    Step(4, "activist_filed", "报上级党委备案", "activist", "activist", requires=("activist_selected",)),
    PeopleStep(5, "contacts_assigned", "指定培养联系人", "activist", "activist", requires=("activist_selected",),
               rule="contacts_count"),
    ConclusionStep(6, "activist_assessment", "培养教育考察", "activist", "activist", requires=("activist_selected",),
                   repeats_months=6),
    Step(7, "target_selected", "确定发展对象", "target", "activist", requires=("activist_filed", "contacts_assigned"),
         by_vote="target"),
    Step(8, "target_filed", "报上级党委备案", "target", "target", requires=("target_selected",)),
    PeopleStep(9, "introducers", "确定入党介绍人", "target", "target", requires=("target_selected",),
               id_field="introducer_ids", least=2, most=2, rule="introducers_count",
               field_names=("introducer_ids", "note")),
    ConclusionStep(10, "political_review", "进行政治审查", "target", "target", requires=("target_selected",), by=EITHER),
    TrainingStep(11, "training", "开展集中培训", "target", "target", requires=("target_selected",), by=EITHER),
    Step(12, "branch_review", "支部委员会审查", "admission", "target",
         requires=("introducers", "political_review", "training")),
    Step(13, "committee_prereview", "上级党委预审", "admission", "target", requires=("branch_review",), by=COMMITTEE),
    Step(14, "application_form", "填写入党志愿书", "admission", "target", requires=("committee_prereview",)),
    Step(15, "admission_vote", "支部大会讨论", "admission", "target",
         requires=("introducers", "political_review", "training", "branch_review", "committee_prereview",
                   "application_form"), by_vote="admission"),
    Step(16, "committee_talk", "上级党委派人谈话", "admission", "target", requires=("admission_vote",), by=COMMITTEE),
    AdmissionApproval(17, "admission_approved", "上级党委审批", "admission", "target",
                      requires=("admission_vote", "committee_talk"), by=COMMITTEE),
    Step(18, "admission_filed", "再上一级党委组织部门备案", "admission", "probationary",
         requires=("admission_approved",), by=COMMITTEE),
    Step(19, "grouped", "编入党支部和党小组", "probation", "probationary", requires=("admission_approved",)),
    Step(20, "oath", "入党宣誓", "probation", "probationary", requires=("admission_approved",)),
    ConclusionStep(21, "probation_assessment", "继续教育考察", "probation", "probationary",
                   requires=("admission_approved",), repeats_months=6),
    Step(22, "conversion_application", "提出转正申请", "probation", "probationary", requires=("admission_approved",)),
    Step(23, "conversion_vote", "支部大会讨论", "probation", "probationary",
         requires=("grouped", "oath", "conversion_application"), by_vote="conversion"),
    ConversionApproval(24, "conversion_approved", "上级党委审批", "probation", "probationary",
                       requires=("conversion_vote",), by=COMMITTEE),
    Step(25, "archived", "材料归档", "probation", "probationary", requires=("conversion_approved",), by=EITHER),
)

STEPS: dict[str, Step] = {s.key: s for s in _ALL}
BY_NO: dict[int, Step] = {s.no: s for s in _ALL}
VOTE_STEPS: dict[str, Step] = {s.by_vote: s for s in _ALL if s.by_vote}
# The steps that start over when probation is extended (细则第三十四条: 预备期满时再讨论).
CONVERSION_ROUND = ("conversion_application", "conversion_vote", "conversion_approved")
STATUS_BY_VOTE = {"activist": "activist", "target": "target"}  # the others wait for the committee's approval
PROBATION_MONTHS = 12


@dataclass(frozen=True)
class Dates:
    """The dates a record's due dates and status changes come from."""

    applied_at: date | None = None
    activist_at: date | None = None
    admission_vote_on: date | None = None       # probation counts from the branch meeting (step 15)
    extension_months: int = 0

    @property
    def probation_ends(self) -> date | None:
        """Probation is one year from the admission meeting, plus an extension (预备期满)."""
        if self.admission_vote_on is None:
            return None
        return add_months(self.admission_vote_on, PROBATION_MONTHS + self.extension_months)


@dataclass(frozen=True)
class WaitingTime:
    """How long after a date of the record a stage vote may be held (培养考察期)."""

    since: str      # the `Dates` attribute it counts from
    months: int
    rule: str

    def ready_on(self, dates: Dates) -> date | None:
        since = getattr(dates, self.since)
        return add_months(since, self.months) if since else None

    def problem(self, dates: Dates, day: date) -> tuple[str, date | None] | None:
        """(what is wrong, the first day the rule holds) when a vote on `day` would be too early."""
        ready = self.ready_on(dates)
        if ready is None:
            return f"缺少起算日期，无法确认“{self.rule}”", None
        return None if ready <= day else (f"未满足“{self.rule}”，{ready.isoformat()} 起方可票决", ready)


# The one table of waiting times, keyed by the vote step: the seed's 经过半年培养教育的入党申请人 (三(一)1); the
# 细则's 经过一年以上培养教育和考察 for a target, and 预备期为一年, counted from the 支部大会 that admitted the member.
WAITING_TIMES: dict[str, WaitingTime] = {
    "activist_selected": WaitingTime("applied_at", APPLICANT_MONTHS, f"递交入党申请满 {APPLICANT_MONTHS} 个月"),
    "target_selected": WaitingTime("activist_at", 12, "作为入党积极分子培养满 1 年"),
    "conversion_vote": WaitingTime("probation_ends", 0, "预备期满（自支部大会通过之日起 1 年，含延长的预备期）"),
}


def step(key: str) -> Step | None:
    return STEPS.get(key)
