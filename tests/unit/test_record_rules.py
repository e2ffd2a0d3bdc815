"""The development record's rules at their boundaries: due dates, waiting times, prerequisites, approvals."""
from datetime import date

import pytest

from server.domain.errors import Conflict, RuleViolation
from server.domain.publicity import PublicityFacts
from server.domain.record import Entry, Facts, Record
from server.domain.steps import STEPS

TODAY = date(2026, 11, 27)


def record(status="applicant", record_from=None, today=TODAY, entries=(), **dates):
    dates.setdefault("applied_at", date(2025, 1, 10))
    return Record(Facts(status=status, record_from=record_from or status, entries=tuple(entries), **dates), today)


def done(key, on, **fields):
    """A step from the paper file (its publicity, if any, was on paper too)."""
    return Entry(key=key, done_on=on, fields=fields, source="history")


def states(rec, *keys):
    view = {s["key"]: s for s in rec.view()["steps"]}
    return [view[k]["state"] for k in keys]


def test_the_record_has_25_steps_in_5_stages():
    view = record().view()
    assert [s["no"] for s in view["steps"]] == list(range(1, 26))
    assert len({s["stage"] for s in view["steps"]}) == 5


def test_the_application_talk_is_due_one_month_to_the_day_after_the_application():
    rec = record(applied_at=date(2026, 10, 27))
    talk = {s["key"]: s for s in rec.view()["steps"]}["application_talk"]
    assert talk["due_on"] == date(2026, 11, 27) and not talk["overdue"] and talk["state"] == "open"
    later = record(applied_at=date(2026, 10, 26))
    assert {s["key"]: s for s in later.view()["steps"]}["application_talk"]["overdue"]
    entry = later.check("application_talk", TODAY, {"talker": "王书记"})
    assert entry.late is True
    assert record(applied_at=date(2026, 10, 27)).check("application_talk", TODAY, {"talker": "王书记"}).late is False


def test_the_activist_vote_waits_six_months_from_the_application_to_the_day():
    assert record(applied_at=date(2026, 5, 27)).blocker(STEPS["activist_selected"]) is None
    assert "2026-11-28" in record(applied_at=date(2026, 5, 28)).blocker(STEPS["activist_selected"])


def test_the_target_vote_waits_one_year_as_activist_and_needs_steps_4_and_5():
    entries = [done("activist_selected", date(2025, 11, 27))]
    rec = record("activist", entries=entries)
    assert "尚未完成：报上级党委备案、指定培养联系人" in rec.blocker(STEPS["target_selected"])
    entries += [done("activist_filed", date(2025, 12, 1)), done("contacts_assigned", date(2025, 12, 1), contact_ids=[1])]
    assert record("activist", entries=entries).blocker(STEPS["target_selected"]) is None
    a_day_short = record("activist", entries=entries, today=date(2026, 11, 26))
    assert "满 1 年" in a_day_short.blocker(STEPS["target_selected"])
    assert a_day_short.view()["blockers"] == [{"key": "target_selected",
                                               "reason": "未满足“作为入党积极分子培养满 1 年”，2026-11-27 起方可票决"}]


def test_votes_complete_their_steps_and_a_direct_post_is_refused():
    with pytest.raises(Conflict) as info:
        record().check("activist_selected", TODAY, {})
    assert info.value.code == "by_vote"
    entry = record().check("activist_selected", TODAY, {}, by_vote=True)
    change = record().status_change(entry)
    assert (change.status, change.since) == ("activist", TODAY)


def test_a_step_of_a_later_stage_is_not_yet_and_a_blocked_one_names_its_blocker():
    rec = record("target", record_from="target")
    assert states(rec, "target_selected", "introducers", "branch_review", "oath") == ["done", "open", "blocked", "not_yet"]
    with pytest.raises(Conflict) as info:
        rec.check("branch_review", TODAY, {})
    assert info.value.code == "blocked" and "确定入党介绍人" in info.value.message
    with pytest.raises(Conflict) as info:
        rec.check("oath", TODAY, {})
    assert info.value.code == "not_yet"


@pytest.mark.parametrize("ids, ok", [([1, 2], True), ([1], False), ([1, 2, 3], False), ([1, 1], False)])
def test_exactly_two_introducers(ids, ok):
    rec = record("target", record_from="target")
    if ok:
        assert rec.check("introducers", TODAY, {"introducer_ids": ids}).fields == {"introducer_ids": ids}
    else:
        with pytest.raises(RuleViolation) as info:
            rec.check("introducers", TODAY, {"introducer_ids": ids})
        assert info.value.code == "introducers_count"


