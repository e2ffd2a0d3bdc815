"""The development record through the API: a person's path from application to full member, moved by votes,
steps and approvals, with the rules refusing what the procedure does not allow."""
from datetime import date

from server.extensions import db
from server.models import AuditEntry, Person, RecordEntry
from tests.conftest import TODAY
from tests.integration import record_helpers as r
from tests.integration import voting_helpers as h


def _applicant(client, branch, applied: str, **extra) -> int:
    response = client.post("/api/v1/people", headers=branch.headers(), json={
        "org_id": branch.org_id, "name": "韦向党", "status": "applicant", "gender": "male", "birth_date": "1995-04-02",
        "applied_at": applied, **extra})
    assert response.status_code == 201, response.json
    return response.json["id"]


def test_a_person_goes_from_application_to_full_member_through_votes_steps_and_approvals(
        app, client, branch, world, monkeypatch):
    secretary, committee = branch.headers(), world.headers("committee_a_staff")
    members = branch.members
    r.at(monkeypatch, date(2023, 7, 10))
    pid = _applicant(client, branch, "2023-01-05")
    first = r.record(client, secretary, pid)
    assert [s["no"] for s in first["steps"]] == list(range(1, 26)) and first["status"] == "applicant"
    assert r.steps(first)["application"]["state"] == "done"
    assert r.steps(first)["application_talk"]["overdue"] is True  # due 2023-02-05
    r.post_step(client, secretary, pid, "application_talk", date(2023, 1, 20), talker="支部书记王某")

    # 确定入党积极分子: the branch committee votes; without a 两推荐 only with a recorded reason.
    r.pass_stage_vote(client, branch, "activist", pid, date(2023, 7, 10), voters=2, override_reason="本年度未组织两推荐")
    after_vote = r.record(client, secretary, pid)
    assert after_vote["status"] == "activist"
    step3 = r.steps(after_vote)["activist_selected"]
    assert step3["done_on"] == "2023-07-10" and step3["evidence"]["session_id"] and step3["evidence"]["source"] == "vote"
    r.at(monkeypatch, date(2024, 1, 15))
    r.publicize(client, secretary, pid, "activist", date(2023, 7, 11), date(2023, 7, 15))
    r.post_step(client, secretary, pid, "activist_filed", date(2023, 7, 20))
    r.post_step(client, secretary, pid, "contacts_assigned", date(2023, 7, 20), contact_ids=[members[1]])
    r.post_step(client, secretary, pid, "activist_assessment", date(2024, 1, 10), conclusion="表现良好")

    r.at(monkeypatch, date(2024, 7, 15))
    r.pass_stage_vote(client, branch, "target", pid, date(2024, 7, 15), voters=2)
    assert r.record(client, secretary, pid)["status"] == "target"
    r.at(monkeypatch, date(2024, 8, 30))
    r.publicize(client, secretary, pid, "target", date(2024, 7, 16), date(2024, 7, 20))
    r.post_step(client, secretary, pid, "target_filed", date(2024, 7, 21))
    r.post_step(client, secretary, pid, "introducers", date(2024, 7, 20), introducer_ids=[members[1], members[2]])
    r.review_all(client, committee, pid, date(2024, 7, 30), requested_on=date(2024, 7, 22))
    r.post_step(client, secretary, pid, "political_review", date(2024, 8, 1), conclusion="政治审查合格")
    r.post_step(client, secretary, pid, "training", date(2024, 8, 5), days=3)
    r.post_step(client, secretary, pid, "branch_review", date(2024, 8, 10))
    r.publicize(client, secretary, pid, "residence", date(2024, 8, 11), date(2024, 8, 15))
    r.post_step(client, committee, pid, "committee_prereview", date(2024, 8, 20))
    r.post_step(client, secretary, pid, "application_form", date(2024, 8, 25))

    r.at(monkeypatch, date(2024, 9, 1))
    r.pass_stage_vote(client, branch, "admission", pid, date(2024, 9, 1), voters=6)
    admitted = r.record(client, secretary, pid)
    assert admitted["status"] == "target"  # the committee approves first
    assert r.steps(admitted)["admission_approved"]["due_on"] == "2024-12-01"
    r.at(monkeypatch, date(2024, 10, 20))
    r.publicize(client, secretary, pid, "admission", date(2024, 9, 2), date(2024, 9, 6))
    r.post_step(client, committee, pid, "committee_talk", date(2024, 9, 10))
    approved = r.post_step(client, committee, pid, "admission_approved", date(2024, 10, 8))
    assert approved["status"] == "probationary"
    with app.app_context():
        assert db.session.get(Person, pid).probationary_at == date(2024, 9, 1)  # probation counts from step 15
    r.post_step(client, committee, pid, "admission_filed", date(2024, 10, 15))
    r.post_step(client, secretary, pid, "grouped", date(2024, 10, 20))
    r.post_step(client, secretary, pid, "oath", date(2024, 10, 20))

    r.at(monkeypatch, date(2025, 9, 5))
    r.post_step(client, secretary, pid, "probation_assessment", date(2025, 3, 1), conclusion="继续考察")
    r.post_step(client, secretary, pid, "conversion_application", date(2025, 8, 20))
    r.pass_stage_vote(client, branch, "conversion", pid, date(2025, 9, 5), voters=6)
    r.at(monkeypatch, date(2025, 10, 20))
    r.publicize(client, secretary, pid, "conversion", date(2025, 9, 6), date(2025, 9, 10))
    member = r.post_step(client, committee, pid, "conversion_approved", date(2025, 10, 10), outcome="member")
    assert member["status"] == "member"
    r.post_step(client, secretary, pid, "archived", date(2025, 10, 20))
    final = r.record(client, secretary, pid)
    assert [s["state"] for s in final["steps"]] == ["done"] * 25 and final["blockers"] == []
    with app.app_context():
        person = db.session.get(Person, pid)
        assert (person.status, person.full_member_at) == ("member", date(2025, 9, 1))  # the day probation ended


