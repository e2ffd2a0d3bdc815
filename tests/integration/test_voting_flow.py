"""A whole vote of each kind through the API, as docs/api.md describes it."""
import pytest

from server.extensions import db
from server.models import FollowUp
from tests.conftest import TODAY
from tests.integration import voting_helpers as h

pytestmark = pytest.mark.usefixtures("each_sealing")


def test_recommendation_from_creation_to_published_result(client, branch):
    created = h.recommendation(client, branch, max_choices=2)
    assert created["state"] == "draft" and [c["id"] for c in created["candidates"]] == branch.applicants_ok
    sid = created["id"]
    mass_codes = h.codes(client, branch, sid, "mass", 30)
    assert len(set(mass_codes)) == 30 and all(c.startswith("Q-") for c in mass_codes)
    first, second, third = branch.applicants_ok
    # 12 members (10 full + 2 probationary): 9 vote for 甲+乙, 1 for 乙 only, 1 written opinion (before the
    # meeting) for 甲.
    voters = branch.members + branch.probationary
    opinion = client.post(f"/api/v1/sessions/{sid}/absentee-opinions", headers=branch.headers(),
                          json={"answers": {"choices": [first]}, "person_id": voters[10]})
    assert opinion.status_code == 201
    opened = h.transition(client, branch, sid, "open")
    assert opened["state"] == "open"
    token = h.join_token(client, branch, sid)
    for person in voters[:9]:
        receipt = client.post("/api/v1/ballots", headers=branch.person_headers(person), json={
            "session_id": sid, "join": token, "answers": {"choices": [first, second]}})
        assert receipt.status_code == 201, receipt.json
    client.post("/api/v1/ballots", headers=branch.person_headers(voters[9]),
                json={"session_id": sid, "join": token, "answers": {"choices": [second]}})
    for code in mass_codes[:20]:
        h.cast(client, sid, {"choices": [first]}, code=code)
    for code in mass_codes[20:24]:
        h.cast(client, sid, {"choices": [third]}, code=code)
    turnout = client.get(f"/api/v1/sessions/{sid}/turnout", headers=branch.headers()).json
    assert turnout["groups"]["member"]["cast"] == 10 and turnout["groups"]["member"]["electorate"] == 12
    assert turnout["groups"]["mass"] == {"cast": 24, "electorate": 30}
    assert client.get(f"/api/v1/sessions/{sid}/result", headers=branch.headers()).status_code == 409
    h.transition(client, branch, sid, "close")
    result = client.get(f"/api/v1/sessions/{sid}/result", headers=branch.headers()).json
    assert result["groups"]["member"] == {"ballots": 10, "absentee": 1, "denominator": 11}
    assert result["groups"]["mass"]["denominator"] == 24
    rows = {c["id"]: c for c in result["candidates"]}
    assert rows[first]["member_votes"] == 10 and rows[first]["member_rate"] == round(10 / 11, 4)
    assert rows[first]["mass_votes"] == 20 and rows[first]["qualifies"] is True
    assert rows[second]["member_votes"] == 10 and rows[second]["mass_votes"] == 0 and not rows[second]["qualifies"]
    assert rows[third]["member_votes"] == 0 and not rows[third]["qualifies"]
    # Voters see it only after publishing.
    assert client.get(f"/api/v1/sessions/{sid}/result?code={mass_codes[0]}").status_code == 409
    h.transition(client, branch, sid, "publish")
    public = client.get(f"/api/v1/sessions/{sid}/result?code={mass_codes[0]}")
    assert public.status_code == 200 and public.json["candidates"] == result["candidates"]


