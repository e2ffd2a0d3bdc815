"""What follows a 双评议 below 80: the self-check a committee orders and accepts, the reminder talk a branch
records, the committee's delegate at the meeting, and the branches that held no 双评议 in a year."""
from datetime import timedelta

import pytest

from server.extensions import db
from server.models import FollowUp
from tests.conftest import TODAY
from tests.integration import voting_helpers as h


@pytest.fixture
def low_scores(app, client, world, branch):
    """A published 双评议 of branch A1 whose branch work and one new member scored below 80."""
    sid = h.satisfaction(client, branch)["id"]
    with app.app_context():
        org = world.orgs["branch_a1"].id
        branch_work = FollowUp(org_id=org, session_id=sid, kind="key_warning_target", score="72.50")
        talk = FollowUp(org_id=org, session_id=sid, kind="reminder_talk", person_id=world.people["member_a1"].id,
                        score="75.00")
        db.session.add_all([branch_work, talk])
        db.session.commit()
        return sid, branch_work.id, talk.id


def step(client, world, who, follow_up_id, action, **body):
    return client.post(f"/api/v1/follow-ups/{follow_up_id}/{action}", headers=world.headers(who), json=body)


def test_a_self_check_is_ordered_explained_returned_explained_again_and_accepted(client, world, low_scores):
    _, self_check, _ = low_scores
    listed = client.get("/api/v1/follow-ups", headers=world.headers("committee_a_staff")).json["items"]
    assert {f["id"]: f["allowed_actions"] for f in listed}[self_check] == ["order"]
    assert step(client, world, "secretary_a1", self_check, "order", note="x", due_on=TODAY.isoformat()).status_code == 403
    incomplete = step(client, world, "committee_a_staff", self_check, "order", note="请自查")
    assert incomplete.status_code == 422 and "due_on" in incomplete.json["error"]["fields"]
    due = (TODAY + timedelta(days=30)).isoformat()
    ordered = step(client, world, "committee_a_staff", self_check, "order", note="请对照满意度测评意见自查自纠", due_on=due)
    assert ordered.status_code == 200 and ordered.json["state_label"] == "已责令自查" and ordered.json["due_on"] == due
    assert step(client, world, "committee_a_staff", self_check, "submit", note="x").status_code == 403
    assert step(client, world, "secretary_a2", self_check, "submit", note="x").status_code == 404
    submitted = step(client, world, "secretary_a1", self_check, "submit", note="已召开支委会查找问题，制定整改措施三条")
    assert submitted.json["state"] == "submitted"
    assert step(client, world, "secretary_a1", self_check, "accept").status_code == 403
    returned = step(client, world, "committee_a_staff", self_check, "return", note="措施不够具体")
    assert returned.json["state"] == "ordered"
    step(client, world, "secretary_a1", self_check, "submit", note="补充：明确责任人和时限")
    accepted = step(client, world, "committee_a_staff", self_check, "accept", note="同意验收")
    assert accepted.json["state"] == "closed" and accepted.json["done_at"]
    assert accepted.json["key_target_year"] is None  # set when a result is published, not by the acceptance
    assert [e["action"] for e in accepted.json["events"]] == ["order", "submit", "return", "submit", "accept"]
    assert accepted.json["events"][1]["details"]["note"] == "已召开支委会查找问题，制定整改措施三条"
    assert step(client, world, "committee_a_staff", self_check, "order", note="x", due_on=due).status_code == 409
    open_items = client.get("/api/v1/follow-ups", headers=world.headers("committee_a_staff")).json["items"]
    assert self_check not in [f["id"] for f in open_items]


def test_the_branch_records_the_reminder_talk_and_the_follow_up_closes(client, world, low_scores):
    _, _, talk = low_scores
    assert step(client, world, "committee_a_staff", talk, "talk", talked_on=TODAY.isoformat(), talked_by="x",
                note="x").status_code == 403
    assert step(client, world, "secretary_a1", talk, "order", note="x", due_on=TODAY.isoformat()).status_code == 422
    done = step(client, world, "secretary_a1", talk, "talk", talked_on=TODAY.isoformat(), talked_by="支部书记",
                note="指出参加组织生活不够经常，本人表示改进", measure="")
    assert done.status_code == 200, done.json
    assert done.json["state_label"] == "已谈话" and done.json["done_at"]
    assert client.get(f"/api/v1/follow-ups/{talk}", headers=world.headers("county_b_staff")).status_code == 404


