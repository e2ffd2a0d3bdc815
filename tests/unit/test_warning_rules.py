from datetime import date

import pytest

from server.domain import warnings, working_days
from server.domain.errors import Conflict, RuleViolation


def test_the_yellow_card_report_is_due_on_the_15th_working_day_across_national_day_2026():
    # Issued Tue 2026-09-29. National Day holiday 10-01..10-07; 10-10 (Sat) is a make-up working day.
    due, official = warnings.report_due("yellow", date(2026, 9, 29))
    assert official
    days = [d for d in (date(2026, 9, 29).fromordinal(date(2026, 9, 29).toordinal() + i) for i in range(1, 40))
            if working_days.is_working_day(d)[0]]
    assert due == days[14]
    assert date(2026, 10, 10) in days[:15] and date(2026, 10, 5) not in days


def test_spring_festival_2026_and_its_make_up_saturdays():
    # Holiday 2026-02-15..02-23; Saturdays 02-14 and 02-28 are working days.
    assert working_days.is_working_day(date(2026, 2, 14)) == (True, True)
    assert working_days.is_working_day(date(2026, 2, 18)) == (False, True)
    assert working_days.is_working_day(date(2026, 2, 28)) == (True, True)
    due, _ = working_days.nth_working_day_after(date(2026, 2, 13), 2)
    assert due == date(2026, 2, 24)  # 02-14 (make-up Saturday), then 02-24 after the holiday


def test_day_15_of_15_counts_and_the_issue_day_does_not():
    # Mon 2026-03-02: 15 working days later, no holiday in between, is Mon 2026-03-23.
    assert warnings.report_due("yellow", date(2026, 3, 2)) == (date(2026, 3, 23), True)
    assert warnings.report_due("letter", date(2026, 3, 2)) == (None, True)


def test_years_without_calendar_data_fall_back_to_monday_to_friday():
    due, official = working_days.nth_working_day_after(date(2031, 1, 3), 15)  # a Friday
    assert official is False and due == date(2031, 1, 24)


def test_criteria_and_levels_are_checked():
    with pytest.raises(RuleViolation):
        warnings.check_new(8, "verbal", None, date(2026, 1, 5))
    with pytest.raises(RuleViolation):
        warnings.check_new(1, "red", None, date(2026, 1, 5))
    with pytest.raises(RuleViolation):
        warnings.check_new(1, "letter", date(2026, 1, 5), date(2026, 1, 5))


def test_escalation_goes_verbal_letter_yellow_and_stops():
    assert warnings.escalate("issued", "verbal") == "letter"
    assert warnings.escalate("reported", "letter") == "yellow"
    with pytest.raises(Conflict):
        warnings.escalate("issued", "yellow")
    with pytest.raises(Conflict):
        warnings.escalate("lifted", "verbal")


def test_overdue_means_open_and_past_its_date():
    assert warnings.is_overdue("issued", "letter", date(2026, 3, 1), None, date(2026, 3, 2))
    assert not warnings.is_overdue("issued", "letter", date(2026, 3, 1), None, date(2026, 3, 1))
    assert not warnings.is_overdue("reported", "letter", date(2026, 3, 1), None, date(2026, 3, 9))
    assert warnings.is_overdue("acknowledged", "yellow", None, date(2026, 3, 23), date(2026, 3, 24))
    assert not warnings.is_overdue("lifted", "yellow", None, date(2026, 3, 23), date(2026, 4, 24))


@pytest.mark.parametrize("state, level, side, expected", [
    ("issued", "verbal", warnings.TARGET, ["acknowledge", "report", "attach_report"]),
    ("acknowledged", "letter", warnings.TARGET, ["report", "attach_report", "notice"]),
    ("reported", "yellow", warnings.TARGET, ["report", "attach_report", "notice"]),
    ("lifted", "yellow", warnings.TARGET, ["notice"]),
    ("issued", "verbal", warnings.ISSUER, ["lift", "escalate"]),
    ("reported", "yellow", warnings.ISSUER, ["lift", "vanguard_exception", "notice"]),  # nothing above a yellow card
    ("lifted", "letter", warnings.ISSUER, ["notice"]),
    ("issued", "letter", None, ["notice"]),  # reading only
])
def test_a_warning_offers_each_side_what_its_state_and_level_allow(state, level, side, expected):
    assert warnings.allowed_actions(state, level, side) == expected


def test_only_a_yellow_cards_report_is_given_in_parts():
    assert warnings.report_parts("yellow") == list(warnings.REPORT_PARTS)
    assert warnings.report_parts("letter") == [] and warnings.report_parts("verbal") == []
    with pytest.raises(RuleViolation):
        warnings.written_report("yellow", "全部整改完毕", {"cause": "原因"})
    assert warnings.written_report("letter", "全部整改完毕", {}) == "全部整改完毕"


def test_every_criterion_has_its_short_name():
    assert set(warnings.CRITERIA_SHORT) == set(warnings.CRITERIA)