def test_stage_vote_admission_counts_against_should_attend(client, branch):
    created = h.stage_vote(client, branch, "admission", [branch.target])
    sid = created["id"]
    h.transition(client, branch, sid, "open")
    token = h.join_token(client, branch, sid)
    # Probationary members never vote on admission.
    refused = client.post("/api/v1/ballots", headers=branch.person_headers(branch.prob_old), json={
        "session_id": sid, "join": token, "answers": {"votes": {str(branch.target): "yes"}}})
    assert refused.status_code == 403 and refused.json["error"]["code"] == "not_in_electorate"
    # 10 full members should attend; 5 vote yes, 1 no: quorum met (6 > 5) but 5 yes is only half.
    for person in branch.members[:5]:
        client.post("/api/v1/ballots", headers=branch.person_headers(person),
                    json={"session_id": sid, "join": token, "answers": {"votes": {str(branch.target): "yes"}}})
    client.post("/api/v1/ballots", headers=branch.person_headers(branch.members[5]),
                json={"session_id": sid, "join": token, "answers": {"votes": {str(branch.target): "no"}}})
    h.transition(client, branch, sid, "close")
    result = client.get(f"/api/v1/sessions/{sid}/result", headers=branch.headers()).json
    assert (result["stage"], result["should_attend"], result["present"], result["quorum_met"]) == ("admission", 10, 6, True)
    assert result["candidates"] == [{"id": branch.target, "name": "发展对象甲", "yes": 5, "no": 1, "abstain": 0,
                                     "passed": False}]


def test_exclusions_lower_should_attend_and_need_a_reason(client, branch):
    sid = h.stage_vote(client, branch, "admission")["id"]
    no_reason = client.post(f"/api/v1/sessions/{sid}/exclusions", headers=branch.headers(),
                            json={"person_id": branch.members[9]})
    assert no_reason.status_code == 422
    response = client.post(f"/api/v1/sessions/{sid}/exclusions", headers=branch.headers(),
                           json={"person_id": branch.members[9], "reason": "出国学习"})
    assert response.status_code == 201 and response.json["should_attend"] == 9
    h.transition(client, branch, sid, "open")
    token = h.join_token(client, branch, sid)
    for person in branch.members[:5]:
        client.post("/api/v1/ballots", headers=branch.person_headers(person),
                    json={"session_id": sid, "join": token, "answers": {"votes": {str(branch.target): "yes"}}})
    excluded = client.post("/api/v1/ballots", headers=branch.person_headers(branch.members[9]), json={
        "session_id": sid, "join": token, "answers": {"votes": {str(branch.target): "yes"}}})
    assert excluded.status_code == 403
    h.transition(client, branch, sid, "close")
    result = client.get(f"/api/v1/sessions/{sid}/result", headers=branch.headers()).json
    assert result["should_attend"] == 9 and result["candidates"][0]["passed"] is True  # 5 > 4.5


def test_satisfaction_scores_and_low_scores_are_recorded(client, branch, app):
    created = h.satisfaction(client, branch)
    subjects = created["subjects"]
    assert subjects[0] == {"id": 0, "name": "本支部上年度发展党员工作"}
    assert [s["id"] for s in subjects[1:]] == [branch.prob_last_year]
    sid = created["id"]
    mass_codes = h.codes(client, branch, sid, "mass", 30)
    member_codes = h.codes(client, branch, sid, "member", 12)
    assert all(c.startswith("M-") for c in member_codes)
    h.transition(client, branch, sid, "open")
    person = str(branch.prob_last_year)
    for code in member_codes[:6]:
        h.cast(client, sid, {"ratings": {"0": "satisfied", person: "very_satisfied"}}, code=code)
    for code in mass_codes[:4]:
        h.cast(client, sid, {"ratings": {"0": "basic", person: "unsatisfied"}}, code=code)
    h.transition(client, branch, sid, "close")
    result = client.get(f"/api/v1/sessions/{sid}/result", headers=branch.headers()).json
    branch_row, person_row = result["subjects"]
    assert branch_row["member_score"] == 80.0 and branch_row["mass_score"] == 60.0
    assert branch_row["score"] == 72.0 and branch_row["below_threshold"] is True
    assert branch_row["counts"] == {"very_satisfied": 0, "satisfied": 6, "basic": 4, "unsatisfied": 0}
    assert person_row["score"] == 60.0 and person_row["below_threshold"] is True
    with app.app_context():
        follow_ups = {(f.kind, f.person_id, f.score) for f in db.session.query(FollowUp)}
    assert follow_ups == {("key_warning_target", None, "72.00"), ("reminder_talk", branch.prob_last_year, "60.00")}
    listed = client.get("/api/v1/follow-ups", headers=branch.headers("committee_a_staff")).json["items"]
    assert {(f["kind"], f["person_name"]) for f in listed} == {("key_warning_target", None),
                                                              ("reminder_talk", "去年预备党员")}
    assert client.get("/api/v1/follow-ups", headers=branch.headers("county_b_staff")).json["items"] == []
    # A key target of 调控预警 from the day the result is published, before any self-check is accepted.
    key = client.get("/api/v1/key-management", headers=branch.headers("committee_a_staff")).json["key_targets"]
    assert key == []
    h.transition(client, branch, sid, "publish")
    [target] = client.get("/api/v1/key-management", headers=branch.headers("committee_a_staff")).json["key_targets"]
    assert (target["org_name"], target["year"], target["accepted"]) == ("甲一社区党支部", TODAY.year, False)
    assert target["since"] == TODAY.isoformat()


