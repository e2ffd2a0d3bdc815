"""Appointing special organizers: the contract (appoint, assess, renew), and a term that really ends."""
import time
from datetime import date, timedelta

import pytest

from server import clock
from server.domain import organizer_terms as terms
from server.extensions import db
from server.models import Account, Organization, Person
from server.services.auth import hash_password, issue_token
from tests.conftest import PASSWORD, TODAY


@pytest.fixture
def candidate(app, world):
    """A full member on branch A2's roster, the person committee A will appoint."""
    with app.app_context():
        person = Person(org_id=world.orgs["branch_a2"].id, name="王组织员", status="member",
                        status_since=date(2005, 7, 1), committee_member=False)
        db.session.add(person)
        db.session.commit()
        return person.id


def appoint(client, world, person_id, starts_on=TODAY, who="committee_a_staff", org="committee_a", **extra):
    return client.post("/api/v1/organizer-appointments", headers=world.headers(who), json={
        "person_id": person_id, "appointing_org_id": world.orgs[org].id, "starts_on": starts_on.isoformat(),
        **appointment_facts(world, starts_on), **extra})


def appointment_facts(world, starts_on=TODAY) -> dict:
    """What every appointment states (seed 四: 组织推荐、个人自愿、党委考察), with the standing contact."""
    return {"nominating_org_id": world.orgs["branch_a1"].id, "consent_on": (starts_on - timedelta(days=10)).isoformat(),
            "vetting_notes": "支部推荐，党委考察合格", "background": "former_secretary", "contact_member": "党委副书记李某"}


def organizer_account(client, world, person_id):
    created = client.post("/api/v1/accounts", headers=world.headers("county_a_staff"), json={
        "username": f"organizer{person_id}", "password": PASSWORD, "role": "organizer",
        "org_id": world.orgs["committee_a"].id, "person_id": person_id})
    assert created.status_code == 201, created.json
    return created.json["id"]


def move_clock(monkeypatch, day: date):
    """The server's today becomes `day` (counted from the real clock, so it may be moved again)."""
    offset = (day - TODAY).days * 86400
    monkeypatch.setattr(clock, "timestamp", lambda: time.time() + offset)


def test_a_committee_appoints_a_full_member_for_two_years_less_a_day(client, world, candidate):
    response = appoint(client, world, candidate, starts_on=date(2026, 3, 1), consent_on="2026-02-20",
                       vetting_notes="经考察，政治素质好，熟悉党务", nominating_org_id=world.orgs["branch_a2"].id)
    assert response.status_code == 201, response.json
    assert response.json["ends_on"] == "2028-02-29" and response.json["account_id"] is None
    account_id = organizer_account(client, world, candidate)
    shown = client.get(f"/api/v1/organizer-appointments/{response.json['id']}", headers=world.headers("county_a_staff"))
    assert shown.status_code == 200 and shown.json["account_id"] == account_id and shown.json["name"] == "王组织员"
    listed = client.get("/api/v1/organizer-appointments?current=true", headers=world.headers("committee_a_staff"))
    assert [a["id"] for a in listed.json["items"]] == ([response.json["id"]] if shown.json["in_term"] else [])
    again = appoint(client, world, candidate, starts_on=date(2027, 1, 1))
    assert again.status_code == 409 and again.json["error"]["code"] == "already_appointed"


def test_only_full_members_and_only_committees_with_approval_authority(app, client, world, candidate):
    applicant = appoint(client, world, world.people["applicant_a1"].id)
    assert applicant.status_code == 422 and applicant.json["error"]["code"] == "not_full_member"
    assert appoint(client, world, candidate, who="secretary_a2", org="branch_a2").status_code == 403
    with app.app_context():
        db.session.get(Organization, world.orgs["committee_a"].id).has_approval_authority = False
        db.session.commit()
    refused = appoint(client, world, candidate)
    assert refused.status_code == 403 and refused.json["error"]["code"] == "no_approval_authority"
    late_consent = appoint(client, world, candidate, who="county_a_staff", org="county_a",
                           consent_on=(TODAY + timedelta(days=3)).isoformat())
    assert late_consent.status_code == 422 and "consent_on" in late_consent.json["error"]["fields"]


