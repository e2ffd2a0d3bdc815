"""调控预警 (seed part 二): criteria, levels, the life of a warning, and the yellow card's report deadline."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from server.domain.errors import Conflict, RuleViolation
from server.domain.states import StateMachine, Transition
from server.domain.working_days import Calendar, nth_working_day_after

CRITERIA = {
    1: "未制定年度发展党员工作计划",
    2: "连续三年以上未发展党员、连续两年未培养入党积极分子，或农村未发展35岁及以下党员",
    3: "发展党员年度计划数与实际发展数上下浮动超过3%",
    4: "年度发展党员结构指标未完成指导性计划调控要求",
    5: "发展党员工作制度落实不到位，未按规定时限、程序办理",
    6: "把关不严、违规发展党员",
    7: "发展党员工作中存在其他突出问题",
}
CRITERIA_SHORT = {  # the same seven, as a picker shows them
    1: "未制定年度发展党员计划",
    2: "长期未发展党员或积极分子",
    3: "计划完成偏差超过3%",
    4: "结构指标未完成",
    5: "未按时限程序办理",
    6: "违规发展党员",
    7: "其他突出问题",
}


@dataclass(frozen=True)
class WarningLevel:
    """A level of 调控预警 (seed 二(二)) and what it entails."""

    key: str
    label: str
    next: str | None  # the level it escalates to
    told_in_person: bool = False  # 口头告知: how (face to face, phone) and to whom is recorded
    written_notice: bool = False  # a numbered 预警通知书 goes with it
    yellow_card: bool = False  # 书面检讨 in 15 working days, responsible persons named, 通报, no awards that year

    @property
    def deadline_required(self) -> bool:
        """A yellow card's rectification deadline defaults to its report date; the others must be given one."""
        return not self.yellow_card


LEVEL_RULES = {level.key: level for level in (
    WarningLevel("verbal", "口头告知", "letter", told_in_person=True),
    WarningLevel("letter", "函告督办", "yellow", written_notice=True),
    WarningLevel("yellow", "黄牌警告", None, written_notice=True, yellow_card=True),
)}
LEVELS = {key: level.label for key, level in LEVEL_RULES.items()}
WRITTEN_NOTICE_LEVELS = tuple(key for key, level in LEVEL_RULES.items() if level.written_notice)
STATES = {"issued": "已发出", "acknowledged": "已签收", "reported": "已报送整改情况", "lifted": "已解除"}
OPEN_STATES = ("issued", "acknowledged", "reported")
MACHINE = StateMachine("预警", STATES, (
    Transition("acknowledge", "签收", {"issued"}, "acknowledged", "预警当前为“{state}”，不能签收"),
    Transition("report", "报送整改情况", set(OPEN_STATES), "reported", "预警当前为“{state}”，不能报送"),
    Transition("lift", "解除", set(OPEN_STATES), "lifted", "预警已解除"),
    Transition("escalate", "升级", set(OPEN_STATES), "issued", "预警已解除，不能升级"),
))
# What a yellow card costs (seed 二(四)): 取消该单位当年度评先评优资格，原则上也不能参与先锋模范系列评选.
MERIT_AWARDS = "评先评优"
VANGUARD_SERIES = "先锋模范系列评选"
YELLOW_REPORT_WORKING_DAYS = 15  # seed 二(四): 十五个工作日内上报预警单位
TOLD_HOW = {"face_to_face": "当面告知", "phone": "电话告知"}  # seed 二(二)1
REPORT_PARTS = {"cause": "问题原因", "measures": "解决问题的具体措施", "plan": "工作方案"}  # seed 二(四)
# What the history of a warning records (处理经过).
EVENT_LABELS = {"issued": "发出", "acknowledged": "签收", "reported": "报送", "document": "上传附件", "lifted": "解除",
                "escalated": "升级", "overdue": "逾期", "accountability": "责任追究",
                "vanguard_exception": "准予参与先锋模范系列评选"}
# Who acts on a warning: the warned organization answers it; the organization that issued it, and only that one
# (not every superior up the line), decides on it.
TARGET, ISSUER = "target", "issuer"
SIDE_ACTIONS = {TARGET: ("acknowledge", "report", "attach_report"), ISSUER: ("lift", "escalate")}


def allowed_actions(state: str, level: str, side: str | None) -> list[str]:
    """What a caller on `side` (TARGET, ISSUER, or None: reading only) may do with a warning now; `notice` (the
    预警通知书) goes with the levels that have one, for anyone who sees the warning."""
    actions = []
    if side is not None:
        rule = level_of(level)
        for action in SIDE_ACTIONS[side]:
            if action == "attach_report":
                allowed = state in OPEN_STATES
            else:
                allowed = MACHINE.can(state, action) and (action != "escalate" or rule.next is not None)
            if allowed:
                actions.append(action)
    if side == ISSUER and level_of(level).yellow_card:
        actions.append("vanguard_exception")  # 原则上不能参与先锋模范系列评选: the issuer may record an exception
    if level_of(level).written_notice:
        actions.append("notice")
    return actions


