import pytest

from server.extensions import db
from server.models import AuditEntry
from server.models.audit import AuditIsAppendOnly
from tests.conftest import PASSWORD, postgres_only


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


def _colleague(app, world, username, admin=False):
    """A second organization-staff account of the city, beside city_staff."""
    from server.models import Account
    from server.services import auth

    with app.app_context():
        account = Account(username=username, password_hash=auth.hash_password(PASSWORD), role="org_staff",
                          org_id=world.orgs["city"].id, token_version=1, active=True, admin=admin)
        db.session.add(account)
        db.session.commit()
        return account.id, {"Authorization": f"Bearer {auth.issue_token(account)}"}


def _make_admin(app, world, key):
    from server.models import Account

    with app.app_context():
        db.session.get(Account, world.accounts[key].id).admin = True
        db.session.commit()


def test_an_ordinary_colleague_cannot_reset_or_deactivate_another(app, client, world):
    _, colleague = _colleague(app, world, "city_second")
    target = world.accounts["city_staff"].id
    for change in ({"active": False}, {"password": "Taken-0ver!"}):
        refused = client.patch(f"/api/v1/accounts/{target}", headers=colleague, json=change)
        assert refused.status_code == 403 and refused.json["error"]["code"] == "not_account_manager"
    assert client.get("/api/v1/orgs", headers=world.headers("city_staff")).status_code == 200
    created = client.post("/api/v1/accounts", headers=colleague, json={
        "username": "city_third", "password": "Secret-123", "role": "org_staff", "org_id": world.orgs["city"].id})
    assert created.status_code == 403


def test_superior_staff_and_the_designated_administrator_manage_accounts(app, client, world):
    county = world.accounts["county_a_staff"].id
    assert client.patch(f"/api/v1/accounts/{county}", headers=world.headers("city_staff"),
                        json={"password": "Reset-by-city1"}).status_code == 200
    _make_admin(app, world, "city_staff")
    colleague, _ = _colleague(app, world, "city_second")
    assert client.patch(f"/api/v1/accounts/{colleague}", headers=world.headers("city_staff"),
                        json={"active": False}).status_code == 200


def test_nobody_removes_the_last_active_administrator_of_an_organization(app, client, world):
    _make_admin(app, world, "county_a_staff")
    county = world.accounts["county_a_staff"].id
    for change in ({"active": False}, {"admin": False}):
        refused = client.patch(f"/api/v1/accounts/{county}", headers=world.headers("city_staff"), json=change)
        assert refused.status_code == 409 and refused.json["error"]["code"] == "last_admin"
    second = client.post("/api/v1/accounts", headers=world.headers("city_staff"), json={
        "username": "county_a_second", "password": "Secret-123", "role": "org_staff",
        "org_id": world.orgs["county_a"].id, "admin": True})
    assert second.status_code == 201 and second.json["admin"] is True
    assert client.patch(f"/api/v1/accounts/{county}", headers=world.headers("city_staff"),
                        json={"active": False}).status_code == 200


@pytest.mark.parametrize("username", ["Secretary_A1", "secretary_a1.", "ＳＥＣＲＥＴＡＲＹ_Ａ1", " secretary_a1 "])
def test_look_alike_usernames_are_refused(client, world, username):
    response = client.post("/api/v1/accounts", headers=world.headers("city_staff"), json={
        "username": username, "password": "Secret-123", "role": "secretary", "org_id": world.orgs["branch_a2"].id})
    assert response.status_code in (409, 422)
    assert response.json["error"]["code"] in ("username_taken", "username_invalid")


def test_usernames_are_stored_lower_case_and_log_in_whatever_the_case(client, world):
    created = client.post("/api/v1/accounts", headers=world.headers("city_staff"), json={
        "username": "Wang.Li", "password": "Secret-123", "role": "secretary", "org_id": world.orgs["branch_a2"].id})
    assert created.status_code == 201 and created.json["username"] == "wang.li"
    assert client.post("/api/v1/auth/login", json={"username": "WANG.LI", "password": "Secret-123"}).status_code == 200