@pytest.mark.parametrize("missing", ["nominating_org_id", "consent_on", "vetting_notes", "background", "contact_member"])
def test_an_appointment_states_its_nomination_consent_vetting_background_and_standing_contact(client, world, candidate,
                                                                                               missing):
    facts = appointment_facts(world)
    facts.pop(missing)
    refused = client.post("/api/v1/organizer-appointments", headers=world.headers("committee_a_staff"), json={
        "person_id": candidate, "appointing_org_id": world.orgs["committee_a"].id, "starts_on": TODAY.isoformat(), **facts})
    assert refused.status_code == 422 and missing in refused.json["error"]["fields"]


def test_the_background_and_the_standing_contact_are_shown_and_cannot_be_blank(client, world, candidate):
    made = appoint(client, world, candidate, background="village_graduate", contact_member="党委组织委员赵某").json
    assert (made["background_label"], made["contact_member"]) == ("大学生村官", "党委组织委员赵某")
    blank = appoint(client, world, candidate, starts_on=TODAY + timedelta(days=900), contact_member="  ")
    assert blank.status_code == 422 and "contact_member" in blank.json["error"]["fields"]


def test_another_county_neither_sees_nor_appoints_nor_assesses(client, world, candidate):
    made = appoint(client, world, candidate).json
    sibling = world.headers("county_b_staff")
    assert client.get(f"/api/v1/organizer-appointments/{made['id']}", headers=sibling).status_code == 404
    assert client.get("/api/v1/organizer-appointments", headers=sibling).json["items"] == []
    assert client.post(f"/api/v1/organizer-appointments/{made['id']}/assessments", headers=sibling,
                       json={"year": TODAY.year + 1, "result": "pass"}).status_code == 404
    assert client.post(f"/api/v1/organizer-appointments/{made['id']}/renew", headers=sibling).status_code == 404
    across = client.post("/api/v1/organizer-appointments", headers=sibling, json={
        "person_id": candidate, "appointing_org_id": world.orgs["county_b"].id, "starts_on": TODAY.isoformat(),
        **appointment_facts(world), "nominating_org_id": world.orgs["county_b"].id})
    assert across.status_code == 404


def test_assessments_fall_in_the_terms_years_once_each(client, world, candidate):
    made = appoint(client, world, candidate, starts_on=date(2026, 1, 1)).json
    url = f"/api/v1/organizer-appointments/{made['id']}/assessments"
    headers = world.headers("committee_a_staff")
    wrong = client.post(url, headers=headers, json={"year": 2025, "result": "pass"})
    assert wrong.status_code == 422 and wrong.json["error"]["code"] == "not_a_term_year"
    first = client.post(url, headers=headers, json={"year": 2026, "result": "excellent", "notes": "工作扎实"})
    assert first.status_code == 201 and first.json["result_label"] == "优秀"
    twice = client.post(url, headers=headers, json={"year": 2026, "result": "fail"})
    assert twice.status_code == 409 and twice.json["error"]["code"] == "already_assessed"
    assert client.post(url, headers=headers, json={"year": 2027, "result": "good"}).status_code == 422


def test_renewal_needs_a_passing_last_assessment_and_carries_the_organizations_over(client, world, candidate):
    starts = TODAY - timedelta(days=400)  # the first term year has ended, the second has not
    made = appoint(client, world, candidate, starts_on=starts).json
    account_id = organizer_account(client, world, candidate)
    headers = world.headers("committee_a_staff")
    assigned = client.post(f"/api/v1/organizers/{account_id}/assignments", headers=headers,
                           json={"org_id": world.orgs["branch_a1"].id})
    assert assigned.status_code == 201 and assigned.json["term_end"] == made["ends_on"]
    renew_url = f"/api/v1/organizer-appointments/{made['id']}/renew"
    unassessed = client.post(renew_url, headers=headers)
    assert unassessed.status_code == 409 and unassessed.json["error"]["code"] == "renewal_needs_pass"
    first, second = terms.term_years(starts)
    due = client.get(f"/api/v1/organizer-appointments/{made['id']}", headers=headers).json["assessments_due"]
    assert [d["year"] for d in due] == [first.year]
    client.post(f"/api/v1/organizer-appointments/{made['id']}/assessments", headers=headers,
                json={"year": first.year, "result": "fail"})
    failed = client.post(renew_url, headers=headers)
    assert failed.status_code == 409 and "不合格" in failed.json["error"]["message"]
    client.post(f"/api/v1/organizer-appointments/{made['id']}/assessments", headers=headers,
                json={"year": second.year, "result": "pass"})
    renewed = client.post(renew_url, headers=headers)
    assert renewed.status_code == 201, renewed.json
    assert renewed.json["starts_on"] == (date.fromisoformat(made["ends_on"]) + timedelta(days=1)).isoformat()
    assert renewed.json["renewed_from_id"] == made["id"]
    assert (renewed.json["background"], renewed.json["contact_member"]) == ("former_secretary", "党委副书记李某")
    assert [o["id"] for o in renewed.json["organizations"]] == [world.orgs["branch_a1"].id]
    assert client.post(renew_url, headers=headers).json["error"]["code"] == "already_renewed"