@pytest.mark.parametrize("fields, ok", [({"days": 3}, True), ({"hours": 24}, True), ({"days": 2.5}, False),
                                        ({"hours": 23}, False), ({"days": 2, "hours": 24}, True), ({}, False)])
def test_training_takes_3_days_or_24_class_hours(fields, ok):
    rec = record("target", record_from="target")
    if ok:
        rec.check("training", TODAY, fields)
    else:
        with pytest.raises(RuleViolation) as info:
            rec.check("training", TODAY, fields)
        assert info.value.code == "training_too_short"


def admitted(vote_on, **more):
    entries = [done(k, vote_on) for k in ("introducers", "political_review", "training", "branch_review",
                                           "committee_prereview", "application_form")]
    entries += [done("admission_vote", vote_on), done("committee_talk", vote_on)]
    return record("target", record_from="target", entries=entries, **more)


def test_the_committee_approves_within_3_months_or_up_to_6_with_a_reason():
    rec = admitted(date(2026, 5, 27))
    rec.check("admission_approved", date(2026, 8, 27), {})                      # 3 months to the day
    with pytest.raises(RuleViolation) as info:
        rec.check("admission_approved", date(2026, 8, 28), {})
    assert info.value.code == "approval_late_needs_reason"
    rec.check("admission_approved", date(2026, 11, 27), {"reason": "政审材料补充"})  # 6 months to the day
    with pytest.raises(RuleViolation) as info:
        admitted(date(2026, 5, 26)).check("admission_approved", date(2026, 11, 27), {"reason": "x"})
    assert info.value.code == "approval_too_late"


def test_probation_counts_from_the_branch_meeting_and_membership_from_the_day_it_ended():
    rec = admitted(date(2025, 9, 1))
    approval = rec.check("admission_approved", date(2025, 10, 15), {})
    change = rec.status_change(approval)
    assert (change.status, change.since) == ("probationary", date(2025, 9, 1))
    prob = record("probationary", record_from="target", probationary_at=date(2025, 9, 1),
                  entries=[*rec.facts.entries, approval, done("grouped", date(2025, 10, 20)),
                           done("oath", date(2025, 10, 20)), done("conversion_application", date(2026, 8, 20))])
    assert prob.view()["probation_ends"] == date(2026, 9, 1)
    vote = prob.check("conversion_vote", date(2026, 9, 5), {}, by_vote=True)
    converted = Record(Facts(**{**prob.facts.__dict__, "entries": (*prob.facts.entries, vote)}), TODAY)
    entry = Record(Facts(**{**converted.facts.__dict__, "publicities": (
        PublicityFacts("conversion", date(2026, 9, 12), 0, 0, False),)}), TODAY).check(
        "conversion_approved", date(2026, 10, 20), {"outcome": "member"})
    assert converted.status_change(entry).since == date(2026, 9, 1)