def test_receipts_are_listed_after_publishing_and_voters_can_check_theirs(client, branch):
    sid = h.stage_vote(client, branch, "admission")["id"]
    member_codes = h.codes(client, branch, sid, "member", 10)
    h.transition(client, branch, sid, "open")
    receipts = [h.cast(client, sid, {"votes": {str(branch.target): "yes"}}, code=c)["receipt"] for c in member_codes[:6]]
    h.transition(client, branch, sid, "close")
    assert client.get(f"/api/v1/sessions/{sid}/receipts", headers=branch.headers()).status_code == 409
    h.transition(client, branch, sid, "publish")
    import hashlib

    listed = client.get(f"/api/v1/sessions/{sid}/receipts?receipt={receipts[0]}").json
    assert listed["counted"] is True
    assert sorted(hashlib.sha256(r.encode()).hexdigest() for r in receipts) == listed["receipts"]
    fake = client.get(f"/api/v1/sessions/{sid}/receipts?receipt=AAAA-BBBB-CCCC-DDDD")
    assert fake.status_code == 404  # an unknown receipt proves nothing about the caller


def test_transitions_are_idempotent_and_ordered(client, branch):
    sid = h.stage_vote(client, branch, "admission")["id"]
    assert h.transition(client, branch, sid, "close", expect=409)["error"]["code"] == "invalid_transition"
    assert h.transition(client, branch, sid, "publish", expect=409)
    h.transition(client, branch, sid, "open")
    assert h.transition(client, branch, sid, "open")["state"] == "open"
    h.transition(client, branch, sid, "close")
    assert h.transition(client, branch, sid, "close")["state"] == "closed"
    assert h.transition(client, branch, sid, "cancel", expect=409)
    h.transition(client, branch, sid, "publish")
    assert h.transition(client, branch, sid, "publish")["state"] == "published"
    assert h.transition(client, branch, sid, "close")["state"] == "published"
    audit = client.get("/api/v1/audit?target_type=vote_session", headers=branch.headers()).json["items"]
    moves = {"session.opened", "session.closed", "session.published"}  # each once (the tellers' keys are logged too)
    assert [e["action"] for e in audit if e["target_id"] == sid and e["action"] in moves] == [
        "session.published", "session.closed", "session.opened"]


def test_cancel_from_open_voids_the_session(client, branch):
    sid = h.stage_vote(client, branch, "admission")["id"]
    member_codes = h.codes(client, branch, sid, "member", 2)
    h.transition(client, branch, sid, "open")
    assert h.transition(client, branch, sid, "cancel")["state"] == "cancelled"
    late = h.cast(client, sid, {"votes": {str(branch.target): "yes"}}, expect=409, code=member_codes[0])
    assert late["error"]["code"] == "session_cancelled"
    assert client.get(f"/api/v1/sessions/{sid}/result", headers=branch.headers()).status_code == 409