def test_a_branch_committee_step_is_refused_to_the_secretary_and_a_blocked_step_names_its_blocker(client, branch, world):
    target = branch.target
    fresh = client.post("/api/v1/people", headers=branch.headers(), json={
        "org_id": branch.org_id, "name": "新对象", "status": "target", "applied_at": "2020-01-01",
        "status_since": "2022-01-01"}).json["id"]
    blocked = r.post_step(client, branch.headers(), fresh, "branch_review", h.TODAY, expect=409)["error"]
    assert blocked["code"] == "blocked" and "确定入党介绍人、进行政治审查、开展集中培训" in blocked["message"]
    blockers = {b["key"]: b["reason"] for b in r.record(client, branch.headers(), fresh)["blockers"]}
    assert "branch_review" in blockers and "六个部门" in blockers["political_review"]
    assert r.post_step(client, branch.headers(), target, "committee_talk", date(2026, 1, 5),
                       expect=403)["error"]["code"] == "committee_step"
    refused = r.post_step(client, branch.headers(), target, "oath", date(2026, 1, 5), expect=409)
    assert refused["error"]["code"] == "not_yet"
    by_vote = r.post_step(client, branch.headers(), target, "admission_vote", date(2026, 1, 5), expect=409)
    assert by_vote["error"]["code"] == "by_vote"
    prob = branch.prob_old
    approval = r.post_step(client, branch.headers(), prob, "admission_filed", h.TODAY, expect=403)
    assert approval["error"]["code"] == "committee_step"
    r.post_step(client, world.headers("committee_a_staff"), prob, "admission_filed", h.TODAY)


def test_a_broken_rule_is_a_422_naming_the_rule(client, branch):
    activist = branch.activist_new  # its steps 4, 5 and 6 are open
    bare = r.post_step(client, branch.headers(), activist, "activist_assessment", h.TODAY, expect=422)
    assert bare["error"]["code"] == "conclusion_required"
    assert bare["error"]["fields"] == {"conclusion": ["请填写培养教育考察的结论"]}
    future = r.post_step(client, branch.headers(), activist, "activist_assessment", date(2099, 1, 1), expect=422,
                         conclusion="良")
    assert future["error"]["code"] == "date_in_future"
    three = r.post_step(client, branch.headers(), activist, "contacts_assigned", h.TODAY, expect=422,
                        contact_ids=branch.members[1:4])
    assert three["error"]["code"] == "contacts_count"
    assert r.post_step(client, branch.headers(), branch.target, "introducers", h.TODAY,
                       expect=409)["error"]["code"] == "already_done"


