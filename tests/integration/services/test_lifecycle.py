"""A session's life, driven through the lifecycle service: the machine's rules with real data underneath."""
import pytest

from server.domain.errors import Conflict, RuleViolation
from server.models import FollowUp, Person
from server.services import absentee, casting, lifecycle, meetings
from server.services.auth import issue_person_token
from server.services.voting_rights import join_key


def _stage_vote(db, branch, as_user, meeting_at):
    return meetings.create_session(db, as_user("secretary_a1"), meeting_at(kind="branch_assembly").id,
                                   {"kind": "stage_vote", "stage": "admission", "title": "接收预备党员",
                                    "candidate_ids": [branch.target]})


def test_open_freezes_the_electorate_and_close_freezes_should_attend_and_the_tally(db, branch, as_user, meeting_at):
    from server import clock
    from server.domain import credentials
    from server.services import auth

    secretary = as_user("secretary_a1")
    vote = _stage_vote(db, branch, as_user, meeting_at)
    lifecycle.open_session(db, secretary, vote.id)
    assert vote.state == "open" and vote.opened_at is not None
    token, _ = credentials.join_token(join_key(), vote.id, clock.timestamp())
    for member in branch.members[:6]:
        principal = auth.principal_from_token(db, issue_person_token(db.get(Person, member)))
        casting.cast(db, principal, vote_id=vote.id, join=token, answers={"votes": {str(branch.target): "yes"}})
    lifecycle.close_session(db, secretary, vote.id)
    # Ten full members should attend; six yes votes are more than half of ten.
    assert (vote.state, vote.should_attend) == ("closed", 10)
    assert vote.result["candidates"][0]["passed"] is True and vote.result["present"] == 6


def test_transitions_are_idempotent_and_refused_out_of_order(db, branch, as_user, meeting_at):
    secretary = as_user("secretary_a1")
    vote = _stage_vote(db, branch, as_user, meeting_at)
    with pytest.raises(Conflict):
        lifecycle.publish_session(db, secretary, vote.id)
    lifecycle.open_session(db, secretary, vote.id)
    opened_at = vote.opened_at
    assert lifecycle.open_session(db, secretary, vote.id).opened_at == opened_at
    lifecycle.close_session(db, secretary, vote.id)
    lifecycle.publish_session(db, secretary, vote.id)
    assert lifecycle.close_session(db, secretary, vote.id).state == "published"
    with pytest.raises(Conflict):
        lifecycle.cancel_session(db, secretary, vote.id)


def test_written_opinions_stop_at_close(db, branch, as_user, meeting_at):
    secretary = as_user("secretary_a1")
    vote = _stage_vote(db, branch, as_user, meeting_at)
    yes = {"votes": {str(branch.target): "yes"}}
    absentee.add_absentee_opinion(db, secretary, vote.id, yes, branch.members[9])
    lifecycle.open_session(db, secretary, vote.id)
    lifecycle.close_session(db, secretary, vote.id)
    assert vote.result["absentee"] == 1
    with pytest.raises(Conflict):
        absentee.add_absentee_opinion(db, secretary, vote.id, yes, branch.members[8])


def test_a_satisfaction_below_80_records_its_follow_ups_at_close(db, branch, as_user, meeting_at):
    secretary = as_user("secretary_a1")
    vote = meetings.create_session(db, secretary, meeting_at().id, {"kind": "satisfaction", "title": "双评议"})
    unhappy = {"ratings": {"0": "unsatisfied", str(branch.prob_last_year): "very_satisfied"}}
    absentee.add_absentee_opinion(db, secretary, vote.id, unhappy, branch.members[9])
    lifecycle.open_session(db, secretary, vote.id)
    lifecycle.close_session(db, secretary, vote.id)
    follow_ups = db.query(FollowUp).filter_by(session_id=vote.id).all()
    assert [(f.kind, f.person_id, f.score) for f in follow_ups] == [("key_warning_target", None, "0.00")]


def test_a_recommendation_below_the_mass_numbers_opens_only_with_a_reason(db, branch, as_user, meeting_at):
    from server.models import Person

    secretary = as_user("secretary_a1")
    for person_id in branch.mass[:5]:
        db.delete(db.get(Person, person_id))
    vote = meetings.create_session(db, secretary, meeting_at().id, {"kind": "recommendation", "title": "两推荐",
                                                                   "candidate_ids": branch.applicants_ok})
    with pytest.raises(RuleViolation) as info:
        lifecycle.open_session(db, secretary, vote.id)
    assert info.value.code == "mass_reps_below_rule" and vote.state == "draft"
    lifecycle.open_session(db, secretary, vote.id, "本村外出务工人员多，群众代表不足")
    assert vote.state == "open" and vote.override_reason.startswith("本村")