@pytest.mark.parametrize("months, ok", [(5, False), (6, True), (12, True), (13, False)])
def test_probation_is_extended_once_by_6_to_12_months(months, ok):
    prob = record("probationary", record_from="probationary", probationary_at=date(2025, 9, 1),
                  entries=[done("conversion_vote", date(2026, 9, 5))])
    fields = {"outcome": "extended", "extension_months": months, "reason": "作用发挥不明显"}
    if not ok:
        with pytest.raises(RuleViolation):
            prob.check("conversion_approved", date(2026, 10, 1), fields)
        return
    entry = prob.check("conversion_approved", date(2026, 10, 1), fields)
    again = Record(Facts(**{**prob.facts.__dict__, "entries": (*prob.facts.entries, entry)}), TODAY)
    assert again.round == 2 and again.view()["probation_ends"] == date(2026 + (9 + months - 1) // 12, (9 + months - 1) % 12 + 1, 1)
    assert states(again, "conversion_vote") == ["blocked"]  # the second round starts over
    second = Record(Facts(**{**again.facts.__dict__, "entries": (*again.facts.entries,
                                                                  Entry("conversion_vote", date(2027, 9, 2), round=2,
                                                                                   source="history"))}),
                    date(2027, 12, 1))
    with pytest.raises(RuleViolation) as info:
        second.check("conversion_approved", date(2027, 9, 3), fields)
    assert info.value.code == "extension_once"


def test_the_conversion_vote_waits_for_probation_counted_from_the_admission_meeting_not_the_approval():
    # admitted by the branch meeting on 1 Sep 2025, approved by the committee on 15 Oct 2025
    prob = record("probationary", record_from="target", probationary_at=date(2025, 10, 15),
                  entries=[done("admission_vote", date(2025, 9, 1)), done("grouped", date(2025, 10, 20)),
                           done("oath", date(2025, 10, 20)), done("conversion_application", date(2026, 8, 20))])
    step = STEPS["conversion_vote"]
    assert prob.waiting_problem(step, date(2026, 9, 1)) is None
    rule, ready = prob.waiting_problem(step, date(2026, 8, 31))
    assert ready == date(2026, 9, 1) and "预备期满" in rule


def test_an_extended_probation_makes_the_second_conversion_vote_wait_for_its_end():
    prob = record("probationary", record_from="probationary", probationary_at=date(2025, 9, 1),
                  entries=[Entry("conversion_approved", date(2026, 10, 1), source="history",
                                 fields={"outcome": "extended", "extension_months": 6})])
    rule, ready = prob.waiting_problem(STEPS["conversion_vote"], date(2027, 2, 28))
    assert ready == date(2027, 3, 1)
    assert prob.waiting_problem(STEPS["conversion_vote"], date(2027, 3, 1)) is None


def test_the_waiting_times_live_in_one_table_the_record_and_its_history_check_alike():
    from server.domain.steps import WAITING_TIMES
    assert set(WAITING_TIMES) == {"activist_selected", "target_selected", "conversion_vote"}
    rec = record("applicant", applied_at=date(2026, 9, 1))
    assert rec.waiting_problem(STEPS["activist_selected"])[1] == date(2027, 3, 1)
    flagged = rec.history_problems(STEPS["activist_selected"], date(2026, 10, 1))
    assert [p.rule for p in flagged] == ["too_early"] and "2027-03-01" in flagged[0].message


def test_a_step_cannot_predate_what_it_follows_nor_lie_in_the_future():
    rec = record("activist", entries=[done("activist_selected", date(2026, 3, 1))])
    with pytest.raises(RuleViolation) as info:
        rec.check("activist_filed", date(2026, 2, 28), {})
    assert info.value.code == "out_of_order"
    with pytest.raises(RuleViolation) as info:
        rec.check("activist_filed", date(2026, 11, 28), {})
    assert info.value.code == "date_in_future"


def test_assessments_recur_every_half_year_and_the_scan_lists_what_is_due_within_a_week():
    start = date(2026, 5, 27)
    rec = record("activist", entries=[done("activist_selected", start)], activist_at=start)
    assessment = {s["key"]: s for s in rec.view()["steps"]}["activist_assessment"]
    assert assessment["due_on"] == date(2026, 11, 27) and assessment["state"] == "open"
    assert ("activist_assessment", date(2026, 11, 27), False) in [(s.key, d, o) for s, d, o in rec.due_items()]
    assessed = record("activist", entries=[done("activist_selected", start), done("activist_assessment", TODAY,
                                                                                      conclusion="表现良好")])
    assert states(assessed, "activist_assessment") == ["done"]
    assert {s["key"]: s for s in assessed.view()["steps"]}["activist_assessment"]["due_on"] == date(2027, 5, 27)


def test_people_entered_with_a_status_have_the_earlier_steps_done_before_the_system():
    rec = record("probationary", record_from="probationary", activist_at=date(2022, 1, 5),
                 probationary_at=date(2025, 12, 1))
    view = {s["key"]: s for s in rec.view()["steps"]}
    assert view["activist_selected"]["state"] == "done" and view["activist_selected"]["done_on"] == date(2022, 1, 5)
    assert view["admission_vote"]["evidence"]["source"] == "before_system"
    assert view["oath"]["state"] == "open" and view["conversion_vote"]["state"] == "blocked"



def test_a_paper_file_brings_the_steps_of_the_stages_a_status_has_reached():
    from server.domain.steps import stages_through

    assert stages_through("applicant") == ["applicant"]
    assert stages_through("target") == ["applicant", "activist", "target"]
    assert stages_through("member") == ["applicant", "activist", "target", "admission", "probation"]
    assert stages_through("mass_rep") == []