def test_contacts_must_be_full_members(client, branch):
    activist = branch.activist_new
    refused = r.post_step(client, branch.headers(), activist, "contacts_assigned", h.TODAY, expect=422,
                          contact_ids=[branch.applicant_new])
    assert refused["error"]["code"] == "not_full_members"
    r.post_step(client, branch.headers(), activist, "contacts_assigned", h.TODAY, contact_ids=[branch.members[3]])


def test_another_organizations_person_is_not_found(client, branch, world):
    other = world.people["applicant_b1"].id
    assert client.get(f"/api/v1/people/{other}/record", headers=branch.headers()).status_code == 404
    assert r.post_step(client, branch.headers(), other, "application_talk", h.TODAY, expect=404,
                       talker="x")["error"]["code"] == "person_not_found"


def test_status_cannot_be_typed_in_without_a_correction_reason(app, client, branch):
    url = f"/api/v1/people/{branch.applicant_new}"
    refused = client.patch(url, headers=branch.headers(), json={"status": "target", "applied_at": "2020-01-01",
                                                                "status_since": "2021-01-01"})
    assert refused.status_code == 422 and refused.json["error"]["code"] == "status_by_procedure"
    corrected = client.patch(url, headers=branch.headers(), json={
        "status": "target", "applied_at": "2020-01-01", "status_since": "2021-01-01",
        "correction_reason": "纸质档案显示已确定为发展对象"})
    assert corrected.status_code == 200 and corrected.json["status"] == "target"
    with app.app_context():
        entry = db.session.query(AuditEntry).filter_by(action="person.status_corrected").one()
        assert entry.details["reason"] == "纸质档案显示已确定为发展对象" and entry.details["previous"] == "applicant"
    record = r.record(client, branch.headers(), branch.applicant_new)
    assert r.steps(record)["target_selected"]["evidence"]["source"] == "before_system"


def test_history_comes_in_with_the_person_and_what_broke_a_rule_is_kept_and_flagged(app, client, branch):
    pid = _applicant(client, branch, "2024-01-05", history={"application_talk": "2024-03-01"})
    body = r.record(client, branch.headers(), pid)
    talk = r.steps(body)["application_talk"]
    assert talk["done_on"] == "2024-03-01" and talk["evidence"]["source"] == "history" and talk["evidence"]["late"]
    response = client.post("/api/v1/people", headers=branch.headers(), json={
        "org_id": branch.org_id, "name": "历史人员", "status": "target", "gender": "female", "birth_date": "1990-01-01",
        "applied_at": "2020-01-01", "status_since": "2022-05-01",
        "history": {"activist_selected": "2020-03-01", "target_selected": "2022-05-01", "introducers": "2022-04-01"}})
    assert response.status_code == 201
    flags = {f["step"]: f["message"] for f in response.json["record_flags"]}
    assert "满 6 个月" in flags["activist_selected"] and "早于" in flags["introducers"]
    with app.app_context():
        rows = db.session.query(RecordEntry).filter_by(person_id=response.json["id"]).all()
        assert {row.key: bool(row.flag) for row in rows} == {"activist_selected": True, "target_selected": False,
                                                             "introducers": True}
    unknown = client.post("/api/v1/people", headers=branch.headers(), json={
        "org_id": branch.org_id, "name": "x", "status": "member", "history": {"flying": "2020-01-01"}})
    assert unknown.status_code == 422 and unknown.json["error"]["code"] == "unknown_step"


