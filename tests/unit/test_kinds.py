"""The registry of session and meeting kinds: answers, stages, electorates and meetings, kind by kind."""
from datetime import date

import pytest

from server.domain import kinds
from server.domain.eligibility import PersonFacts
from server.domain.errors import RuleViolation

MEETING = date(2026, 11, 27)


def facts(**kw):
    return PersonFacts(**{"name": "某人", "status": "applicant", **kw})


def test_recommendation_answers_are_distinct_known_and_at_most_max_choices():
    assert kinds.session_kind("recommendation").normalize_answers({"choices": [3, "1"]}, [1, 2, 3], 2) == {"choices": [1, 3]}
    assert kinds.session_kind("recommendation").normalize_answers({"choices": []}, [1, 2], 1) == {"choices": []}
    for bad in ({"choices": [1, 1]}, {"choices": [9]}, {"choices": [1, 2, 3]}, {"choice": [1]}, [1], {"choices": [True]}):
        with pytest.raises(RuleViolation):
            kinds.session_kind("recommendation").normalize_answers(bad, [1, 2, 3], 2)


def test_stage_votes_cover_every_candidate_exactly_once():
    ok = kinds.session_kind("stage_vote").normalize_answers({"votes": {"2": "no", "1": "yes"}}, [1, 2], None)
    assert ok == {"votes": {"1": "yes", "2": "no"}}
    for bad in ({"votes": {"1": "yes"}}, {"votes": {"1": "yes", "2": "maybe"}}, {"votes": {"1": "yes", "2": "no", "3": "no"}},
                {"votes": {"1": "yes", "01": "no"}}):
        with pytest.raises(RuleViolation):
            kinds.session_kind("stage_vote").normalize_answers(bad, [1, 2], None)


def test_satisfaction_ratings_cover_every_subject_including_branch_work():
    ok = kinds.session_kind("satisfaction").normalize_answers({"ratings": {"0": "basic", "5": "very_satisfied"}}, [0, 5], None)
    assert ok == {"ratings": {"0": "basic", "5": "very_satisfied"}}
    with pytest.raises(RuleViolation):
        kinds.session_kind("satisfaction").normalize_answers({"ratings": {"0": "good"}}, [0], None)


@pytest.mark.parametrize("stage, person, ok", [
    ("activist", facts(), True),
    ("activist", facts(status="activist"), False),
    ("target", facts(status="activist", activist_at=date(2025, 11, 27)), True),
    ("admission", facts(status="target"), True),
    ("admission", facts(status="activist"), False),
    ("conversion", facts(status="probationary", probationary_at=date(2025, 11, 27)), True),
    ("conversion", facts(status="member"), False),
])
def test_stage_candidates_hold_the_status_the_stage_starts_from(stage, person, ok):
    assert (kinds.STAGES[stage].candidate_problem(person, MEETING) is None) is ok


def test_who_votes_in_which_group():
    member, prob, rep = facts(status="member"), facts(status="probationary"), facts(status="mass_rep")
    committee = facts(status="member", committee_member=True)
    assert [kinds.session_kind("recommendation").voter_group(p, None, True) for p in (member, prob, rep)] == ["member", "member", "mass"]
    assert kinds.session_kind("stage_vote").voter_group(member, "activist", True) is None
    assert kinds.session_kind("stage_vote").voter_group(committee, "target", True) == "member"
    assert kinds.session_kind("stage_vote").voter_group(prob, "admission", True) is None  # probationary members never vote here
    assert kinds.session_kind("stage_vote").voter_group(member, "conversion", True) == "member"
    assert kinds.session_kind("stage_vote").voter_group(rep, "conversion", True) is None


def test_a_branch_committee_cannot_hold_votes_that_need_masses_or_all_members():
    assert kinds.meeting_kind("branch_committee").vote_problem("recommendation", None)
    assert kinds.meeting_kind("branch_committee").vote_problem("stage_vote", "admission")
    assert kinds.meeting_kind("branch_committee").vote_problem("stage_vote", "target") is None
    assert kinds.meeting_kind("members_and_masses").vote_problem("recommendation", None) is None


def test_one_registry_answers_every_per_kind_question():
    rec, stage, sat = (kinds.session_kind(k) for k in ("recommendation", "stage_vote", "satisfaction"))
    assert (rec.groups, stage.groups, sat.groups) == (("member", "mass"), ("member",), ("member", "mass"))
    assert (rec.options_key, stage.options_key, sat.options_key) == ("candidates", "candidates", "subjects")
    assert rec.check_max_choices(None, 4) == 4 and stage.check_stage("admission").key == "admission"
    assert [o[0] for o in sat.fixed_options(None)] == [0] and sat.fixed_options(False) == []
    with pytest.raises(RuleViolation):
        kinds.session_kind("referendum")
    with pytest.raises(RuleViolation):
        stage.check_stage(None)
    with pytest.raises(RuleViolation):
        sat.check_max_choices(2, 3)


def test_only_a_satisfaction_result_below_80_asks_for_follow_ups():
    sat = kinds.session_kind("satisfaction")
    result = {"subjects": [{"id": 0, "score": 79.99, "below_threshold": True},
                           {"id": 7, "score": 80.0, "below_threshold": False},
                           {"id": 9, "score": 12.5, "below_threshold": True}]}
    assert [(d.kind, d.person_id) for d in sat.follow_ups(result)] == [("key_warning_target", None), ("reminder_talk", 9)]
    assert kinds.session_kind("stage_vote").follow_ups({"candidates": []}) == []


def test_meeting_kinds_say_who_is_expected():
    assembly, committee = kinds.meeting_kind("branch_assembly"), kinds.meeting_kind("branch_committee")
    assert assembly.expects(facts(status="probationary")) and not assembly.expects(facts(status="mass_rep"))
    assert committee.expects(facts(status="member", committee_member=True)) and not committee.expects(facts(status="member"))


def test_every_audited_action_has_a_chinese_label():
    import re
    from pathlib import Path

    from server.domain.vocab import AUDIT_ACTIONS

    server = Path(__file__).resolve().parents[2] / "server"
    actions = {m for path in server.rglob("*.py")
               for m in re.findall(r'audit\.record\([^"]*"([a-z_]+\.[a-z_]+)"', path.read_text(encoding="utf-8"))}
    assert actions and not actions - set(AUDIT_ACTIONS)
