"""发展党员工作季报 (seed 二(三)): due dates, reminders and lateness at their edges."""
from datetime import date

import pytest

from server.domain import quarterly
from server.domain.errors import RuleViolation


def test_a_quarter_is_due_on_the_tenth_of_the_next_month_and_the_fourth_in_january():
    assert quarterly.due_on(2026, 1) == date(2026, 4, 10)
    assert quarterly.due_on(2026, 4) == date(2027, 1, 10)
    with pytest.raises(RuleViolation):
        quarterly.due_on(2026, 5)


def test_a_report_submitted_on_its_due_date_is_in_time_and_the_next_day_is_late():
    due = quarterly.due_on(2026, 3)
    assert not quarterly.is_overdue("draft", due, due)
    assert quarterly.is_overdue("draft", due, date(2026, 10, 11))
    assert quarterly.is_overdue("returned", due, date(2026, 10, 11))
    assert not quarterly.is_overdue("submitted", due, date(2026, 12, 1))


def test_reminders_start_three_days_before_the_due_date_once_a_day():
    due = date(2026, 10, 10)
    assert not quarterly.remind_due("draft", due, date(2026, 10, 6), None)
    assert quarterly.remind_due("draft", due, date(2026, 10, 7), None)
    assert quarterly.remind_due("draft", due, date(2026, 10, 12), date(2026, 10, 11))
    assert not quarterly.remind_due("draft", due, date(2026, 10, 12), date(2026, 10, 12))
    assert not quarterly.remind_due("reviewed", due, date(2026, 10, 12), None)


def test_the_last_finished_quarter_of_january_is_last_years_fourth():
    assert quarterly.last_finished_quarter(date(2027, 1, 1)) == (2026, 4)
    assert quarterly.last_finished_quarter(date(2026, 3, 31)) == (2025, 4)
    assert quarterly.last_finished_quarter(date(2026, 4, 1)) == (2026, 1)
