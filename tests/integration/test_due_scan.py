"""The daily due list: steps due within a week and overdue, as tasks and pushes for secretaries and organizers."""
from datetime import timedelta

from server.extensions import db
from server.models import Account, DueStep, NoticeRecipient, Task
from server.services.auth import hash_password, issue_token
from tests.conftest import TODAY
from tests.integration import record_helpers as r


def _organizer(app, client, world, branch):
    with app.app_context():
        account = Account(username="organizer_due", password_hash=hash_password("x" * 10), role="organizer",
                          org_id=world.orgs["committee_a"].id, token_version=1, active=True)
        db.session.add(account)
        db.session.commit()
        account_id, token = account.id, issue_token(account)
    assigned = client.post(f"/api/v1/organizers/{account_id}/assignments", headers=world.headers("committee_a_staff"),
                           json={"org_id": branch.org_id})
    assert assigned.status_code == 201
    return account_id, {"Authorization": f"Bearer {token}"}


def _applicant(client, branch, name, days_ago):
    return client.post("/api/v1/people", headers=branch.headers(), json={
        "org_id": branch.org_id, "name": name, "status": "applicant", "gender": "female", "birth_date": "1998-02-02",
        "applied_at": (TODAY - timedelta(days=days_ago)).isoformat()}).json["id"]


def scan(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["scan-due"])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_scan_lists_due_and_overdue_steps_as_tasks_and_one_push(app, client, world, branch):
    organizer_id, organizer = _organizer(app, client, world, branch)
    late = _applicant(client, branch, "逾期申请人", 40)     # talk was due 40 days after application minus a month
    soon = _applicant(client, branch, "临期申请人", 26)     # talk due within the week
    output = scan(app)
    assert "已逾期" in output
    with app.app_context():
        rows = {(d.person_id, d.step_key): d.overdue for d in db.session.query(DueStep)}
        assert rows[(late, "application_talk")] is True and rows[(soon, "application_talk")] is False
        tasks = db.session.query(Task).filter_by(kind="record_step").all()
        owners = {t.account_id for t in tasks if t.org_id == branch.org_id}
        assert owners == {world.accounts["secretary_a1"].id, organizer_id}  # the branch's secretary and organizer
        pushed = db.session.query(NoticeRecipient).filter_by(person_id=world.people["member_a1"].id).count()
    listed = client.get("/api/v1/record/due", headers=branch.headers()).json["items"]
    assert {(i["person_id"], i["overdue"]) for i in listed} >= {(late, True), (soon, False)}
    assert client.get("/api/v1/record/due", headers=organizer).json["items"] == listed
    sibling = client.get("/api/v1/record/due", headers=world.headers("secretary_b1")).json["items"]
    assert sibling and {i["org_id"] for i in sibling} == {world.orgs["branch_b1"].id}
    scan(app)  # again: nothing new, nobody told twice
    with app.app_context():
        assert db.session.query(Task).filter_by(kind="record_step").count() == len(tasks)
        assert db.session.query(NoticeRecipient).filter_by(person_id=world.people["member_a1"].id).count() == pushed
    r.post_step(client, branch.headers(), late, "application_talk", TODAY, talker="支部书记")
    with app.app_context():
        closed = {t.account_id for t in db.session.query(Task).filter_by(kind="record_step", state="done")}
        assert closed == {world.accounts["secretary_a1"].id, organizer_id}
    scan(app)
    with app.app_context():
        assert (late, "application_talk") not in {(d.person_id, d.step_key) for d in db.session.query(DueStep)}


def test_what_waits_on_the_committee_is_listed_for_it(client, world, branch):
    waiting = client.get("/api/v1/record/waiting", headers=world.headers("committee_a_staff")).json["items"]
    assert {(w["person_id"], w["key"]) for w in waiting} >= {(branch.prob_old, "admission_filed")}
    assert client.get("/api/v1/record/waiting", headers=world.headers("county_b_staff")).json["items"] == []


def test_the_due_list_follows_a_new_person_and_a_recorded_step_at_once_without_the_nights_scan(app, client, branch):
    late = _applicant(client, branch, "新增逾期申请人", 40)
    listed = client.get("/api/v1/record/due", headers=branch.headers()).json["items"]
    assert (late, "application_talk", True) in {(i["person_id"], i["key"], i["overdue"]) for i in listed}
    r.post_step(client, branch.headers(), late, "application_talk", TODAY, talker="支部书记")
    listed = client.get("/api/v1/record/due", headers=branch.headers()).json["items"]
    assert (late, "application_talk") not in {(i["person_id"], i["key"]) for i in listed}
    with app.app_context():
        assert db.session.query(Task).filter_by(kind="record_step").count() == 0  # tasks and pushes stay the night's


def test_the_due_list_counts_all_its_items_while_listing_only_as_many_as_asked(client, branch, world):
    people = [_applicant(client, branch, f"逾期申请人{n}", 40 + n) for n in range(3)]
    page = client.get("/api/v1/record/due?limit=2", headers=branch.headers()).json
    assert len(page["items"]) == 2 and page["total"] >= 3 and page["overdue"] >= 3
    assert all(i["overdue"] for i in page["items"])  # soonest first: the overdue ones lead
    assert client.get("/api/v1/record/due?limit=0", headers=branch.headers()).status_code == 422
    assert client.get("/api/v1/record/due?limit=1001", headers=branch.headers()).status_code == 422
    sibling = client.get("/api/v1/record/due", headers=world.headers("secretary_b1")).json
    assert not {i["person_id"] for i in sibling["items"]} & set(people)
    assert sibling["total"] == len(sibling["items"])