def report_parts(level: str) -> list[str]:
    """The parts its written report must give: a yellow card's 书面检讨 gives cause, measures and work plan."""
    return list(REPORT_PARTS) if level_of(level).yellow_card else []


def check_new(criterion: int, level: str, deadline: date | None, issued_on: date, *,
              told_how: str | None = None, told_to: str | None = None, responsible_persons: str | None = None) -> None:
    """Every level has a rectification deadline (a yellow card's defaults to its report date); a verbal warning
    says how and to whom it was told."""
    if criterion not in CRITERIA:
        raise RuleViolation("预警情形应为 1–7", code="unknown_criterion", fields={"criterion": ["应为 1 到 7"]})
    check_level_fields(level, deadline, issued_on, told_how=told_how, told_to=told_to,
                       responsible_persons=responsible_persons)


def check_level_fields(level: str, deadline: date | None, decided_on: date, *, told_how: str | None = None,
                       told_to: str | None = None, responsible_persons: str | None = None) -> None:
    """What a level asks of the decision that puts a warning at it, whether issued or escalated (seed 二(二)):
    a deadline after the day of the decision where the level has no default, how and to whom a verbal warning
    was told, a yellow card's responsible persons."""
    rule = level_of(level)
    if deadline is None and rule.deadline_required:
        raise RuleViolation(f"{rule.label}须规定整改期限", code="deadline_required", fields={"deadline": ["请填写整改期限"]})
    if deadline is not None and deadline <= decided_on:
        raise RuleViolation("整改期限应晚于作出决定的日期", code="deadline_too_early", fields={"deadline": ["应晚于今天"]})
    if rule.yellow_card and not (responsible_persons or "").strip():
        raise RuleViolation("黄牌警告须写明有关责任人", code="responsible_persons_required",
                            fields={"responsible_persons": ["党组织负责人、直接责任人的姓名和职务"]})
    if rule.told_in_person and (told_how not in TOLD_HOW or not (told_to or "").strip()):
        raise RuleViolation("口头告知须记录告知方式和告知对象", code="verbal_details_required",
                            fields={"told_how": ["当面告知或电话告知"], "told_to": ["告知了谁（姓名、职务）"]})


def level_of(key: str) -> WarningLevel:
    if key not in LEVEL_RULES:
        raise RuleViolation("预警方式无效", fields={"level": ["应为 verbal、letter 或 yellow"]})
    return LEVEL_RULES[key]


def report_due(level: str, issued_on: date, calendar: Calendar | None = None) -> tuple[date | None, bool]:
    """A yellow card's written report is due on the 15th Chinese working day after the day of issue."""
    if not level_of(level).yellow_card:
        return None, True
    return nth_working_day_after(issued_on, YELLOW_REPORT_WORKING_DAYS, calendar)



def written_report(level: str, text: str | None, parts: dict[str, str]) -> str:
    """The report as one text; a yellow card's 书面检讨 gives the cause, the measures and the work plan."""
    given = {key: (parts.get(key) or "").strip() for key in REPORT_PARTS}
    missing = [key for key in report_parts(level) if not given[key]]
    if missing:
        raise RuleViolation("黄牌警告的书面检讨须说明问题原因，提出具体措施和工作方案", code="report_parts_required",
                            fields={key: [f"请填写{REPORT_PARTS[key]}"] for key in missing})
    lines = [f"{REPORT_PARTS[key]}：{value}" for key, value in given.items() if value]
    if (text or "").strip():
        lines.append(text.strip())
    if not lines:
        raise RuleViolation("请填写报送内容", fields={"report": ["请填写报送内容"]})
    return "\n".join(lines)


def _move(state: str, action: str) -> str:
    return MACHINE.apply(state, action) or state


def acknowledge(state: str) -> str:
    return _move(state, "acknowledge")


def report(state: str) -> str:
    """The written report (书面检讨) or the rectification (整改情况); it may be sent again."""
    return _move(state, "report")


def lift(state: str) -> str:
    return _move(state, "lift")


def escalate(state: str, level: str) -> str:
    """口头告知 → 函告督办 → 黄牌警告 (经告知、督办仍未有效整改的); returns the new level, the state is issued again."""
    MACHINE.apply(state, "escalate")
    following = level_of(level).next
    if following is None:
        raise Conflict(f"{LEVELS[level]}已是最高等级", code="invalid_transition")
    return following


def is_overdue(state: str, level: str, deadline: date | None, due: date | None, today: date) -> bool:
    """Open, and past the rectification deadline, or (yellow) past the report date without a report."""
    if state not in OPEN_STATES:
        return False
    if deadline is not None and today > deadline and state != "reported":
        return True
    return level_of(level).yellow_card and due is not None and today > due and state != "reported"