def test_deleting_a_meeting_deletes_its_draft_sessions_first(client, branch):
    sid = h.recommendation(client, branch)["id"]
    meeting_id = client.get(f"/api/v1/sessions/{sid}", headers=branch.headers()).json["meeting_id"]
    assert client.delete(f"/api/v1/meetings/{meeting_id}", headers=branch.headers()).status_code == 204
    assert client.get(f"/api/v1/sessions/{sid}", headers=branch.headers()).status_code == 404


def test_a_recommendation_with_too_few_members_says_so_above_the_result(client, branch):
    sid = h.recommendation(client, branch)["id"]
    member_code = h.codes(client, branch, sid, "member", 1)[0]
    mass_codes = h.codes(client, branch, sid, "mass", 30)
    h.transition(client, branch, sid, "open")
    h.cast(client, sid, {"choices": [branch.applicants_ok[0]]}, code=member_code)
    for code in mass_codes[:20]:
        h.cast(client, sid, {"choices": [branch.applicants_ok[0]]}, code=code)
    h.transition(client, branch, sid, "close")
    result = client.get(f"/api/v1/sessions/{sid}/result", headers=branch.headers()).json
    assert result["candidates"][0]["qualifies"] is True  # 100 % of one member ballot: the rule alone says yes
    assert [(w["group"], w["present"]) for w in result["attendance_warnings"]] == [("member", 1)]
    assert result["attendance_warnings"][0]["message"].startswith("党员应到 ")


def test_written_opinions_never_lift_a_group_out_of_the_low_attendance_warning(client, branch):
    # 细则 第二十条: they count among the votes and in the member denominator, never as attendance.
    sid = h.recommendation(client, branch)["id"]
    members = client.get(f"/api/v1/sessions/{sid}/electorate", headers=branch.headers()).json["groups"]["member"]["electorate"]
    present = members // 2  # exactly half present: not more than half
    writers = branch.members[present:present + 2]
    for person in writers:
        response = client.post(f"/api/v1/sessions/{sid}/absentee-opinions", headers=branch.headers(),
                               json={"answers": {"choices": [branch.applicants_ok[0]]}, "person_id": person})
        assert response.status_code == 201, response.json
    codes = h.codes(client, branch, sid, "member", present)
    h.transition(client, branch, sid, "open")
    for code in codes:
        h.cast(client, sid, {"choices": [branch.applicants_ok[0]]}, code=code)
    h.transition(client, branch, sid, "close")
    result = client.get(f"/api/v1/sessions/{sid}/result", headers=branch.headers()).json
    assert result["groups"]["member"]["denominator"] == present + 2
    member_warnings = [w for w in result["attendance_warnings"] if w["group"] == "member"]
    assert [w["present"] for w in member_warnings] == [present]


def test_upcoming_meetings_are_the_next_ones_soonest_first_counting_one_begun_within_three_hours(client, branch,
                                                                                                  monkeypatch):
    from datetime import UTC, datetime, timedelta

    from server import clock

    now = datetime(2026, 12, 8, 2, 0, tzinfo=UTC)
    monkeypatch.setattr(clock, "timestamp", lambda: now.timestamp())

    def book(title, starts):
        response = client.post("/api/v1/meetings", headers=branch.headers(), json={
            "org_id": branch.org_id, "title": title, "kind": "branch_assembly", "starts_at": starts.isoformat()})
        assert response.status_code == 201, response.json

    book("三小时前", now - timedelta(hours=3))
    book("三小时零一分前", now - timedelta(hours=3, minutes=1))
    book("下周", now + timedelta(days=7))
    book("明天", now + timedelta(days=1))
    upcoming = client.get("/api/v1/meetings?upcoming=true", headers=branch.headers()).json["items"]
    assert [m["title"] for m in upcoming] == ["三小时前", "明天", "下周"]
    assert client.get("/api/v1/meetings?upcoming=maybe", headers=branch.headers()).status_code == 422
