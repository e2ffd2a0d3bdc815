"""A special organizer's work: reports upward and their answers, recommendations the branch decides, invitations
to development meetings, the due list, the committee's file on them, the letter and the coverage by sector."""
from datetime import date, timedelta

import pytest

from server.extensions import db
from server.models import Account, Person
from server.services.auth import issue_token
from tests.conftest import PASSWORD, TODAY, fonts_not_embedded
from tests.integration import voting_helpers as h
from tests.integration.test_organizer_appointments import appointment_facts, move_clock


@pytest.fixture
def organizer(app, client, world):
    """王组织员, appointed by committee A a month ago, serving branch A1: (appointment, account id, headers)."""
    with app.app_context():
        person = Person(org_id=world.orgs["branch_a2"].id, name="王组织员", status="member",
                        status_since=date(2005, 7, 1), committee_member=False)
        db.session.add(person)
        db.session.commit()
        person_id = person.id
    appointment = client.post("/api/v1/organizer-appointments", headers=world.headers("committee_a_staff"), json={
        "person_id": person_id, "appointing_org_id": world.orgs["committee_a"].id,
        "starts_on": (TODAY - timedelta(days=30)).isoformat(), **appointment_facts(world, TODAY - timedelta(days=30))}).json
    account = client.post("/api/v1/accounts", headers=world.headers("county_a_staff"), json={
        "username": "wang_organizer", "password": PASSWORD, "role": "organizer",
        "org_id": world.orgs["committee_a"].id, "person_id": person_id}).json
    assert client.post(f"/api/v1/organizers/{account['id']}/assignments", headers=world.headers("committee_a_staff"),
                       json={"org_id": world.orgs["branch_a1"].id}).status_code == 201
    with app.app_context():
        token = issue_token(db.session.get(Account, account["id"]))
    return appointment, account["id"], {"Authorization": f"Bearer {token}"}


def test_a_report_goes_to_the_appointing_committee_and_its_answer_comes_back(client, world, organizer):
    appointment, _, headers = organizer
    filed = client.post("/api/v1/organizer-reports", headers=headers, json={
        "kind": "thinking", "title": "甲一社区党员思想动态", "body": "多数党员学习积极，个别党员参加组织生活不够经常。"})
    assert filed.status_code == 201 and filed.json["org_id"] == world.orgs["committee_a"].id
    assert filed.json["kind_label"] == "党员思想动态" and filed.json["author"] == "王组织员"
    assert client.post(f"/api/v1/organizer-reports/{filed.json['id']}/answer", headers=world.headers("county_b_staff"),
                       json={"answer": "x"}).status_code == 404
    assert client.post(f"/api/v1/organizer-reports/{filed.json['id']}/answer", headers=world.headers("secretary_a1"),
                       json={"answer": "x"}).status_code == 404
    answered = client.post(f"/api/v1/organizer-reports/{filed.json['id']}/answer",
                           headers=world.headers("committee_a_staff"), json={"answer": "已转支部，请跟进个别谈心。"})
    assert answered.status_code == 200
    mine = client.get("/api/v1/organizer-reports", headers=headers).json["items"]
    assert mine[0]["answer"] == "已转支部，请跟进个别谈心。"
    assert client.get("/api/v1/organizer-reports", headers=world.headers("county_b_staff")).json["items"] == []
    work = client.get(f"/api/v1/organizer-appointments/{appointment['id']}", headers=world.headers("committee_a_staff"))
    assert work.json["work"]["reports"] == 1 and work.json["work"]["reports_answered"] == 1
    assert client.post("/api/v1/organizer-reports", headers=world.headers("secretary_a1"), json={
        "kind": "thinking", "title": "x", "body": "x"}).status_code == 403


