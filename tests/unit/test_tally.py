"""Tally rules at their boundaries, and against a plain reference computation over random ballots."""
from collections import Counter
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from server.domain import tally

C = [(1, "甲"), (2, "乙")]


def rec(*ids):
    return {"choices": list(ids)}


def test_member_rate_of_exactly_70_percent_qualifies_and_69_9_does_not():
    assert tally.member_rate_qualifies(7, 10)
    assert tally.member_rate_qualifies(699, 1000) is False
    assert tally.member_rate_qualifies(70, 100)


def test_mass_rate_of_exactly_50_percent_qualifies():
    assert tally.mass_rate_qualifies(15, 30)
    assert not tally.mass_rate_qualifies(14, 30)


def test_recommendation_qualifies_only_with_both_rates():
    result = tally.recommendation_result(C, member=[rec(1, 2)] * 7 + [rec()] * 3, mass=[rec(1)] * 5 + [rec(2)] * 5,
                                         absentee=[])
    rows = {r["id"]: r for r in result["candidates"]}
    assert rows[1]["member_rate"] == 0.7 and rows[1]["mass_rate"] == 0.5 and rows[1]["qualifies"]
    assert rows[2]["member_rate"] == 0.7 and rows[2]["mass_rate"] == 0.5 and rows[2]["qualifies"]
    fewer = tally.recommendation_result(C, member=[rec(1)] * 7 + [rec()] * 3, mass=[rec(1)] * 4 + [rec(2)] * 6,
                                        absentee=[])
    assert not {r["id"]: r for r in fewer["candidates"]}[1]["qualifies"]


def test_absent_members_written_opinions_count_in_votes_and_denominator():
    # 6 of 9 ballots is 66.7 %; with one written opinion for 甲 it is 7 of 10 = 70 %.
    without = tally.recommendation_result(C, member=[rec(1)] * 6 + [rec()] * 3, mass=[rec(1)], absentee=[])
    with_opinion = tally.recommendation_result(C, member=[rec(1)] * 6 + [rec()] * 3, mass=[rec(1)], absentee=[rec(1)])
    assert not without["candidates"][0]["qualifies"]
    assert with_opinion["candidates"][0]["qualifies"]
    assert with_opinion["groups"]["member"] == {"ballots": 9, "absentee": 1, "denominator": 10}


def test_no_mass_ballots_means_no_mass_rate_and_no_qualification():
    result = tally.recommendation_result(C, member=[rec(1)], mass=[], absentee=[])
    assert result["candidates"][0]["mass_rate"] is None and not result["candidates"][0]["qualifies"]


def votes(**per_candidate):
    return {"votes": {str(k[1:]): v for k, v in per_candidate.items()}}


def test_yes_votes_must_exceed_half_of_should_attend_not_of_present():
    # should_attend 10, 6 present: 5 yes is a majority of those present but only half of should_attend.
    ballots = [votes(c1="yes")] * 5 + [votes(c1="no")]
    result = tally.stage_vote_result("admission", [(1, "甲")], 10, ballots, [])
    assert result["quorum_met"] and result["candidates"][0]["passed"] is False
    result = tally.stage_vote_result("admission", [(1, "甲")], 10, ballots + [votes(c1="yes")], [])
    assert result["candidates"][0]["yes"] == 6 and result["candidates"][0]["passed"] is True


def test_present_exactly_half_of_should_attend_fails_the_quorum():
    ballots = [votes(c1="yes")] * 5
    result = tally.stage_vote_result("conversion", [(1, "甲")], 10, ballots, [])
    assert result["quorum_met"] is False and result["candidates"][0]["passed"] is False
    assert tally.quorum_met(6, 10) and not tally.quorum_met(5, 10)


def test_written_opinions_count_among_the_yes_votes():
    ballots = [votes(c1="yes")] * 6
    result = tally.stage_vote_result("conversion", [(1, "甲")], 11, ballots, [votes(c1="yes")])
    assert result["present"] == 6 and result["absentee"] == 1
    assert result["quorum_met"] and result["candidates"][0]["yes"] == 7 and result["candidates"][0]["passed"]


def test_quorum_counts_those_present_never_written_opinions():
    # 细则 第二十条: should attend 10, 4 present and 2 written opinions is no quorum, so 6 yes votes pass nobody.
    result = tally.stage_vote_result("admission", [(1, "甲")], 10, [votes(c1="yes")] * 4, [votes(c1="yes")] * 2)
    assert (result["present"], result["absentee"], result["candidates"][0]["yes"]) == (4, 2, 6)
    assert result["quorum_met"] is False and result["candidates"][0]["passed"] is False


def test_each_stage_candidate_is_decided_separately():
    ballots = [votes(c1="yes", c2="no")] * 4 + [votes(c1="yes", c2="abstain")]
    rows = tally.stage_vote_result("target", [(1, "甲"), (2, "乙")], 5, ballots, [])["candidates"]
    assert [(r["yes"], r["no"], r["abstain"], r["passed"]) for r in rows] == [(5, 0, 0, True), (0, 4, 1, False)]


