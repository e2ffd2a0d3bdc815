"""Who may stand, asked of the meetings service directly: the rule of each kind and stage, at the meeting's date."""
import pytest

from server.domain.errors import RuleViolation
from server.services import meetings


def test_the_picker_offers_exactly_whom_the_kind_lets_stand(db, branch, as_user, meeting_at):
    meeting = meeting_at()
    secretary = as_user("secretary_a1")
    offered = {p.id for p in meetings.eligible_people(db, secretary, meeting.id, "recommendation", None)}
    assert offered == set(branch.applicants_ok) | {branch.world.people["applicant_a1"].id}
    assert branch.applicant_new not in offered  # applied 30 days ago
    targets = {p.id for p in meetings.eligible_people(db, secretary, meeting.id, "stage_vote", "target")}
    assert targets == {branch.activist_ok}
    admission = {p.id for p in meetings.eligible_people(db, secretary, meeting.id, "stage_vote", "admission")}
    assert admission == {branch.target}
    subjects = {p.id for p in meetings.eligible_people(db, secretary, meeting.id, "satisfaction", None)}
    assert subjects == {branch.prob_last_year}


def test_a_candidate_who_is_not_yet_eligible_on_the_meeting_day_becomes_so_later(db, branch, as_user, meeting_at):
    # 新申请人 applied 30 days ago: six months are reached in a meeting 160 days ahead, not in one today.
    secretary = as_user("secretary_a1")
    with pytest.raises(RuleViolation) as info:
        meetings.create_session(db, secretary, meeting_at().id, {"kind": "recommendation", "title": "两推荐",
                                                                   "candidate_ids": [branch.applicant_new]})
    assert info.value.code == "ineligible_candidate" and "不满 6 个月" in info.value.message
    later = meetings.create_session(db, secretary, meeting_at(days_ahead=160).id,
                                    {"kind": "recommendation", "title": "两推荐", "candidate_ids": [branch.applicant_new]})
    assert later.state == "draft" and later.max_choices == 1


def test_a_branch_committee_may_hold_the_first_two_stages_only(db, branch, as_user, meeting_at):
    secretary = as_user("secretary_a1")
    committee = meeting_at(kind="branch_committee")
    target = meetings.create_session(db, secretary, committee.id, {"kind": "stage_vote", "stage": "target",
                                                                  "title": "确定发展对象", "candidate_ids": [branch.activist_ok]})
    assert target.stage == "target"
    with pytest.raises(RuleViolation) as info:
        meetings.create_session(db, secretary, committee.id, {"kind": "stage_vote", "stage": "admission",
                                                              "title": "接收预备党员", "candidate_ids": [branch.target]})
    assert info.value.code == "meeting_kind_not_allowed"


def test_satisfaction_subjects_default_to_last_years_new_members_and_the_branchs_work(db, branch, as_user, meeting_at):
    vote = meetings.create_session(db, as_user("secretary_a1"), meeting_at().id,
                                   {"kind": "satisfaction", "title": "双评议"})
    body = meetings.describe_session(db, as_user("secretary_a1"), vote)
    assert [o["id"] for o in body["options"]] == [0, branch.prob_last_year]
    assert body["subjects"] == body["options"] and "candidates" not in body
    assert body["allowed_actions"][:2] == ["open", "cancel"]


def test_a_reason_for_a_missing_recommendation_never_waives_the_six_months_since_the_application(
        db, branch, as_user, meeting_at):
    # 新申请人 applied 30 days ago; the reason covers the missing 两推荐 only, so the waiting time still refuses them.
    secretary = as_user("secretary_a1")
    with pytest.raises(RuleViolation) as info:
        meetings.create_session(db, secretary, meeting_at().id, {
            "kind": "stage_vote", "stage": "activist", "title": "确定入党积极分子",
            "candidate_ids": [branch.applicant_new], "override_reason": "本支部未开展两推荐"})
    error = info.value
    ready = meetings.clock.china_date(meeting_at().starts_at) - __import__("datetime").timedelta(days=30)
    assert error.code == "ineligible_candidate" and "递交入党申请满 6 个月" in error.message
    assert error.extra["rule"] == "递交入党申请满 6 个月" and error.extra["ready_on"] > ready.isoformat()
    assert error.extra["ready_on"] in error.message
    assert branch.applicant_new not in {p.id for p in meetings.eligible_people(db, secretary, meeting_at().id,
                                                                               "stage_vote", "activist")}
    waived = meetings.create_session(db, secretary, meeting_at().id, {
        "kind": "stage_vote", "stage": "activist", "title": "确定入党积极分子",
        "candidate_ids": [branch.applicants_ok[0]], "override_reason": "本支部未开展两推荐"})
    assert waived.state == "draft"


def test_the_target_vote_names_the_day_a_years_training_as_activist_ends(db, branch, as_user, meeting_at):
    with pytest.raises(RuleViolation) as info:
        meetings.create_session(db, as_user("secretary_a1"), meeting_at().id, {
            "kind": "stage_vote", "stage": "target", "title": "确定发展对象", "candidate_ids": [branch.activist_new]})
    assert info.value.extra["rule"] == "作为入党积极分子培养满 1 年" and info.value.extra["ready_on"] in info.value.message


def test_the_recommendation_picker_suggests_twice_the_years_planned_activists(db, branch, as_user, meeting_at):
    from server.models import AnnualPlan

    secretary = as_user("secretary_a1")
    meeting = meeting_at()
    assert meetings.options_suggestion(db, secretary, meeting.id, "recommendation") is None  # no plan yet
    db.add(AnnualPlan(org_id=branch.org_id, year=meetings.clock.china_date(meeting.starts_at).year, planned_admissions=2,
                      planned_activists=3, targets={}, made_by_org_id=branch.world.orgs["committee_a"].id))
    db.flush()
    suggested = meetings.options_suggestion(db, secretary, meeting.id, "recommendation")
    assert (suggested["planned"], suggested["suggested"]) == (3, 6) and "1:2" in suggested["text"]
    assert meetings.options_suggestion(db, secretary, meeting.id, "stage_vote") is None