def test_the_branch_decides_on_a_recommended_person(client, world, organizer):
    _, _, headers = organizer
    made = client.post("/api/v1/organizer-recommendations", headers=headers, json={
        "org_id": world.orgs["branch_a1"].id, "name": "李青年", "reason": "社区志愿服务骨干，多次表达入党意愿"})
    assert made.status_code == 201 and made.json["state_label"] == "待支部研究"
    outside = client.post("/api/v1/organizer-recommendations", headers=headers, json={
        "org_id": world.orgs["branch_a2"].id, "name": "x", "reason": "x"})
    assert outside.status_code == 404
    url = f"/api/v1/organizer-recommendations/{made.json['id']}/decision"
    assert client.post(url, headers=world.headers("secretary_a2"), json={"decision": "accept"}).status_code == 404
    assert client.post(url, headers=headers, json={"decision": "accept"}).status_code == 403
    listed = client.get("/api/v1/organizer-recommendations", headers=world.headers("secretary_a1")).json["items"]
    assert [r["name"] for r in listed] == ["李青年"]
    decided = client.post(url, headers=world.headers("secretary_a1"), json={"decision": "accept", "note": "列入培养"})
    assert decided.status_code == 200 and decided.json["state"] == "accepted"
    again = client.post(url, headers=world.headers("secretary_a1"), json={"decision": "decline"})
    assert again.status_code == 409
    assert client.get("/api/v1/organizer-recommendations", headers=headers).json["items"][0]["state_label"] == "支部已采纳"


def test_development_meetings_invite_the_organizer_who_records_attendance_until_the_term_ends(
        client, world, branch, organizer, monkeypatch):
    appointment, _, headers = organizer
    session = h.stage_vote(client, branch)
    due = client.get("/api/v1/organizers/me/due", headers=headers)
    assert due.status_code == 200
    assert [o["id"] for o in due.json["organizations"]] == [world.orgs["branch_a1"].id]
    assert [s["id"] for s in due.json["sessions"]] == [session["id"]]
    ahead = client.post("/api/v1/meetings", headers=branch.headers(), json={
        "org_id": branch.org_id, "title": "下周党员大会", "kind": "branch_assembly",
        "starts_at": f"{(TODAY + timedelta(days=7)).isoformat()}T02:00:00Z"}).json
    week_ahead = next(i for i in client.get("/api/v1/meeting-invitations", headers=headers).json["items"]
                      if i["meeting_id"] == ahead["id"])
    assert week_ahead["can_record"] is False
    early = client.post(f"/api/v1/meeting-invitations/{week_ahead['id']}/attendance", headers=headers,
                        json={"attended": True})
    assert early.status_code == 409 and early.json["error"]["code"] == "meeting_not_held"
    assert (TODAY + timedelta(days=7)).isoformat() in early.json["error"]["message"]
    invitation = due.json["invitations"][0]
    assert invitation["can_record"] is True
    assert invitation["title"] == "2026 年第四季度党员大会" and invitation["state_label"] == "待确认"
    attended = client.post(f"/api/v1/meeting-invitations/{invitation['id']}/attendance", headers=headers,
                           json={"attended": True, "note": "列席指导，程序规范"})
    assert attended.status_code == 200 and attended.json["state_label"] == "已列席"
    assert client.post(f"/api/v1/meeting-invitations/{invitation['id']}/attendance",
                       headers=world.headers("secretary_a1"), json={"attended": False}).status_code == 404
    assert client.get("/api/v1/organizers/me/due", headers=world.headers("secretary_a1")).status_code == 403
    move_clock(monkeypatch, date.fromisoformat(appointment["ends_on"]) + timedelta(days=1))
    ended = client.get("/api/v1/organizers/me/due", headers=headers).json
    assert ended["organizations"] == [] and ended["sessions"] == [] and ended["invitations"] == []
    assert client.get("/api/v1/meeting-invitations", headers=headers).json["items"] == []


