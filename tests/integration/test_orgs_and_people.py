from server.extensions import db
from server.models import AuditEntry, Organization


def test_each_level_sees_exactly_its_subtree(client, world):
    def names(who):
        return {o["name"] for o in client.get("/api/v1/orgs", headers=world.headers(who)).json["items"]}

    assert len(names("city_staff")) == 8
    assert names("county_a_staff") == {"甲区委组织部", "甲街道党工委", "甲一社区党支部", "甲二社区党支部"}
    assert names("secretary_a1") == {"甲一社区党支部"}


def test_orgs_list_has_the_contract_fields(client, world):
    item = client.get("/api/v1/orgs", headers=world.headers("secretary_a1")).json["items"][0]
    assert {"id", "parent_id", "name", "level", "sector"} <= set(item)


def test_staff_create_a_branch_under_their_committee(client, world, app):
    response = client.post("/api/v1/orgs", headers=world.headers("county_a_staff"), json={
        "name": "甲三社区党支部", "parent_id": world.orgs["committee_a"].id, "level": "branch", "sector": "community",
        "staff_count": 12})
    assert response.status_code == 201
    assert response.json["parent_id"] == world.orgs["committee_a"].id and response.json["id"]
    with app.app_context():
        org = db.session.get(Organization, response.json["id"])
        assert org.path == world.orgs["committee_a"].path + f"{org.id}/"
        assert db.session.query(AuditEntry).filter_by(action="org.created", target_id=org.id).count() == 1


def test_creating_under_a_sibling_or_with_a_wrong_level_is_refused(client, world):
    sibling = client.post("/api/v1/orgs", headers=world.headers("county_a_staff"), json={
        "name": "x", "parent_id": world.orgs["committee_b"].id, "level": "branch", "sector": "rural"})
    assert sibling.status_code == 404
    wrong_level = client.post("/api/v1/orgs", headers=world.headers("county_a_staff"), json={
        "name": "x", "parent_id": world.orgs["committee_a"].id, "level": "county", "sector": "rural"})
    assert wrong_level.status_code == 422 and wrong_level.json["error"]["code"] == "level_not_allowed"


def test_a_secretary_cannot_edit_the_level_of_their_own_branch_but_can_rename_it(client, world):
    url = f"/api/v1/orgs/{world.orgs['branch_a1'].id}"
    assert client.patch(url, headers=world.headers("secretary_a1"), json={"sector": "rural"}).status_code == 422
    renamed = client.patch(url, headers=world.headers("secretary_a1"), json={"name": "甲一社区第一党支部"})
    assert renamed.status_code == 200 and renamed.json["name"] == "甲一社区第一党支部"


def test_moving_an_org_re_roots_its_subtree(client, world, app):
    response = client.patch(f"/api/v1/orgs/{world.orgs['committee_b'].id}", headers=world.headers("city_staff"),
                            json={"parent_id": world.orgs["county_a"].id})
    assert response.status_code == 200
    names = {o["name"] for o in client.get("/api/v1/orgs", headers=world.headers("county_a_staff")).json["items"]}
    assert "乙一村党支部SIBLINGSECRET" in names


def test_an_org_cannot_move_under_its_own_child(client, world):
    response = client.patch(f"/api/v1/orgs/{world.orgs['county_a'].id}", headers=world.headers("city_staff"),
                            json={"parent_id": world.orgs["committee_a"].id})
    assert response.status_code == 422


def test_only_empty_orgs_can_be_deleted(client, world):
    headers = world.headers("county_a_staff")
    assert client.delete(f"/api/v1/orgs/{world.orgs['branch_a1'].id}", headers=headers).status_code == 409
    assert client.delete(f"/api/v1/orgs/{world.orgs['branch_a2'].id}", headers=headers).status_code == 409  # account
    created = client.post("/api/v1/orgs", headers=headers, json={
        "name": "临时支部", "parent_id": world.orgs["committee_a"].id, "level": "branch", "sector": "community"}).json
    assert client.delete(f"/api/v1/orgs/{created['id']}", headers=headers).status_code == 204


def test_create_person_with_the_contract_payload(client, world):
    response = client.post("/api/v1/people", headers=world.headers("secretary_a1"), json={
        "org_id": world.orgs["branch_a1"].id, "name": "新申请人", "status": "applicant", "gender": "female",
        "birth_date": "1999-05-01", "applied_at": "2025-03-01", "status_since": "2025-03-01",
        "committee_member": False})
    assert response.status_code == 201
    body = response.json
    assert body["id"] and body["status"] == "applicant" and body["applied_at"] == "2025-03-01"