def test_the_committee_records_its_delegate_at_a_satisfaction_meeting(client, world, branch, low_scores):
    sid, _, _ = low_scores
    url = f"/api/v1/sessions/{sid}/guidance"
    assert client.post(url, headers=world.headers("secretary_a1"), json={"delegate": "x"}).status_code == 403
    assert client.post(url, headers=world.headers("county_b_staff"), json={"delegate": "x"}).status_code == 404
    recorded = client.post(url, headers=world.headers("committee_a_staff"), json={"delegate": "街道党工委组织委员 赵某"})
    assert recorded.status_code == 200 and recorded.json["guidance_delegate"] == "街道党工委组织委员 赵某"
    other = h.stage_vote(client, branch)["id"]
    assert client.post(f"/api/v1/sessions/{other}/guidance", headers=world.headers("committee_a_staff"),
                       json={"delegate": "x"}).status_code == 422


def test_the_yearly_list_names_the_branches_that_held_no_satisfaction_vote(client, world):
    listed = client.get(f"/api/v1/follow-ups/branches-without-satisfaction?year={TODAY.year}",
                        headers=world.headers("committee_a_staff"))
    assert listed.status_code == 200
    assert [b["org_name"] for b in listed.json["items"]] == ["甲一社区党支部", "甲二社区党支部"]
    assert listed.json["total"] == 2
    assert client.get("/api/v1/follow-ups/branches-without-satisfaction?year=1900",
                      headers=world.headers("committee_a_staff")).status_code == 422


def test_a_new_member_below_80_gives_the_secretary_a_task_that_the_recorded_talk_closes(client, world, branch):
    sid = h.satisfaction(client, branch)["id"]
    codes = h.codes(client, branch, sid, "member", 3)
    h.transition(client, branch, sid, "open", override_reason="测试：群众代表不足")
    for code in codes:
        h.cast(client, sid, {"ratings": {"0": "satisfied", str(branch.prob_last_year): "unsatisfied"}}, code=code)
    h.transition(client, branch, sid, "close")
    tasks = client.get("/api/v1/tasks", headers=world.headers("secretary_a1")).json["items"]
    talk_tasks = [t for t in tasks if t["kind"] == "follow_up"]
    assert [t["title"] for t in talk_tasks] == ["提醒谈话：去年预备党员（满意度 0.00 分）"]
    assert talk_tasks[0]["due_on"] == (TODAY + timedelta(days=30)).isoformat()
    follow_up = next(f for f in client.get("/api/v1/follow-ups", headers=world.headers("secretary_a1")).json["items"]
                     if f["kind"] == "reminder_talk")
    step(client, world, "secretary_a1", follow_up["id"], "talk", talked_on=TODAY.isoformat(), talked_by="支部书记",
         note="谈话提醒按时参加组织生活")
    after = client.get("/api/v1/tasks", headers=world.headers("secretary_a1")).json["items"]
    assert [t["state"] for t in after if t["kind"] == "follow_up"] == ["done"]


def test_the_city_reads_the_experience_reports_and_the_committee_all_of_its_own(app, client, world):
    from server.models import Account, OrganizerReport

    with app.app_context():
        account = Account(username="organizer_reports", password_hash="x", role="organizer",
                          org_id=world.orgs["committee_a"].id, token_version=1, active=True)
        db.session.add(account)
        db.session.flush()
        for kind in ("experience", "problems"):
            db.session.add(OrganizerReport(account_id=account.id, org_id=world.orgs["committee_a"].id, kind=kind,
                                           title=kind, body="x"))
        db.session.commit()
    city = client.get("/api/v1/organizer-reports", headers=world.headers("city_staff")).json["items"]
    committee = client.get("/api/v1/organizer-reports", headers=world.headers("committee_a_staff")).json["items"]
    assert [r["kind"] for r in city] == ["experience"]
    assert sorted(r["kind"] for r in committee) == ["experience", "problems"]
