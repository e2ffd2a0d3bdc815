"""What `GET /auth/me` says a caller may do is what the server then lets them do."""
from datetime import date

import pytest

from server.extensions import db
from server.models import Organization

CALLERS = ("city_staff", "county_a_staff", "committee_a_staff", "county_b_staff", "secretary_a1", "secretary_a2")


def _may(client, world, who):
    me = client.get("/api/v1/auth/me", headers=world.headers(who))
    assert me.status_code == 200
    return set(me.json["may"])


@pytest.fixture
def callers(app, world):
    """Staff at every level, and at a committee without approval authority (无审批权限的党委)."""
    with app.app_context():
        db.session.get(Organization, world.orgs["committee_b"].id).has_approval_authority = False
        db.session.commit()
    return [(who, world.headers(who)) for who in CALLERS] + [
        ("committee_b_staff", _colleague_at(app, world, "committee_b_staff", "committee_b"))]


def test_me_names_what_the_caller_may_do_in_the_servers_own_words(client, world):
    assert {"department", "accounts", "make_plans", "appoint_organizers", "see_schedule"} <= _may(client, world, "city_staff")
    secretary = _may(client, world, "secretary_a1")
    assert {"runs_meetings", "convene_meetings", "edit_people"} <= secretary
    assert not secretary & {"department", "make_plans", "appoint_organizers", "accounts", "see_schedule"}


def test_making_plans_is_offered_exactly_to_those_the_server_lets_make_them(client, callers):
    for who, headers in callers:
        me = client.get("/api/v1/auth/me", headers=headers).json
        response = client.post("/api/v1/plans", headers=headers, json={
            "org_id": me["org_id"], "year": date.today().year, "planned_admissions": 3})
        refused = response.status_code == 403 and response.json["error"]["code"] == "not_a_planner"
        assert refused == ("make_plans" not in set(me["may"])), who


def test_appointing_organizers_is_offered_exactly_to_those_the_server_lets_appoint(client, world, callers):
    for who, headers in callers:
        me = client.get("/api/v1/auth/me", headers=headers).json
        response = client.post("/api/v1/organizer-appointments", headers=headers, json={
            "person_id": world.people["member_a1"].id, "appointing_org_id": me["org_id"],
            "nominating_org_id": me["org_id"], "starts_on": "2026-01-01", "consent_on": "2026-01-01",
            "vetting_notes": "支部推荐，本人同意", "background": "other", "contact_member": "张书记"})
        refused = response.status_code == 403 and response.json["error"]["code"] == "no_approval_authority"
        assert refused == ("appoint_organizers" not in set(me["may"])), who


def test_the_schedule_is_offered_exactly_to_those_who_may_read_it(client, world):
    for who in CALLERS:
        allowed = client.get("/api/v1/schedule", headers=world.headers(who)).status_code == 200
        assert allowed == ("see_schedule" in _may(client, world, who)), who


def _colleague_at(app, world, username, org_key):
    from server.models import Account
    from server.services import auth
    from tests.conftest import PASSWORD

    with app.app_context():
        account = Account(username=username, password_hash=auth.hash_password(PASSWORD), role="org_staff",
                          org_id=world.orgs[org_key].id, token_version=1, active=True)
        db.session.add(account)
        db.session.commit()
        return {"Authorization": f"Bearer {auth.issue_token(account)}"}
