"""发展党员工作季报制度 (seed 二(三)): each organization with approval authority below the city reports each quarter to
the level that warns it, by the 10th of the month after the quarter; the city reviews quarterly and circulates
情况通报."""
from __future__ import annotations

from datetime import date

from server.domain.errors import RuleViolation
from server.domain.states import StateMachine, Transition

DUE_DAY = 10
REMIND_DAYS_BEFORE = 3
STATES = {"draft": "待报送", "submitted": "已报送", "returned": "已退回", "reviewed": "已审阅"}
UNSUBMITTED = ("draft", "returned")  # the reporting organization still has it: numbers refresh, reminders go
MACHINE = StateMachine("季报", STATES, (
    Transition("submit", "报送", set(UNSUBMITTED), "submitted", "季报当前为“{state}”，不能报送"),
    Transition("return", "退回", {"submitted"}, "returned", "季报当前为“{state}”，不能退回"),
    Transition("review", "审阅", {"submitted"}, "reviewed", "季报当前为“{state}”，不能审阅"),
))


def due_on(year: int, quarter: int) -> date:
    """The 10th of the month after the quarter."""
    check_quarter(year, quarter)
    return date(year + 1, 1, DUE_DAY) if quarter == 4 else date(year, 3 * quarter + 1, DUE_DAY)


def check_quarter(year: int, quarter: int) -> None:
    if quarter not in (1, 2, 3, 4) or not 2000 <= year <= 2100:
        raise RuleViolation("季度无效", fields={"quarter": ["应为 1 到 4"]})


def last_finished_quarter(today: date) -> tuple[int, int]:
    quarter = (today.month - 1) // 3
    return (today.year - 1, 4) if quarter == 0 else (today.year, quarter)


def remind_due(state: str, due: date, today: date, reminded_on: date | None) -> bool:
    """Not yet submitted, within three days of the due date or past it, and not reminded today."""
    return state in UNSUBMITTED and (due - today).days <= REMIND_DAYS_BEFORE and reminded_on != today


def is_overdue(state: str, due: date, today: date) -> bool:
    """Not yet submitted and past its due date; the due date itself is still in time."""
    return state in UNSUBMITTED and today > due