def test_the_committee_keeps_talks_training_allowances_and_honours_on_file(client, world, organizer):
    appointment, _, _ = organizer
    url = f"/api/v1/organizer-appointments/{appointment['id']}/activities"
    staff = world.headers("committee_a_staff")
    incomplete = client.post(url, headers=staff, json={"kind": "talk", "happened_on": TODAY.isoformat()})
    assert incomplete.status_code == 422 and set(incomplete.json["error"]["fields"]) == {"counterpart", "notes"}
    assert client.post(url, headers=staff, json={"kind": "talk", "happened_on": TODAY.isoformat(),
                                                 "counterpart": "张委员", "notes": "交流联系点工作"}).status_code == 201
    assert client.post(url, headers=staff, json={"kind": "training", "happened_on": TODAY.isoformat(), "hours": 6,
                                                 "notes": "发展党员业务培训"}).status_code == 201
    assert client.post(url, headers=world.headers("county_b_staff"),
                       json={"kind": "allowance", "happened_on": TODAY.isoformat(), "amount": 300}).status_code == 404
    items = client.get(url, headers=staff).json["items"]
    assert [(i["label"], i["hours"], i["counterpart"]) for i in items] == [("培训", 6.0, None),
                                                                          ("谈心谈话", None, "张委员")]


def test_the_letter_and_the_coverage_by_sector(client, world, organizer):
    appointment, _, _ = organizer
    staff = world.headers("committee_a_staff")
    letter = client.get(f"/api/v1/organizer-appointments/{appointment['id']}/letter.pdf", headers=staff)
    assert letter.status_code == 200 and letter.data.startswith(b"%PDF") and letter.mimetype == "application/pdf"
    assert fonts_not_embedded(letter.data) == []
    assert client.get(f"/api/v1/organizer-appointments/{appointment['id']}/letter.pdf",
                      headers=world.headers("county_b_staff")).status_code == 404
    community = {row["sector"]: row for row in client.get("/api/v1/organizer-coverage", headers=staff).json["items"]}
    assert community["community"]["branches"] == 2 and community["community"]["covered"] == 1
    assert [b["name"] for b in community["community"]["uncovered"]] == ["甲二社区党支部"]


def test_an_organizer_assigned_later_gets_the_tasks_and_invitations_already_scheduled(app, client, world, branch,
                                                                                       organizer):
    _, account_id, headers = organizer
    session = h.stage_vote(client, branch, kind="branch_assembly")  # the branch A1 the organizer serves
    with app.app_context():
        person = Person(org_id=world.orgs["branch_a1"].id, name="李组织员", status="member",
                        status_since=date(2008, 7, 1), committee_member=False)
        db.session.add(person)
        db.session.commit()
        person_id = person.id
    client.post("/api/v1/organizer-appointments", headers=world.headers("committee_a_staff"), json={
        "person_id": person_id, "appointing_org_id": world.orgs["committee_a"].id, "starts_on": TODAY.isoformat(),
        **appointment_facts(world)})
    late = client.post("/api/v1/accounts", headers=world.headers("county_a_staff"), json={
        "username": "li_organizer", "password": PASSWORD, "role": "organizer", "org_id": world.orgs["committee_a"].id,
        "person_id": person_id}).json["id"]
    client.post(f"/api/v1/organizers/{late}/assignments", headers=world.headers("committee_a_staff"),
                json={"org_id": world.orgs["committee_a"].id})
    with app.app_context():
        token = {"Authorization": f"Bearer {issue_token(db.session.get(Account, late))}"}
    tasks = client.get("/api/v1/tasks", headers=token).json["items"]
    assert [(t["kind"], t["org_id"]) for t in tasks] == [("attend_vote", branch.org_id)]
    assert session["id"] and client.get("/api/v1/meeting-invitations", headers=token).json["items"][0]["org_id"] == \
        branch.org_id