def test_an_account_links_only_a_person_of_its_own_organization(client, world):
    response = client.post("/api/v1/accounts", headers=world.headers("city_staff"), json={
        "username": "linked_elsewhere", "password": "Secret-123", "role": "secretary",
        "org_id": world.orgs["branch_a2"].id, "person_id": world.people["applicant_a1"].id})
    assert response.status_code == 422 and response.json["error"]["code"] == "person_not_in_org"


def test_audit_entries_name_the_organization_and_who_acted_not_ids(client, world):
    client.patch(f"/api/v1/orgs/{world.orgs['branch_a1'].id}", headers=world.headers("committee_a_staff"),
                 json={"name": "甲一社区第一党支部"})
    entry = client.get("/api/v1/audit?per_page=5", headers=world.headers("committee_a_staff")).json["items"][0]
    assert entry["org_name"] == "甲一社区第一党支部" and entry["actor"] == "甲街道党工委工作人员"


@postgres_only
def test_two_administrators_deactivating_each_other_at_once_never_both_succeed(make_app, world):
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    from server.models import Account
    from server.services import auth

    app = make_app(SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 5, "max_overflow": 5, "hide_parameters": True})
    first, _ = _colleague(app, world, "city_admin_one", admin=True)
    second, _ = _colleague(app, world, "city_admin_two", admin=True)
    for _round in range(10):
        with app.app_context():
            tokens = {}
            for account_id in (first, second):
                account = db.session.get(Account, account_id)
                account.active, account.admin = True, True
                db.session.commit()
                tokens[account_id] = {"Authorization": f"Bearer {auth.issue_token(account)}"}
        barrier = Barrier(2)

        def deactivate(pair, barrier=barrier, tokens=tokens):
            actor, target = pair
            client = app.test_client()
            barrier.wait()
            return client.patch(f"/api/v1/accounts/{target}", headers=tokens[actor], json={"active": False}).status_code

        with ThreadPoolExecutor(max_workers=2) as pool:
            statuses = list(pool.map(deactivate, [(first, second), (second, first)]))
        with app.app_context():
            active = db.session.query(Account).filter(Account.id.in_([first, second]), Account.active.is_(True)).count()
        assert active >= 1 and statuses.count(200) <= 1, statuses


@pytest.mark.parametrize("password", ["12345678", "password", "qwertyuiop", "lookalike_boss"])
def test_easily_guessed_passwords_are_refused_by_a_strength_check(client, world, password):
    response = client.post("/api/v1/accounts", headers=world.headers("county_a_staff"), json={
        "username": "lookalike_boss", "password": password, "role": "secretary", "org_id": world.orgs["branch_a2"].id})
    assert response.status_code == 422 and response.json["error"]["code"] == "weak_password"


def test_a_username_that_differs_from_another_only_by_symbols_is_refused(app, client, world):
    _make_admin(app, world, "city_staff")
    first = client.post("/api/v1/accounts", headers=world.headers("city_staff"), json={
        "username": "city_admin", "password": "Pass-w0rd!x", "role": "org_staff", "org_id": world.orgs["city"].id})
    assert first.status_code == 201
    for look_alike in ("city.admin", "cityadmin", "city-admin"):
        response = client.post("/api/v1/accounts", headers=world.headers("city_staff"), json={
            "username": look_alike, "password": "Pass-w0rd!x", "role": "org_staff", "org_id": world.orgs["city"].id})
        assert response.status_code == 409 and response.json["error"]["code"] == "username_look_alike"


def test_an_administrator_cannot_reset_their_own_password_without_the_old_one(app, client, world):
    _make_admin(app, world, "city_staff")
    me = world.accounts["city_staff"].id
    response = client.patch(f"/api/v1/accounts/{me}", headers=world.headers("city_staff"), json={"password": "Taken-0ver!"})
    assert response.status_code == 422 and response.json["error"]["code"] == "own_password_via_change"


