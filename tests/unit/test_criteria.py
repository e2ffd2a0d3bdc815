"""Criteria 1–5 of 调控预警 and the plan figures, without a database."""
from datetime import date, timedelta

import pytest

from server.domain import criteria, plans
from server.domain.errors import RuleViolation
from server.domain.warning_issuers import TreeOrg, may_issue, warning_superior

TODAY = date(2026, 11, 29)


def org_year(**values):
    base = {"org_id": 9, "name": "某支部", "level": "branch", "sector": "community", "year": 2026, "today": TODAY,
            "planned_admissions": 3, "structure": plans.Structure(admitted=3), "last_admission": date(2025, 7, 1),
            "last_activist": date(2026, 3, 1)}
    return criteria.OrgYear(**{**base, **values})


def numbers(org):
    return [(f.criterion, f.suggested_level) for f in criteria.evaluate(org)]


def test_a_branch_with_a_plan_recent_admissions_and_no_overdue_step_has_no_finding():
    assert numbers(org_year()) == []


def test_no_plan_after_january_is_criterion_1_and_after_10_january_a_verbal_suggestion():
    assert numbers(org_year(planned_admissions=None)) == [(1, "letter")]
    assert numbers(org_year(planned_admissions=None, today=date(2026, 1, 31))) == [(1, "verbal")]
    assert numbers(org_year(planned_admissions=None, today=date(2026, 1, 11))) == [(1, "verbal")]
    assert numbers(org_year(planned_admissions=None, today=date(2026, 1, 10))) == []


def test_no_admission_for_three_years_is_criterion_2_with_the_last_date_in_the_facts():
    [finding] = criteria.evaluate(org_year(last_admission=date(2023, 6, 30)))
    assert (finding.criterion, finding.suggested_level) == (2, "letter")
    assert "2023-06-30" in finding.facts


def test_no_new_activist_for_two_years_is_criterion_2():
    assert numbers(org_year(last_activist=date(2024, 11, 1))) == [(2, "letter")]


def test_a_rural_branch_admitting_nobody_aged_35_or_under_in_a_finished_year_is_criterion_2():
    finished = org_year(year=2025, sector="rural", structure=plans.Structure(admitted=2, young=0), planned_admissions=2)
    assert numbers(finished) == [(2, "letter")]
    assert numbers(org_year(year=2025, sector="community", structure=plans.Structure(admitted=2), planned_admissions=2)) == []


def test_a_finished_year_off_plan_by_more_than_3_percent_is_criterion_3_and_exactly_3_is_not():
    assert numbers(org_year(year=2025, planned_admissions=30, structure=plans.Structure(admitted=28))) == [(3, "letter")]
    assert numbers(org_year(year=2025, planned_admissions=100, structure=plans.Structure(admitted=103))) == []
    assert numbers(org_year(year=2025, planned_admissions=100, structure=plans.Structure(admitted=104))) == [(3, "letter")]


def test_the_last_quarter_off_plan_suggests_a_verbal_warning_and_earlier_quarters_nothing():
    assert numbers(org_year(planned_admissions=10, structure=plans.Structure(admitted=6))) == [(3, "verbal")]
    assert numbers(org_year(planned_admissions=10, structure=plans.Structure(admitted=6), today=date(2026, 9, 30))) == []


def test_missed_structure_targets_of_a_finished_year_are_criterion_4_in_words():
    structure = plans.Structure(admitted=10, women=2, young=8, college=5, frontline=6)
    [finding] = criteria.evaluate(org_year(year=2025, planned_admissions=10, structure=structure,
                                           targets={"women_pct": 30, "young_pct": 60}))
    assert finding.criterion == 4 and "女性占比 20.0%，低于计划的 30%" in finding.facts and "35岁" not in finding.facts


def test_overdue_steps_are_criterion_5_verbal_for_one_or_two_and_a_letter_beyond():
    assert numbers(org_year(overdue_steps=2)) == [(5, "verbal")]
    assert numbers(org_year(overdue_steps=3)) == [(5, "letter")]


def test_deviation_is_against_the_plan_and_a_plan_of_zero_is_met_only_by_none():
    assert plans.deviation_pct(30, 31) == pytest.approx(3.3)
    assert plans.deviation_pct(0, 0) == 0 and plans.deviation_pct(0, 1) == 100 and plans.deviation_pct(None, 4) is None


def test_a_plan_with_an_unknown_target_or_a_share_over_100_is_refused():
    with pytest.raises(RuleViolation):
        plans.check_plan(plans.PlanFigures(3, targets={"tall_pct": 10}), 2026, TODAY)
    with pytest.raises(RuleViolation):
        plans.check_plan(plans.PlanFigures(3, targets={"women_pct": 120}), 2026, TODAY)
    plans.check_plan(plans.PlanFigures(3, 5, {"women_pct": 30, "rural_young_min": 1}), 2026, TODAY)