def test_committees_and_branches_invite_organizers_to_party_building_events_that_hold_no_vote(
        client, world, branch, organizer):
    _, _, headers = organizer
    staff = world.headers("committee_a_staff")
    assert client.post(f"/api/v1/organizers/{organizer[1]}/assignments", headers=staff,
                       json={"org_id": world.orgs["committee_a"].id}).status_code == 201
    event = client.post("/api/v1/meetings", headers=staff, json={
        "org_id": world.orgs["committee_a"].id, "title": "党委党建工作推进会", "kind": "party_building",
        "starts_at": f"{TODAY.isoformat()}T02:00:00Z"})
    assert event.status_code == 201, event.json
    invited = [i for i in client.get("/api/v1/meeting-invitations", headers=headers).json["items"]
               if i["meeting_id"] == event.json["id"]]
    assert [i["title"] for i in invited] == ["党委党建工作推进会"] and invited[0]["can_record"]
    vote = client.post(f"/api/v1/meetings/{event.json['id']}/sessions", headers=staff, json={
        "kind": "satisfaction", "title": "双评议"})
    assert vote.status_code == 422 and vote.json["error"]["code"] == "meeting_kind_not_allowed"
    assembly = client.post("/api/v1/meetings", headers=staff, json={
        "org_id": world.orgs["committee_a"].id, "title": "党员大会", "kind": "branch_assembly",
        "starts_at": f"{TODAY.isoformat()}T02:00:00Z"})
    assert assembly.status_code == 422 and assembly.json["error"]["code"] == "not_a_branch"
    county = client.post("/api/v1/meetings", headers=world.headers("county_a_staff"), json={
        "org_id": world.orgs["county_a"].id, "title": "县委组织部会议", "kind": "party_building",
        "starts_at": f"{TODAY.isoformat()}T02:00:00Z"})
    assert county.status_code == 422
    branch_event = client.post("/api/v1/meetings", headers=branch.headers(), json={
        "org_id": branch.org_id, "title": "主题党日活动", "kind": "party_building",
        "starts_at": f"{TODAY.isoformat()}T02:00:00Z"})
    assert branch_event.status_code == 201
    titles = {i["title"] for i in client.get("/api/v1/meeting-invitations", headers=headers).json["items"]}
    assert {"党委党建工作推进会", "主题党日活动"} <= titles


def test_counties_and_committees_report_experience_and_problems_to_the_city_which_answers(client, world):
    sent = client.post("/api/v1/work-reports", headers=world.headers("county_a_staff"), json={
        "kind": "problems", "title": "农村青年外出务工多，发展对象难以集中培训", "body": "建议推行线上集中培训。"})
    assert sent.status_code == 201 and sent.json["org_name"] == "测试市委组织部" and sent.json["author"] == "甲区委组织部"
    assert client.post("/api/v1/work-reports", headers=world.headers("committee_a_staff"), json={
        "kind": "experience", "title": "“两推荐”会前公示候选人", "body": "群众参与度明显提高。"}).status_code == 201
    assert client.post("/api/v1/work-reports", headers=world.headers("secretary_a1"), json={
        "kind": "problems", "title": "x", "body": "x"}).status_code == 403
    assert client.post("/api/v1/work-reports", headers=world.headers("city_staff"), json={
        "kind": "problems", "title": "x", "body": "x"}).status_code == 403
    assert client.post("/api/v1/work-reports", headers=world.headers("county_a_staff"), json={
        "kind": "thinking", "title": "x", "body": "x"}).status_code == 422
    city = client.get("/api/v1/organizer-reports", headers=world.headers("city_staff")).json
    assert {r["title"] for r in city["items"]} >= {"农村青年外出务工多，发展对象难以集中培训", "“两推荐”会前公示候选人"}
    assert city["can_report_to_city"] is False
    county = client.get("/api/v1/organizer-reports", headers=world.headers("county_a_staff")).json
    assert county["can_report_to_city"] is True and [r["title"] for r in county["items"]] == [
        "农村青年外出务工多，发展对象难以集中培训"]
    assert county["items"][0]["can_answer"] is False
    assert {r["can_answer"] for r in city["items"]} == {True}
    assert client.get("/api/v1/organizer-reports", headers=world.headers("county_b_staff")).json["items"] == []
    assert client.post(f"/api/v1/organizer-reports/{sent.json['id']}/answer", headers=world.headers("county_a_staff"),
                       json={"answer": "x"}).status_code == 404
    answered = client.post(f"/api/v1/organizer-reports/{sent.json['id']}/answer", headers=world.headers("city_staff"),
                           json={"answer": "已纳入全市线上培训计划"})
    assert answered.status_code == 200
    county = client.get("/api/v1/organizer-reports", headers=world.headers("county_a_staff")).json["items"]
    assert county[0]["answer"] == "已纳入全市线上培训计划"
