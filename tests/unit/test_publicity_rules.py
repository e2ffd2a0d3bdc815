"""五公示 and 六部门审查 as gates of the record, at their boundaries."""
from datetime import date

import pytest

from server.domain import publicity, review
from server.domain.errors import Conflict, RuleViolation
from server.domain.publicity import PublicityFacts
from server.domain.record import Entry, Facts, Record
from server.domain.review import ReviewFacts
from server.domain.steps import STEPS

TODAY = date(2026, 11, 27)


def test_a_publicity_lasts_at_least_five_days_counting_both_ends():
    publicity.check_period(date(2026, 11, 1), date(2026, 11, 5))
    with pytest.raises(RuleViolation) as info:
        publicity.check_period(date(2026, 11, 1), date(2026, 11, 4))
    assert info.value.code == "publicity_too_short"
    assert publicity.is_open(date(2026, 11, 1), date(2026, 11, 5), date(2026, 11, 5))
    assert not publicity.is_open(date(2026, 11, 1), date(2026, 11, 5), date(2026, 11, 6))


def activist(*publicities, halt=None):
    entries = (Entry("activist_selected", date(2026, 10, 1), source="vote"),)
    return Record(Facts(status="activist", record_from="applicant", applied_at=date(2025, 1, 1),
                        activist_at=date(2026, 10, 1), entries=entries, publicities=publicities, halt=halt), TODAY)


def test_the_step_after_a_publicity_waits_for_its_end_and_every_answer():
    with pytest.raises(Conflict) as info:
        activist().check("activist_filed", TODAY, {})
    assert info.value.code == "blocked" and "入党积极分子公示" in info.value.message
    running = PublicityFacts("activist", TODAY, 0, 0, False)  # the end day still counts
    assert "至 2026-11-27 结束" in activist(running).blocker(STEPS["activist_filed"])
    ended = PublicityFacts("activist", date(2026, 11, 26), 0, 0, False)
    activist(ended).check("activist_filed", TODAY, {})
    unanswered = PublicityFacts("activist", date(2026, 11, 26), 2, 0, False)
    with pytest.raises(Conflict) as info:
        activist(unanswered).check("activist_filed", TODAY, {})
    assert "2 条意见尚未答复" in info.value.message


def test_an_objection_found_true_halts_the_whole_record_until_the_committee_decides():
    rec = activist(PublicityFacts("activist", date(2026, 11, 26), 0, 1, False), halt="群众反映的问题属实，待上级党委研究决定")
    with pytest.raises(Conflict) as info:
        rec.check("contacts_assigned", TODAY, {"contact_ids": [1]})
    assert "待上级党委研究决定" in info.value.message


def test_a_step_from_the_paper_file_had_its_publicity_on_paper():
    paper = Record(Facts(status="activist", record_from="applicant", applied_at=date(2025, 1, 1),
                         entries=(Entry("activist_selected", date(2026, 10, 1), source="history"),)), TODAY)
    paper.check("activist_filed", TODAY, {})
    assert paper.publicity_due() is None
    assert activist().publicity_due() == "activist"


def test_the_publicity_kind_must_be_the_one_the_record_is_at():
    kind = publicity.publicity_kind("admission")
    assert kind.problem({"admission_vote"}) is None
    assert kind.problem(set()) and kind.problem({"admission_vote", "admission_approved"})
    with pytest.raises(RuleViolation):
        publicity.publicity_kind("wedding")


@pytest.mark.parametrize("sector, student, extra, ok", [
    ("rural", False, ["综治", "司法"], True), ("soe", False, ["工会", "法院"], True),
    ("two_new", False, ["税务", "民政"], True), ("institution", True, ["团委", "学生会"], True),
    ("university", False, ["团委"], False), ("rural", False, ["综治", "综治"], False),
    # the seed's lists end in 等: a closely related department may be named freely
    ("community", False, ["综治", "工会"], True), ("rural", False, ["村民委员会", "派出所辖区民警"], True),
    ("rural", False, ["综治", "县纪委"], False), ("rural", False, ["综治", "公安局"], False),  # one of the four again
    ("rural", False, ["综治", "卫健委"], False), ("rural", False, ["综治", "乡"], False),  # a single character
    ("rural", False, ["综治", "部" * 31], False), ("rural", False, ["综治", "  "], False),
])
def test_four_fixed_departments_and_exactly_two_others_from_the_list_or_named_freely(sector, student, extra, ok):
    if ok:
        assert review.departments(sector, student, extra) == ["纪委", "公安", "计生（卫健）", "信访", *extra]
    else:
        with pytest.raises(RuleViolation) as info:
            review.departments(sector, student, extra)
        assert info.value.code == "extra_departments"


def test_the_political_review_waits_for_six_replies_and_the_prereview_for_a_decision_on_an_adverse_one():
    assert "须先征求" in review.political_review_problem(None)
    assert "2 个部门未回复" in review.political_review_problem(ReviewFacts(4, 6, 0, False))
    assert review.political_review_problem(ReviewFacts(6, 6, 1, False)) is None
    assert "待上级党委研究决定" in review.prereview_problem(ReviewFacts(6, 6, 1, False))
    assert review.prereview_problem(ReviewFacts(6, 6, 0, False)) is None
    assert "终止" in review.prereview_problem(ReviewFacts(6, 6, 0, True))


def test_objection_text_is_plain_bounded_text():
    assert publicity.clean_text(" 有问题\x00\u200b ", 2000) == "有问题"
    with pytest.raises(RuleViolation):
        publicity.clean_text("   ", 2000)
    with pytest.raises(RuleViolation) as info:
        publicity.clean_text("字" * 2001, 2000)
    assert info.value.code == "text_too_long"
    assert publicity.clean_text("字" * 2000, 2000) == "字" * 2000