CITY = TreeOrg(1, "city", None, True)
COUNTY = TreeOrg(2, "county", 1, True, parent_level="city")
COMMITTEE = TreeOrg(3, "committee", 2, True, parent_level="county")
PLAIN_COMMITTEE = TreeOrg(5, "committee", 2, False, parent_level="county")
BRANCH = TreeOrg(4, "branch", 3, sector="community", parent_level="committee")
BRANCH_UNDER_PLAIN = TreeOrg(6, "branch", 5, sector="soe", parent_level="committee")


def test_the_city_cannot_warn_a_branch_directly_only_its_committee_can():
    ancestors = [COMMITTEE, COUNTY, CITY]
    assert warning_superior(ancestors) == COMMITTEE
    assert may_issue(COMMITTEE, ancestors, BRANCH, 1)
    assert not may_issue(CITY, ancestors, BRANCH, 1)
    assert not may_issue(COUNTY, ancestors, BRANCH, 3)


def test_a_committee_without_approval_authority_does_not_warn_its_branches_the_county_does():
    ancestors = [PLAIN_COMMITTEE, COUNTY, CITY]
    assert warning_superior(ancestors) == COUNTY
    assert not may_issue(PLAIN_COMMITTEE, ancestors, BRANCH_UNDER_PLAIN, 1)


def test_a_county_keeps_villages_communities_and_two_new_under_key_management_for_criterion_2_only():
    ancestors = [COMMITTEE, COUNTY, CITY]
    assert may_issue(COUNTY, ancestors, BRANCH, 2)
    assert not may_issue(CITY, ancestors, BRANCH, 2)
    state_owned = TreeOrg(7, "branch", 3, sector="soe", parent_level="committee")
    assert not may_issue(COUNTY, ancestors, state_owned, 2)


def test_only_branches_and_organizations_with_approval_authority_below_the_city_are_judged():
    assert criteria.judged("branch", False) and criteria.judged("committee", True)
    assert not criteria.judged("committee", False) and not criteria.judged("city", True)


def test_three_years_without_an_admission_is_counted_to_the_day():
    three_years = criteria.years_ago(TODAY, criteria.NO_ADMISSION_YEARS)
    assert numbers(org_year(last_admission=three_years)) == [(2, "verbal")]  # past 30 months: near the line
    assert numbers(org_year(last_admission=three_years - timedelta(days=1))) == [(2, "letter")]


def test_two_years_without_a_new_activist_is_counted_to_the_day():
    two_years = criteria.years_ago(TODAY, criteria.NO_ACTIVIST_YEARS)
    assert numbers(org_year(last_activist=two_years)) == [(2, "verbal")]  # past 18 months: near the line
    assert numbers(org_year(last_activist=two_years - timedelta(days=1))) == [(2, "letter")]


def test_thirty_months_without_an_admission_or_eighteen_without_an_activist_suggest_a_verbal_warning():
    assert numbers(org_year(last_admission=date(2024, 5, 28))) == [(2, "verbal")]   # 30 months and a day
    assert numbers(org_year(last_admission=date(2024, 5, 29))) == []
    assert numbers(org_year(last_activist=date(2025, 5, 28))) == [(2, "verbal")]   # 18 months and a day
    assert numbers(org_year(last_activist=date(2025, 5, 29))) == []


def test_a_structure_share_below_target_in_the_last_quarter_suggests_a_verbal_warning():
    structure = plans.Structure(admitted=3, women=0, young=3, college=3, frontline=3)
    assert numbers(org_year(structure=structure, targets={"women_pct": 30})) == [(4, "verbal")]
    assert numbers(org_year(structure=structure, targets={"women_pct": 30}, today=date(2026, 9, 30))) == []


def test_criterion_5_counts_steps_done_late_and_flagged_history_beside_overdue_ones():
    [finding] = criteria.evaluate(org_year(late_steps=2, flagged_history=1))
    assert (finding.criterion, finding.suggested_level) == (5, "letter")
    assert "2 个环节超过时限后才办理" in finding.facts and "1 条历史记录不符合规定" in finding.facts
    assert numbers(org_year(late_steps=1)) == [(5, "verbal")]


def test_the_last_quarter_starts_on_the_first_of_october():
    off = {"planned_admissions": 10, "structure": plans.Structure(admitted=6)}
    assert numbers(org_year(**off, today=date(2026, 10, 1))) == [(3, "verbal")]


def test_years_are_counted_back_to_the_same_calendar_day():
    assert criteria.years_ago(date(2026, 11, 30), 3) == date(2023, 11, 30)
    assert criteria.years_ago(date(2028, 2, 29), 2) == date(2026, 2, 28)
    assert criteria.no_admission_since(date(2026, 3, 31)) == date(2023, 3, 31)


def test_a_recommendation_may_put_forward_twice_the_years_planned_activists_or_admissions():
    assert plans.recommendation_suggestion(3, 2)["suggested"] == 6
    only_admissions = plans.recommendation_suggestion(None, 2)
    assert (only_admissions["basis"], only_admissions["suggested"]) == ("planned_admissions", 4)
    assert "1:2" in only_admissions["text"] and plans.recommendation_suggestion(None, 0) is None