def test_the_activist_vote_needs_six_months_and_a_qualifying_recommendation_or_a_reason(client, branch):
    mid = h.meeting(client, branch, kind="branch_committee")
    payload = {"kind": "stage_vote", "stage": "activist", "title": "确定入党积极分子", "candidate_ids": [branch.applicants_ok[0]]}
    refused = client.post(f"/api/v1/meetings/{mid}/sessions", headers=branch.headers(), json=payload)
    assert refused.status_code == 422 and "两推荐" in refused.json["error"]["message"]
    # A 两推荐 they qualify in: members by written opinion (1 of 1), masses by code (1 of 1).
    rec = h.session(client, branch, h.meeting(client, branch), kind="recommendation", title="两推荐",
                    candidate_ids=[branch.applicants_ok[0]])
    yes = {"choices": [branch.applicants_ok[0]]}
    client.post(f"/api/v1/sessions/{rec['id']}/absentee-opinions", headers=branch.headers(),
                json={"answers": yes, "person_id": branch.members[0]})
    code = h.codes(client, branch, rec["id"], "mass", 1)[0]
    h.transition(client, branch, rec["id"], "open")
    h.cast(client, rec["id"], yes, code=code)
    h.transition(client, branch, rec["id"], "close")
    accepted = client.post(f"/api/v1/meetings/{mid}/sessions", headers=branch.headers(), json=payload)
    assert accepted.status_code == 201, accepted.json


def test_a_branch_without_committee_members_holds_the_activist_vote_in_the_assembly(app, client, branch):
    with app.app_context():
        db.session.query(Person).filter(Person.org_id == branch.org_id).update({"committee_member": False})
        db.session.commit()
    mid = h.meeting(client, branch, kind="branch_assembly")
    session = h.session(client, branch, mid, kind="stage_vote", stage="activist", title="确定入党积极分子",
                        candidate_ids=[branch.applicants_ok[1]], override_reason="未组织两推荐")
    voters = client.get(f"/api/v1/sessions/{session['id']}/electorate", headers=branch.headers()).json
    assert voters["should_attend"] == 10  # the full members, not an empty committee


def test_each_step_says_what_it_asks_for_who_may_record_it_and_who_did(client, branch, world):
    as_secretary = r.steps(r.record(client, branch.headers(), branch.prob_old))
    as_committee = r.steps(r.record(client, world.headers("committee_a_staff"), branch.prob_old))
    assert as_secretary["admission_filed"]["can_record"] is False and as_committee["admission_filed"]["can_record"]
    assert as_secretary["oath"]["can_record"] is False  # done already (from the paper file)
    assert as_secretary["probation_assessment"]["fields"] == ["conclusion", "note"]
    assert as_secretary["conversion_vote"]["can_record"] is False  # votes record themselves
    r.post_step(client, branch.headers(), branch.activist_new, "activist_filed", h.TODAY)
    filed = r.steps(r.record(client, branch.headers(), branch.activist_new))["activist_filed"]
    assert filed["evidence"]["recorded_by"] == "甲一党员（支部书记）"  # a name and a role, not a username


def test_a_person_sees_their_own_path_with_dates_and_what_comes_next_and_nothing_of_who_recorded(client, branch, world):
    mine = client.get("/api/v1/me/record", headers=branch.person_headers(branch.target))
    assert mine.status_code == 200, mine.json
    body = mine.json
    assert (body["name"], body["status"]) == ("发展对象甲", "target")
    done = {step["name"]: step["done_on"] for step in body["done"]}
    assert "递交入党申请书" in done and done["递交入党申请书"] == f"{TODAY.year - 4}-01-01"
    assert len(done) >= 7 and all(set(step) == {"no", "name", "stage", "done_on"} for step in body["done"])
    assert body["next"] and all("due_on" in step and "waiting_for" in step for step in body["next"])
    assert [s["no"] for s in body["done"]] == sorted(s["no"] for s in body["done"])
    assert "evidence" not in str(body) and "recorded_by" not in str(body)
    # An applicant sees theirs, not the target's.
    other = client.get("/api/v1/me/record", headers=branch.person_headers(branch.applicant_new)).json
    assert other["name"] == "新申请人" and [s["name"] for s in other["done"]] == ["递交入党申请书"]


def test_staff_with_no_person_on_a_roster_have_no_record_of_their_own(client, world):
    response = client.get("/api/v1/me/record", headers=world.headers("county_a_staff"))
    assert response.status_code == 404 and response.json["error"]["code"] == "no_person"
    assert client.get("/api/v1/me/record").status_code == 401
