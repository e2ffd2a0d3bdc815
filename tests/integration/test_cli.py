from collections import Counter

from sqlalchemy import func, select

from server.extensions import db
from server.models import Account, Organization, Person


def test_seed_demo_builds_a_city_with_every_sector_and_enough_mass_representatives(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "city_admin" in result.output and "Demo@2026" in result.output
    with app.app_context():
        orgs = db.session.scalars(select(Organization)).all()
        levels = Counter(o.level for o in orgs)
        assert levels["city"] == 1 and levels["county"] == 3 and levels["committee"] >= 3
        branches = [o for o in orgs if o.level == "branch"]
        assert {b.sector for b in branches} == {"rural", "community", "institution", "soe", "two_new", "university"}
        for branch in branches:
            statuses = Counter(db.session.scalars(select(Person.status).where(Person.org_id == branch.id)))
            assert statuses["member"] and statuses["probationary"] and statuses["applicant"] >= 5
            if branch.sector in ("rural", "community", "soe", "two_new"):
                assert statuses["mass_rep"] >= 30, branch.name
        roles = Counter(db.session.scalars(select(Account.role)))
        assert roles["secretary"] == len(branches) + 1 and roles["org_staff"] >= 1 + 3 + 6
        # Every branch's secretary looks after its accounts; one branch has a colleague for them to look after.
        admins = db.session.scalars(select(Account.org_id).where(Account.role == "secretary", Account.admin)).all()
        assert sorted(admins) == sorted(b.id for b in branches)
    assert "jinhu_weiyuan" in result.output and "支部委员" in result.output
    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 0 and again.output == result.output  # the same logins table, in words, every time
    assert "org_staff" not in again.output and "市委组织部" in again.output


def test_demo_secretary_can_log_in(app, client):
    app.test_cli_runner().invoke(args=["seed-demo"])
    response = client.post("/api/v1/auth/login", json={"username": "jinhu_secretary", "password": "Demo@2026"})
    assert response.status_code == 200


def test_create_admin_makes_the_city_and_its_first_account(app, client):
    result = app.test_cli_runner().invoke(args=["create-admin", "--org", "南宁市", "--username", "admin",
                                                "--password", "Admin-12345"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        org = db.session.scalar(select(Organization).where(Organization.name == "南宁市"))
        assert org.level == "city" and org.path == f"/{org.id}/"
    token = client.post("/api/v1/auth/login", json={"username": "admin", "password": "Admin-12345"}).json["token"]
    orgs = client.get("/api/v1/orgs", headers={"Authorization": f"Bearer {token}"}).json["items"]
    assert [o["name"] for o in orgs] == ["南宁市"]
    # A second admin joins the same city organization; a taken username is refused.
    again = app.test_cli_runner().invoke(args=["create-admin", "--org", "南宁市", "--username", "admin",
                                               "--password", "Admin-12345"])
    assert again.exit_code != 0 and "用户名已被使用" in again.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Organization)) == 1


def test_setup_endpoints_follow_the_contract(app, client):
    app.test_cli_runner().invoke(args=["create-admin", "--org", "南宁市", "--username", "admin",
                                       "--password", "Admin-12345"])
    token = client.post("/api/v1/auth/login", json={"username": "admin", "password": "Admin-12345"}).json["token"]
    headers = {"Authorization": f"Bearer {token}"}
    city = client.get("/api/v1/orgs", headers=headers).json["items"][0]["id"]
    county = client.post("/api/v1/orgs", headers=headers, json={
        "name": "青秀区委组织部", "parent_id": city, "level": "county", "sector": "institution"})
    committee = client.post("/api/v1/orgs", headers=headers, json={
        "name": "南湖街道党工委", "parent_id": county.json["id"], "level": "committee", "sector": "community"})
    branch = client.post("/api/v1/orgs", headers=headers, json={
        "name": "金湖社区党支部", "parent_id": committee.json["id"], "level": "branch", "sector": "community",
        "staff_count": 20})
    assert county.status_code == committee.status_code == branch.status_code == 201
    person = client.post("/api/v1/people", headers=headers, json={
        "org_id": branch.json["id"], "name": "韦书记", "status": "member", "gender": "male", "birth_date": "1975-06-01",
        "status_since": "2000-07-01", "committee_member": True})
    assert person.status_code == 201 and person.json["committee_member"] is True
    account = client.post("/api/v1/accounts", headers=headers, json={
        "username": "jinhu", "password": "Secret-123", "role": "secretary", "org_id": branch.json["id"]})
    assert account.status_code == 201 and account.json["id"]
    login = client.post("/api/v1/auth/login", json={"username": "jinhu", "password": "Secret-123"})
    assert login.status_code == 200 and "token" in login.json


def test_the_demo_organizer_serves_a_committee_in_a_current_term(app, client):
    app.test_cli_runner().invoke(args=["seed-demo"])
    from server.demo import DEMO_PASSWORD

    token = client.post("/api/v1/auth/login", json={"username": "organizer_demo", "password": DEMO_PASSWORD}).json["token"]
    due = client.get("/api/v1/organizers/me/due", headers={"Authorization": f"Bearer {token}"})
    assert due.status_code == 200 and len(due.json["organizations"]) == 1 and due.json["branches"]


def test_the_demo_has_a_finished_meeting_with_results_and_open_tasks_so_no_list_starts_empty(app, client):
    app.test_cli_runner().invoke(args=["seed-demo"])
    from server.demo import DEMO_PASSWORD

    def headers(username):
        token = client.post("/api/v1/auth/login", json={"username": username, "password": DEMO_PASSWORD}).json["token"]
        return {"Authorization": f"Bearer {token}"}

    secretary = headers("jinhu_secretary")
    meetings = client.get("/api/v1/meetings", headers=secretary).json
    meetings = meetings["items"] if isinstance(meetings, dict) else meetings
    assert len(meetings) == 2
    listed = [client.get(f"/api/v1/meetings/{m['id']}/sessions", headers=secretary).json for m in meetings]
    sessions = [s for page in listed for s in (page["items"] if isinstance(page, dict) else page)]
    assert sorted(s["state"] for s in sessions) == ["draft", "published"]
    published = next(s for s in sessions if s["state"] == "published")
    result = client.get(f"/api/v1/sessions/{published['id']}/result", headers=secretary).json
    assert result["groups"]["member"]["ballots"] == 20 and result["groups"]["mass"]["ballots"] == 28
    tasks = client.get("/api/v1/tasks", headers=headers("organizer_demo")).json
    tasks = tasks["items"] if isinstance(tasks, dict) else tasks
    assert [t["state"] for t in tasks if t["state"] == "open"] and any(t["state"] == "done" for t in tasks)
