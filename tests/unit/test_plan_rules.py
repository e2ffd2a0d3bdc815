"""Annual plans judged against the year (seed 二(一)): the 3 % band and the structure targets, at their edges."""
from server.domain import plans


def test_exactly_three_percent_off_plan_is_within_the_band():
    assert not plans.off_plan(100, 103) and not plans.off_plan(100, 97)
    assert plans.off_plan(100, 104) and plans.off_plan(100, 96)


def test_a_deviation_that_prints_as_three_percent_but_is_more_is_off_plan():
    assert plans.deviation_pct(33, 34) == 3.0  # what the dashboard shows
    assert plans.off_plan(33, 34)  # 3.03 %: outside the band


def test_no_plan_is_never_off_plan_and_a_plan_of_zero_is_met_only_by_none():
    assert not plans.off_plan(None, 40)
    assert not plans.off_plan(0, 0) and plans.off_plan(0, 1)


def test_a_share_equal_to_its_target_meets_it():
    structure = plans.Structure(admitted=10, women=3)
    assert plans.missed_targets({"women_pct": 30}, structure) == []
    assert plans.missed_targets({"women_pct": 31}, structure) == ["女性占比 30.0%，低于计划的 31%"]


def test_a_share_that_rounds_up_to_its_target_still_misses_it():
    structure = plans.Structure(admitted=10_000, women=2_999)  # 29.99 %, shown as 30.0
    assert plans.missed_targets({"women_pct": 30}, structure) == ["女性占比 30.0%，低于计划的 30%"]


def test_a_year_without_admissions_is_not_judged_on_shares():
    assert plans.missed_targets({"women_pct": 30}, plans.Structure(admitted=0)) == []
