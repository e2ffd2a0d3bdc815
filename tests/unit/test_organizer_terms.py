"""A special organizer's term: two years less a day, assessed per term year, renewed only after a pass."""
from datetime import date

from server.domain import organizer_terms as terms


def test_a_term_ends_the_day_before_the_second_anniversary():
    assert terms.term_ends_on(date(2026, 3, 1)) == date(2028, 2, 29)
    assert terms.term_ends_on(date(2024, 2, 29)) == date(2026, 2, 27)
    assert terms.term_ends_on(date(2026, 1, 1)) == date(2027, 12, 31)


def test_rights_hold_on_the_last_day_and_end_the_day_after():
    starts, ends = date(2026, 1, 1), date(2027, 12, 31)
    assert terms.in_term(starts, starts, ends) and terms.in_term(ends, starts, ends)
    assert not terms.in_term(date(2028, 1, 1), starts, ends) and not terms.in_term(date(2025, 12, 31), starts, ends)


def test_assessments_are_recorded_under_the_calendar_year_each_term_year_ends_in():
    years = terms.term_years(date(2026, 7, 1))
    assert [(y.number, y.year, y.ends_on) for y in years] == [(1, 2027, date(2027, 6, 30)), (2, 2028, date(2028, 6, 30))]
    assert terms.assessment_year_problem(date(2026, 7, 1), 2027) is None
    assert "2027、2028" in terms.assessment_year_problem(date(2026, 7, 1), 2026)


def test_an_assessment_is_due_a_month_before_its_term_year_ends_until_it_is_recorded():
    starts = date(2026, 1, 1)
    assert terms.assessments_due(starts, set(), date(2026, 11, 30)) == []
    assert [y.year for y in terms.assessments_due(starts, set(), date(2026, 12, 1))] == [2026]
    assert [y.year for y in terms.assessments_due(starts, {2026}, date(2027, 12, 31))] == [2027]
    assert terms.assessments_due(starts, {2026, 2027}, date(2028, 6, 1)) == []


def test_renewal_needs_a_pass_or_better_in_the_last_assessment():
    assert terms.renewal_refusal("pass") is None and terms.renewal_refusal("excellent") is None
    assert "不合格" in terms.renewal_refusal("fail")
    assert "尚无" in terms.renewal_refusal(None)


def test_a_renewed_term_follows_without_a_gap_and_is_never_backdated():
    assert terms.renewal_starts_on(date(2027, 12, 31), date(2027, 11, 1)) == date(2028, 1, 1)
    assert terms.renewal_starts_on(date(2027, 12, 31), date(2028, 3, 5)) == date(2028, 3, 5)