def test_id_and_phone_numbers_are_stored_encrypted_and_shown_masked(client, world, app):
    response = client.post("/api/v1/people", headers=world.headers("secretary_a1"), json={
        "org_id": world.orgs["branch_a1"].id, "name": "证件测试", "status": "member", "gender": "male",
        "birth_date": "1985-03-12", "id_card": "450103198503120018", "phone": "13812345678"})
    assert response.status_code == 201
    assert response.json["id_card_masked"] == "450103********0018"
    assert response.json["phone_masked"] == "138****5678"
    assert "13812345678" not in response.get_data(as_text=True)
    with app.app_context():
        row = db.session.execute(db.text("SELECT * FROM people WHERE name = '证件测试'")).mappings().one()
        assert "450103198503120018" not in str(dict(row)) and "13812345678" not in str(dict(row))


def test_duplicate_id_numbers_are_a_conflict(client, world):
    payload = {"org_id": world.orgs["branch_a1"].id, "name": "甲", "status": "member", "id_card": "450103198503120018"}
    assert client.post("/api/v1/people", headers=world.headers("secretary_a1"), json=payload).status_code == 201
    again = client.post("/api/v1/people", headers=world.headers("secretary_a1"), json={**payload, "name": "乙"})
    assert again.status_code == 409 and again.json["error"]["code"] == "duplicate_id_card"


def test_an_id_number_on_a_roster_out_of_scope_is_neither_revealed_nor_refused(client, world):
    card = "450103198503120018"
    payload = {"name": "甲", "status": "member", "id_card": card}
    assert client.post("/api/v1/people", headers=world.headers("secretary_b1"),
                       json={**payload, "org_id": world.orgs["branch_b1"].id}).status_code == 201
    mine = client.post("/api/v1/people", headers=world.headers("secretary_a1"),
                       json={**payload, "org_id": world.orgs["branch_a1"].id})
    assert mine.status_code == 201 and card not in mine.get_data(as_text=True)
    # Within the county's scope both are visible, and a third registration is refused without saying where.
    third = client.post("/api/v1/people", headers=world.headers("city_staff"),
                        json={**payload, "org_id": world.orgs["branch_a2"].id})
    assert third.status_code == 409 and "组织" not in third.json["error"]["message"]


def test_people_list_filters_and_stays_in_scope(client, world):
    headers = world.headers("county_a_staff")
    everyone = client.get("/api/v1/people", headers=headers).json
    assert everyone["total"] == 2
    applicants = client.get("/api/v1/people?status=applicant", headers=headers).json
    assert [p["name"] for p in applicants["items"]] == ["甲一申请人"]
    assert client.get(f"/api/v1/people?org_id={world.orgs['branch_b1'].id}", headers=headers).status_code == 404
    searched = client.get("/api/v1/people?q=申请", headers=world.headers("city_staff")).json
    assert searched["total"] == 2


def test_editing_a_person_of_another_branch_is_not_found(client, world):
    response = client.patch(f"/api/v1/people/{world.people['member_b1'].id}", headers=world.headers("secretary_a1"),
                            json={"name": "改名"})
    assert response.status_code == 404


def test_future_dates_and_bad_enums_are_422_in_chinese(client, world):
    response = client.post("/api/v1/people", headers=world.headers("secretary_a1"), json={
        "org_id": world.orgs["branch_a1"].id, "name": "x", "status": "member", "birth_date": "2099-01-01"})
    assert response.status_code == 422 and "日期不能晚于今天" in str(response.json["error"]["fields"])
    bad_enum = client.post("/api/v1/people", headers=world.headers("secretary_a1"), json={
        "org_id": world.orgs["branch_a1"].id, "name": "x", "status": "king"})
    assert bad_enum.status_code == 422 and "应为以下之一" in str(bad_enum.json["error"]["fields"])


def test_deleting_a_person_removes_them(client, world):
    person = world.people["applicant_a1"].id
    assert client.delete(f"/api/v1/people/{person}", headers=world.headers("secretary_a1")).status_code == 204
    assert client.get(f"/api/v1/people/{person}", headers=world.headers("secretary_a1")).status_code == 404


def test_organizers_and_members_cannot_write(client, world, app):
    from server.models import Account
    from server.services.auth import hash_password, issue_token

    with app.app_context():
        account = Account(username="organizer1", password_hash=hash_password("x" * 10), role="organizer",
                          org_id=world.orgs["committee_a"].id, token_version=1, active=True)
        db.session.add(account)
        db.session.commit()
        token = issue_token(account)
    response = client.post("/api/v1/people", headers={"Authorization": f"Bearer {token}"}, json={
        "org_id": world.orgs["branch_a1"].id, "name": "x", "status": "member"})
    assert response.status_code in (403, 404)