def test_satisfaction_score_is_the_weighted_shares():
    assert tally.satisfaction_score({"very_satisfied": 1, "satisfied": 1, "basic": 1, "unsatisfied": 1}) == Decimal("60.00")
    assert tally.satisfaction_score({"very_satisfied": 2, "satisfied": 1}) == Decimal("93.33")
    assert tally.satisfaction_score({}) is None


def test_a_satisfaction_score_of_exactly_80_is_not_below_the_threshold():
    assert tally.satisfaction_score({"satisfied": 3}) == Decimal("80.00")
    assert not tally.below_threshold(Decimal("80.00"))
    assert tally.below_threshold(Decimal("79.99"))


def test_satisfaction_result_has_member_mass_and_overall_scores():
    r = lambda grade: {"ratings": {"0": grade, "7": "very_satisfied"}}
    result = tally.satisfaction_result([(0, "支部工作"), (7, "新党员")], member=[r("satisfied")] * 2,
                                       mass=[r("unsatisfied"), r("very_satisfied")], absentee=[r("basic")])
    branch = result["subjects"][0]
    assert branch["member_score"] == round((80 + 80 + 60) / 3, 2)
    assert branch["mass_score"] == 50.0
    assert branch["score"] == round((80 + 80 + 60 + 0 + 100) / 5, 2) and branch["below_threshold"]
    assert branch["counts"] == {"very_satisfied": 1, "satisfied": 2, "basic": 1, "unsatisfied": 1}
    assert result["subjects"][1]["score"] == 100.0 and not result["subjects"][1]["below_threshold"]


ids = st.lists(st.sampled_from([1, 2, 3]), unique=True, max_size=3).map(lambda c: {"choices": c})


@settings(max_examples=200)
@given(member=st.lists(ids, max_size=30), mass=st.lists(ids, max_size=30), absentee=st.lists(ids, max_size=5))
def test_recommendation_matches_a_plain_count(member, mass, absentee):
    result = tally.recommendation_result([(1, "a"), (2, "b"), (3, "c")], member, mass, absentee)
    for row in result["candidates"]:
        mv = sum(row["id"] in b["choices"] for b in member + absentee)
        qv = sum(row["id"] in b["choices"] for b in mass)
        md, qd = len(member) + len(absentee), len(mass)
        assert row["member_votes"] == mv and row["mass_votes"] == qv
        assert row["qualifies"] == (md > 0 and qd > 0 and mv * 100 >= 70 * md and qv * 100 >= 50 * qd)


stage_ballot = st.fixed_dictionaries({"1": st.sampled_from(["yes", "no", "abstain"]),
                                      "2": st.sampled_from(["yes", "no", "abstain"])}).map(lambda v: {"votes": v})


@settings(max_examples=200)
@given(ballots=st.lists(stage_ballot, max_size=40), absentee=st.lists(stage_ballot, max_size=5),
       extra=st.integers(min_value=0, max_value=40))
def test_stage_vote_matches_a_plain_count(ballots, absentee, extra):
    should_attend = len(ballots) + len(absentee) + extra
    result = tally.stage_vote_result("admission", [(1, "a"), (2, "b")], should_attend, ballots, absentee)
    quorum = len(ballots) * 2 > should_attend
    assert result["quorum_met"] == quorum
    for row in result["candidates"]:
        counted = Counter(b["votes"][str(row["id"])] for b in ballots + absentee)
        assert (row["yes"], row["no"], row["abstain"]) == (counted["yes"], counted["no"], counted["abstain"])
        assert row["passed"] == (quorum and counted["yes"] * 2 > should_attend)


grade = st.sampled_from(["very_satisfied", "satisfied", "basic", "unsatisfied"])


@settings(max_examples=200)
@given(member=st.lists(grade, max_size=30), mass=st.lists(grade, max_size=30))
def test_satisfaction_matches_a_plain_weighted_average(member, mass):
    wrap = lambda g: {"ratings": {"0": g}}
    result = tally.satisfaction_result([(0, "支部")], [wrap(g) for g in member], [wrap(g) for g in mass], [])
    row = result["subjects"][0]
    everyone = member + mass
    if not everyone:
        assert row["score"] is None and not row["below_threshold"]
        return
    weights = {"very_satisfied": 100, "satisfied": 80, "basic": 60, "unsatisfied": 0}
    expected = Decimal(sum(weights[g] for g in everyone)) / Decimal(len(everyone))
    assert abs(Decimal(str(row["score"])) - expected) <= Decimal("0.005")
    assert row["below_threshold"] == (Decimal(str(row["score"])) < 80)


def test_a_group_at_or_under_half_attendance_is_named_with_its_numbers():
    from server.domain.tally import attendance_warnings

    warnings = attendance_warnings({"member": 1, "mass": 16}, {"member": 26, "mass": 30})
    assert [(w["group"], w["message"]) for w in warnings] == [("member", "党员应到 26 人，实到 1 人，未超过一半")]
    assert [w["group"] for w in attendance_warnings({"member": 13, "mass": 0}, {"member": 26, "mass": 0})] == ["member"]
    assert attendance_warnings({"member": 14}, {"member": 26}) == []
