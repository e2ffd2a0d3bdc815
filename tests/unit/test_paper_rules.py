"""Paper counts: their checks, the tellers' agreement, and how they join the tally at the boundaries."""
import pytest

from server.domain import tally
from server.domain.kinds import SESSION_KINDS
from server.domain.paper import CHOICES, RATINGS, VOTES, PaperCount, check_count, disagreements

NAMES = {"1": "张三", "2": "李四"}


def checked(shape, count, handed_out=10, max_choices=2):
    return check_count(shape, count, handed_out=handed_out, option_ids=[1, 2], names=NAMES, max_choices=max_choices)


def test_returned_and_spoiled_may_not_exceed_handed_out_and_the_message_names_the_numbers():
    _, problems = checked(CHOICES, PaperCount(9, 2, {"1": 3}))
    assert problems == ["有效票 9 张 + 废票 2 张 = 11 张，多于发出的 10 张"]


def test_a_candidate_cannot_have_more_votes_than_valid_ballots():
    _, problems = checked(CHOICES, PaperCount(5, 0, {"1": 6, "2": 1}))
    assert problems == ["张三 得 6 票，多于有效票 5 张"]


def test_recommendation_votes_together_are_bounded_by_max_choices():
    _, problems = checked(CHOICES, PaperCount(3, 0, {"1": 3, "2": 3}), max_choices=1)
    assert "推荐票合计 6 票" in problems[0]


def test_each_stage_vote_option_adds_up_to_the_valid_ballots():
    full, problems = checked(VOTES, PaperCount(4, 1, {"1": {"yes": 3, "no": 1}, "2": {"yes": 2, "abstain": 1}}))
    assert problems == ["李四：赞成 2、反对 0、弃权 1，合计 3 张，应等于有效票 4 张"]
    assert full.counts["1"] == {"yes": 3, "no": 1, "abstain": 0}


@pytest.mark.parametrize("counts", [{"9": 1}, {"1": -1}, {"1": 1.5}, {"1": True}, ["1"]])
def test_odd_shapes_are_problems_not_crashes(counts):
    _, problems = checked(CHOICES, PaperCount(3, 0, counts))
    assert problems


def test_the_tellers_differences_are_spelled_out():
    a = PaperCount(5, 1, {"1": {"yes": 5, "no": 0, "abstain": 0}, "2": {"yes": 4, "no": 1, "abstain": 0}})
    b = PaperCount(5, 0, {"1": {"yes": 5, "no": 0, "abstain": 0}, "2": {"yes": 3, "no": 2, "abstain": 0}})
    assert disagreements(VOTES, a, b, NAMES) == ["废票：1 张 / 0 张", "李四 赞成：4 张 / 3 张", "李四 反对：1 张 / 2 张"]
    assert disagreements(VOTES, a, a, NAMES) == []


def test_exactly_70_percent_with_paper_votes_included_qualifies():
    # 7 phone ballots for 张三 of 7, and 3 paper ballots of which none for 张三: 7 of 10 = 70 %.
    paper = CHOICES.ballots(PaperCount(3, 0, {"1": 0, "2": 3}))
    phone = [{"choices": [1]}] * 7
    mass = [{"choices": [1]}] * 1 + [{"choices": []}]
    result = tally.recommendation_result([(1, "张三"), (2, "李四")], phone + paper, mass, [])
    row = result["candidates"][0]
    assert (row["member_votes"], row["member_rate"], row["qualifies"]) == (7, 0.7, True)
    # One spoiled paper ballot more puts 张三 under 70 %: spoiled ballots count in the denominator.
    paper = CHOICES.ballots(PaperCount(3, 1, {"1": 0, "2": 3}))
    result = tally.recommendation_result([(1, "张三"), (2, "李四")], phone + paper, mass, [])
    assert result["candidates"][0]["qualifies"] is False


def test_exactly_50_percent_of_mass_ballots_on_paper_qualifies():
    mass = CHOICES.ballots(PaperCount(4, 0, {"1": 2, "2": 0}))
    result = tally.recommendation_result([(1, "张三"), (2, "李四")], [{"choices": [1]}] * 10, mass, [])
    assert result["candidates"][0]["mass_rate"] == 0.5 and result["candidates"][0]["qualifies"] is True


@pytest.mark.parametrize("paper_yes, passed", [(2, False), (3, True)])
def test_yes_exactly_half_of_should_attend_with_mixed_channels_fails(paper_yes, passed):
    # should attend 10; 3 yes by phone, the rest on paper: 5 yes is exactly half and fails, 6 passes.
    phone = [{"votes": {"1": "yes"}}] * 3
    paper = VOTES.ballots(PaperCount(4, 1, {"1": {"yes": paper_yes, "no": 4 - paper_yes, "abstain": 0}}))
    result = tally.stage_vote_result("admission", [(1, "张三")], 10, phone + paper, [])
    row = result["candidates"][0]
    assert result["present"] == 8 and result["quorum_met"] is True
    assert (row["yes"], row["no"], row["abstain"], row["passed"]) == (3 + paper_yes, 4 - paper_yes, 0, passed)


def test_paper_grades_join_the_satisfaction_score_and_spoiled_ones_count_for_no_grade():
    paper = RATINGS.ballots(PaperCount(2, 1, {"1": {"very_satisfied": 1, "satisfied": 0, "basic": 1, "unsatisfied": 0}}))
    result = tally.satisfaction_result([(1, "张三")], [{"ratings": {"1": "satisfied"}}] * 2, [], [])
    with_paper = tally.satisfaction_result([(1, "张三")], [{"ratings": {"1": "satisfied"}}] * 2 + paper, [], [])
    assert result["subjects"][0]["score"] == 80.0
    assert with_paper["subjects"][0]["score"] == 80.0  # (100 + 80 + 80 + 60) / 4
    assert with_paper["groups"]["member"]["ballots"] == 5


def test_every_session_kind_says_how_its_paper_is_counted():
    assert {kind.paper for kind in SESSION_KINDS.values()} == {CHOICES, VOTES, RATINGS}