def test_reading_files_and_tasks_end_the_day_after_the_term(app, client, world, candidate, monkeypatch):
    made = appoint(client, world, candidate, starts_on=TODAY - timedelta(days=30)).json
    account_id = organizer_account(client, world, candidate)
    headers = world.headers("committee_a_staff")
    client.post(f"/api/v1/organizers/{account_id}/assignments", headers=headers,
                json={"org_id": world.orgs["branch_a1"].id})
    client.post("/api/v1/tasks", headers=headers, json={"account_id": account_id, "org_id": world.orgs["branch_a1"].id,
                                                        "title": "检查入党积极分子公示", "due_on": made["ends_on"]})
    with app.app_context():
        token = {"Authorization": f"Bearer {issue_token(db.session.get(Account, account_id))}"}
    roster = f"/api/v1/people?org_id={world.orgs['branch_a1'].id}"
    last_day = date.fromisoformat(made["ends_on"])
    move_clock(monkeypatch, last_day)
    assert client.get(roster, headers=token).status_code == 200
    assert len(client.get("/api/v1/tasks", headers=token).json["items"]) == 1
    move_clock(monkeypatch, last_day + timedelta(days=1))
    assert client.get(roster, headers=token).status_code == 404
    assert client.get("/api/v1/tasks", headers=token).json["items"] == []
    task_id = client.get("/api/v1/tasks", headers=headers).json["items"][0]["id"]
    assert client.post(f"/api/v1/tasks/{task_id}/done", headers=token, json={"note": "x"}).status_code == 404
    # Outside every term, nothing new can be assigned to the organizer.
    refused = client.post(f"/api/v1/organizers/{account_id}/assignments", headers=headers,
                          json={"org_id": world.orgs["branch_a2"].id})
    assert refused.status_code == 409 and refused.json["error"]["code"] == "not_in_term"


def test_an_organizer_account_without_appointment_serves_two_years_from_its_assignment(app, client, world,
                                                                                         monkeypatch):
    with app.app_context():
        account = Account(username="organizer_legacy", password_hash=hash_password(PASSWORD), role="organizer",
                          org_id=world.orgs["committee_a"].id, token_version=1, active=True)
        db.session.add(account)
        db.session.commit()
        account_id, token = account.id, {"Authorization": f"Bearer {issue_token(account)}"}
    assigned = client.post(f"/api/v1/organizers/{account_id}/assignments", headers=world.headers("committee_a_staff"),
                           json={"org_id": world.orgs["branch_a1"].id})
    assert assigned.json["term_end"] == terms.term_ends_on(TODAY).isoformat()
    move_clock(monkeypatch, date.fromisoformat(assigned.json["term_end"]) + timedelta(days=1))
    assert client.get(f"/api/v1/people?org_id={world.orgs['branch_a1'].id}", headers=token).status_code == 404


def test_the_daily_scan_reminds_the_committee_once_of_an_assessment_due(app, client, world, candidate):
    made = appoint(client, world, candidate, starts_on=TODAY - timedelta(days=340)).json  # first year ends in 24 days
    staff = world.headers("committee_a_staff")
    runner = app.test_cli_runner()
    assert runner.invoke(args=["scan-due"]).exit_code == 0
    assert runner.invoke(args=["scan-due"]).exit_code == 0
    tasks = [t for t in client.get("/api/v1/tasks", headers=staff).json["items"] if t["kind"] == "assess_organizer"]
    first = terms.term_years(TODAY - timedelta(days=340))[0]
    assert [(t["title"], t["due_on"]) for t in tasks] == [(f"特聘组织员王组织员 {first.year} 年度考核",
                                                           first.ends_on.isoformat())]
    client.post(f"/api/v1/organizer-appointments/{made['id']}/assessments", headers=staff,
                json={"year": first.year, "result": "pass"})
    assert client.get(f"/api/v1/organizer-appointments/{made['id']}", headers=staff).json["assessments_due"] == []
