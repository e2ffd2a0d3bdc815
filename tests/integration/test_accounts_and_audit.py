import pytest

from server.extensions import db
from server.models import AuditEntry
from server.models.audit import AuditIsAppendOnly
from tests.conftest import PASSWORD


def test_staff_create_a_secretary_account_for_a_branch_in_their_subtree(client, world):
    response = client.post("/api/v1/accounts", headers=world.headers("committee_a_staff"), json={
        "username": "new_secretary", "password": "Secret-123", "role": "secretary", "org_id": world.orgs["branch_a2"].id})
    assert response.status_code == 201
    assert response.json["id"] and "password" not in response.json
    login = client.post("/api/v1/auth/login", json={"username": "new_secretary", "password": "Secret-123"})
    assert login.status_code == 200


@pytest.mark.parametrize("payload, status", [
    ({"role": "secretary", "org": "committee_a"}, 422),       # a secretary belongs to a branch
    ({"role": "secretary", "org": "branch_b1"}, 404),         # outside the subtree
    ({"role": "root", "org": "branch_a1"}, 422),
])
def test_account_rules(client, world, payload, status):
    response = client.post("/api/v1/accounts", headers=world.headers("committee_a_staff"), json={
        "username": "u_" + payload["role"], "password": "Secret-123", "role": payload["role"],
        "org_id": world.orgs[payload["org"]].id})
    assert response.status_code == status


def test_secretaries_cannot_create_accounts(client, world):
    response = client.post("/api/v1/accounts", headers=world.headers("secretary_a1"), json={
        "username": "sneaky", "password": "Secret-123", "role": "secretary", "org_id": world.orgs["branch_a1"].id})
    assert response.status_code == 403


def test_taken_usernames_and_short_passwords_are_refused(client, world):
    headers = world.headers("city_staff")
    taken = client.post("/api/v1/accounts", headers=headers, json={
        "username": "secretary_a1", "password": "Secret-123", "role": "secretary", "org_id": world.orgs["branch_a1"].id})
    assert taken.status_code == 409
    short = client.post("/api/v1/accounts", headers=headers, json={
        "username": "fresh_user", "password": "123", "role": "secretary", "org_id": world.orgs["branch_a1"].id})
    assert short.status_code == 422 and "8" in short.json["error"]["message"]


def test_deactivating_an_account_revokes_its_tokens(client, world):
    account_id = world.accounts["secretary_a2"].id
    response = client.patch(f"/api/v1/accounts/{account_id}", headers=world.headers("committee_a_staff"),
                            json={"active": False})
    assert response.status_code == 200 and response.json["active"] is False
    assert client.get("/api/v1/orgs", headers=world.headers("secretary_a2")).status_code == 401
    assert client.post("/api/v1/auth/login", json={"username": "secretary_a2", "password": PASSWORD}).status_code == 401


def test_accounts_list_is_scoped(client, world):
    names = {a["username"] for a in client.get("/api/v1/accounts", headers=world.headers("county_b_staff")).json["items"]}
    assert names == {"county_b_staff", "secretary_b1"}


def test_audit_trail_lists_actions_in_scope_newest_first(client, world):
    client.patch(f"/api/v1/people/{world.people['applicant_a1'].id}", headers=world.headers("secretary_a1"),
                 json={"occupation": "教师", "phone": "13912345678"})
    client.patch(f"/api/v1/people/{world.people['member_b1'].id}", headers=world.headers("secretary_b1"),
                 json={"occupation": "农民"})
    entries = client.get("/api/v1/audit", headers=world.headers("county_a_staff")).json
    assert [e["action"] for e in entries["items"]] == ["person.updated"]
    assert entries["items"][0]["details"]["fields"] == ["occupation", "phone"]
    assert "13912345678" not in str(entries)


def test_audit_entries_cannot_be_changed_or_deleted(app, world):
    with app.app_context():
        entry = AuditEntry(action="x", target_type="y", details={})
        db.session.add(entry)
        db.session.commit()
        entry.action = "changed"
        with pytest.raises(AuditIsAppendOnly):
            db.session.commit()
        db.session.rollback()
        db.session.delete(db.session.get(AuditEntry, entry.id))
        with pytest.raises(AuditIsAppendOnly):
            db.session.commit()