def _branch_colleague(app, world, username, branch="branch_a1"):
    """A second secretary-role account at a branch (a 组织委员 beside the secretary)."""
    from server.models import Account
    from server.services import auth

    with app.app_context():
        account = Account(username=username, password_hash=auth.hash_password(PASSWORD), role="secretary",
                          org_id=world.orgs[branch].id, token_version=1, active=True)
        db.session.add(account)
        db.session.commit()
        return account.id, {"Authorization": f"Bearer {auth.issue_token(account)}"}


def test_a_branch_secretary_who_administers_the_branch_resets_a_colleagues_password(app, client, world):
    colleague, colleague_headers = _branch_colleague(app, world, "a1_weiyuan")
    _make_admin(app, world, "secretary_a1")
    listed = client.get("/api/v1/accounts", headers=world.headers("secretary_a1")).json["items"]
    assert {a["username"]: a["manageable"] for a in listed} == {"secretary_a1": False, "a1_weiyuan": True}
    reset = client.patch(f"/api/v1/accounts/{colleague}", headers=world.headers("secretary_a1"),
                         json={"password": "Branch-reset-42"})
    assert reset.status_code == 200 and reset.json["must_change_password"] is True
    assert client.get("/api/v1/auth/me", headers=colleague_headers).status_code == 401  # old logins end
    login = client.post("/api/v1/auth/login", json={"username": "a1_weiyuan", "password": "Branch-reset-42"})
    headers = {"Authorization": f"Bearer {login.json['token']}"}
    assert client.get("/api/v1/auth/me", headers=headers).json["must_change_password"] is True
    changed = client.post("/api/v1/auth/password", headers=headers, json={
        "old_password": "Branch-reset-42", "new_password": "Only-I-know-7x"})
    fresh = {"Authorization": f"Bearer {changed.json['token']}"}
    assert client.get("/api/v1/auth/me", headers=fresh).json["must_change_password"] is False


def test_a_branch_administrator_manages_only_its_own_branch_and_never_changes_roles_upwards(app, client, world):
    _make_admin(app, world, "secretary_a1")
    other_branch = world.accounts["secretary_a2"].id
    refused = client.patch(f"/api/v1/accounts/{other_branch}", headers=world.headers("secretary_a1"),
                           json={"password": "Branch-reset-42"})
    assert refused.status_code in (403, 404)
    colleague, _ = _branch_colleague(app, world, "a1_weiyuan")
    upward = client.patch(f"/api/v1/accounts/{colleague}", headers=world.headers("secretary_a1"),
                          json={"role": "org_staff"})
    assert upward.status_code == 422 and upward.json["error"]["code"] == "role_level_mismatch"


def test_an_ordinary_branch_colleague_cannot_reset_the_secretarys_password(app, client, world):
    _, colleague = _branch_colleague(app, world, "a1_weiyuan")
    refused = client.patch(f"/api/v1/accounts/{world.accounts['secretary_a1'].id}", headers=colleague,
                           json={"password": "Taken-0ver!x"})
    assert refused.status_code == 403 and refused.json["error"]["code"] == "not_account_manager"
    assert "accounts" not in client.get("/api/v1/auth/me", headers=colleague).json["may"]


def test_a_new_account_changes_the_password_it_was_given_at_its_first_login(client, world):
    client.post("/api/v1/accounts", headers=world.headers("committee_a_staff"), json={
        "username": "fresh_secretary", "password": "Given-by-staff-9", "role": "secretary",
        "org_id": world.orgs["branch_a2"].id})
    login = client.post("/api/v1/auth/login", json={"username": "fresh_secretary", "password": "Given-by-staff-9"})
    me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {login.json['token']}"})
    assert me.json["must_change_password"] is True
